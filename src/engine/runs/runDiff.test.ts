import { describe, expect, it } from 'vitest';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { describeLayer, describeRunChanges, formatNumber, runChangesLine, type RunSetupForDiff } from './runDiff';

function tiny(): ModelSpec {
  return structuredClone(getPreset('tiny')!.spec);
}

function setup(spec: ModelSpec = tiny(), extra: Partial<RunSetupForDiff> = {}): RunSetupForDiff {
  return { spec, dataset: 'mnist', options: { trainLimit: 2000, validationSplit: 0, testLimit: 1000 }, backend: 'webgpu', ...extra };
}

describe('describeRunChanges', () => {
  it('says nothing changed for equal setups', () => {
    expect(describeRunChanges(setup(), setup())).toEqual([]);
    expect(runChangesLine(setup(), setup())).toBe('same settings');
  });

  it('names a stride change with its layer, numbered from 1', () => {
    const next = tiny();
    const conv = next.layers.findIndex((l) => l.type === 'conv2d');
    const layer = next.layers[conv];
    if (layer.type !== 'conv2d') throw new Error('the tiny preset has a conv layer');
    layer.strides = [2, 2];
    expect(describeRunChanges(setup(), setup(next))).toEqual([`stride 1 → 2 in layer ${conv + 1}`]);
  });

  it('names the learning rate as lr, and the dataset by its title', () => {
    const next = tiny();
    next.training.learningRate = 0.01;
    const before = tiny();
    before.training.learningRate = 0.001;
    expect(describeRunChanges(setup(before), setup(next, { dataset: 'fashion-mnist' }))).toEqual([
      'dataset MNIST → Fashion-MNIST',
      'lr 0.001 → 0.01',
    ]);
  });

  it('reads an inserted layer as one addition, not as every later layer changing', () => {
    const before = tiny();
    const next = tiny();
    next.layers.splice(3, 0, { type: 'dropout', rate: 0.25 });
    expect(describeRunChanges(setup(before), setup(next))).toEqual(['added Dropout 0.25 after layer 3']);
    expect(describeRunChanges(setup(next), setup(before))).toEqual(['removed Dropout 0.25 (layer 4)']);
  });

  it('reports a layer added at the start, and changes of a later layer under its new number', () => {
    const before = tiny();
    const next = tiny();
    next.layers.unshift({ type: 'batchNorm' });
    const last = next.layers[next.layers.length - 1];
    if (last.type !== 'dense') throw new Error('the tiny preset ends in a dense layer');
    last.activation = 'linear';
    expect(describeRunChanges(setup(before), setup(next))).toEqual([
      'added BatchNorm at the start',
      `activation softmax → linear in layer ${next.layers.length}`,
    ]);
  });

  it('names oblong pairs, booleans, seeds, limits, epochs "until paused" and the backend', () => {
    const before = tiny();
    const next = tiny();
    const conv = next.layers.find((l) => l.type === 'conv2d');
    if (conv?.type !== 'conv2d') throw new Error('conv expected');
    conv.kernelSize = [5, 3];
    conv.useBias = false;
    next.training.seed = 7;
    next.training.epochs = 1000;
    const changes = describeRunChanges(
      setup(before),
      setup(next, { options: { trainLimit: undefined, validationSplit: 0.1, testLimit: 1000 }, backend: 'wasm' }),
    );
    expect(changes).toEqual([
      'kernel 3×3 → 5×3 in layer 1',
      'bias on → off in layer 1',
      `epochs ${before.training.epochs} → until paused`,
      'seed 42 → 7',
      'training images 2,000 → all',
      'validation split 0 → 0.1',
      'backend webgpu → wasm',
    ]);
  });
});

describe('describeLayer and formatNumber', () => {
  it('describe layers in a few words', () => {
    expect(describeLayer({ type: 'dense', units: 64, activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform' })).toBe('Dense 64');
    expect(describeLayer({ type: 'maxPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' })).toBe('MaxPool 2×2');
  });
  it('formats numbers as a person writes them', () => {
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(0.00001)).toBe('1e-5');
    expect(formatNumber(60000)).toBe('60,000');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });
});
