import { describe, expect, it } from 'vitest';
import { getPreset } from '../../engine/spec/presets';
import { publishedComparison } from './publishedComparison';

describe('publishedComparison', () => {
  it('finds the article figure by preset id, and by identical layers after the preset was edited', () => {
    const fashion = getPreset('fashion-cnn')!;
    const byId = publishedComparison(fashion.spec, 'fashion-mnist', 'fashion-cnn', {
      epochs: 5,
      trainImages: 60000,
      fullTrainCount: 60000,
    });
    expect(byId?.published.accuracy).toBe(0.9162);
    expect(byId?.caveats).toEqual([]);

    const edited = structuredClone(fashion.spec);
    edited.training.epochs = 1;
    const byLayers = publishedComparison(edited, 'fashion-mnist', null, {
      epochs: 1,
      trainImages: 2000,
      fullTrainCount: 60000,
    });
    expect(byLayers?.preset.id).toBe('fashion-cnn');
    expect(byLayers?.caveats).toEqual(['1 epoch here, 5 in the article', '2,000 of 60,000 training images']);
  });

  it('refuses a changed network, another dataset, and presets without a published accuracy', () => {
    const fashion = getPreset('fashion-cnn')!;
    const changed = structuredClone(fashion.spec);
    changed.layers[0] = { ...changed.layers[0], filters: 16 } as (typeof changed.layers)[0];
    expect(publishedComparison(changed, 'fashion-mnist', 'fashion-cnn')).toBeNull();
    expect(publishedComparison(fashion.spec, 'mnist', 'fashion-cnn')).toBeNull();
    expect(publishedComparison(getPreset('tiny')!.spec, 'mnist', 'tiny')).toBeNull();
    expect(publishedComparison(getPreset('mnist-cnn-course')!.spec, 'mnist', 'mnist-cnn-course')).toBeNull();
  });

  it('names optimiser differences', () => {
    const mlp = structuredClone(getPreset('fashion-mlp')!.spec);
    mlp.training.learningRate = 0.01;
    expect(publishedComparison(mlp, 'fashion-mnist', null)?.caveats).toEqual([
      'different optimiser settings (adam 0.01, batch 32)',
    ]);
  });
});
