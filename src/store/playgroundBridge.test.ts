import { describe, expect, it } from 'vitest';
import { getPreset } from '../engine/spec/presets';
import { LIMITS } from '../engine/spec/limits';
import { HOME_EVALUATE_EVERY_BATCHES, homeOverrides, HOME_TEST_LIMIT, sameNetwork, UNTIL_PAUSED_EPOCHS } from './playgroundBridge';

describe('the home view’s runs', () => {
  it('train on every training image, until paused unless switched off', () => {
    expect(UNTIL_PAUSED_EPOCHS).toBe(LIMITS.maxEpochs);
    expect(homeOverrides(true)).toEqual({ epochs: LIMITS.maxEpochs, options: { trainLimit: undefined, validationSplit: 0, testLimit: HOME_TEST_LIMIT, evaluateEveryBatches: HOME_EVALUATE_EVERY_BATCHES } });
    const spread = { trainLimit: 2000, validationSplit: 0.1, testLimit: 500, ...homeOverrides(true).options };
    expect(spread.trainLimit).toBeUndefined();
    expect(homeOverrides(false).epochs).toBeUndefined();
  });

  it('count a network as the same whatever its epochs and name, and as another for any other change', () => {
    const spec = getPreset('fashion-cnn')!.spec;
    const longer = structuredClone(spec);
    longer.training.epochs = UNTIL_PAUSED_EPOCHS;
    longer.name = 'renamed';
    expect(sameNetwork(spec, longer)).toBe(true);
    const wider = structuredClone(spec);
    if (wider.layers[0].type === 'conv2d') wider.layers[0].filters = 33;
    expect(sameNetwork(spec, wider)).toBe(false);
    const faster = structuredClone(spec);
    faster.training.learningRate = 0.01;
    expect(sameNetwork(spec, faster)).toBe(false);
  });
});
