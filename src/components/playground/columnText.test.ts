import { describe, expect, it } from 'vitest';
import { getPreset } from '../../engine/spec/presets';
import { inferShapes } from '../../engine/spec/shapes';
import { columnBody, columnLink, columnName, columnSettings, formatParams, formatShape, resizable } from './columnText';

describe('column text', () => {
  const spec = getPreset('fashion-cnn')!.spec;
  const shapes = inferShapes(spec);

  it('names every layer of the Fashion-MNIST CNN with its settings and output', () => {
    const lines = spec.layers.map((layer, i) => `${columnName(layer)} | ${columnSettings(layer)} | ${formatShape(shapes.layers[i]?.output ?? null)}`);
    expect(lines).toEqual([
      'Conv 3×3 | 32 filters · stride 1 · same · relu | 28×28×32',
      'Max pool 2×2 | stride 2 · valid | 14×14×32',
      'Conv 3×3 | 64 filters · stride 1 · same · relu | 14×14×64',
      'Max pool 2×2 | stride 2 · valid | 7×7×64',
      'Flatten |  | 3,136',
      'Dense | 128 units · relu | 128',
      'Dense | 10 units · softmax | 10',
    ]);
  });

  it('draws maps, a strip for the flatten and bars for dense layers; pooling links channel to channel', () => {
    expect(spec.layers.map((layer, i) => columnBody(layer, shapes.layers[i]?.output ?? null))).toEqual(['maps', 'maps', 'maps', 'maps', 'strip', 'bars', 'bars']);
    expect(spec.layers.map(columnLink)).toEqual(['all', 'one', 'all', 'one', 'all', 'all', 'all']);
  });

  it('formats parameters and knows which layers have a size to change', () => {
    expect(formatParams(320)).toBe('320 params');
    expect(formatParams(0)).toBe('no weights');
    expect(formatParams(null)).toBe('');
    expect(resizable(spec.layers[0])).toEqual({ field: 'filters', value: 32, noun: 'filter' });
    expect(resizable(spec.layers[5])).toEqual({ field: 'units', value: 128, noun: 'unit' });
    expect(resizable(spec.layers[1])).toBeNull();
  });
});
