import { afterAll, describe, expect, it } from 'vitest';
import { getPreset } from '../spec/presets';
import { hasErrors, validateSpec } from '../spec/validate';
import type { DatasetName } from '../spec/types';
import { registerCustomDataset, unregisterCustomDataset } from './customRegistry';
import { fitSpecToDataset } from './fitSpec';

// A learner's datasets, known by name as the page and the worker register them.
const THREE: DatasetName = 'custom:fit-three';
const COLOUR: DatasetName = 'custom:fit-colour';
registerCustomDataset({ name: THREE, title: 'Three', classNames: ['a', 'b', 'c'], height: 28, width: 28, channels: 1 });
registerCustomDataset({ name: COLOUR, title: 'Colour', classNames: Array.from({ length: 10 }, (_, i) => `c${i}`), height: 32, width: 32, channels: 3 });
afterAll(() => [THREE, COLOUR].forEach(unregisterCustomDataset));

describe('fitting a network to a dataset by its name', () => {
  it("a learner's dataset: one output unit per class and the batch at most the training images", () => {
    const spec = getPreset('tiny')!.spec;
    const { spec: fitted, changes } = fitSpecToDataset(spec, THREE, { trainCount: 12 });
    expect(fitted.numClasses).toBe(3);
    const last = fitted.layers[fitted.layers.length - 1];
    expect(last.type === 'dense' && last.units).toBe(3);
    expect(fitted.training.batchSize).toBe(Math.min(spec.training.batchSize, 12));
    expect(changes).toEqual([`output layer: 10 → 3 units`, `batch: ${spec.training.batchSize} → 12 (the training images there are)`]);
    expect(hasErrors(validateSpec(fitted))).toBe(false);
    // The spec given is left as it was.
    expect([spec.numClasses, spec.training.batchSize]).toEqual([10, 64]);
  });

  it('changes nothing, and says nothing, for a network that already fits', () => {
    const spec = getPreset('tiny')!.spec;
    const fitted = fitSpecToDataset(spec, 'mnist', { trainCount: 1000 });
    expect(fitted.changes).toEqual([]);
    expect(fitted.spec).toBe(spec);
  });

  it('takes the image shape of an RGB dataset and names the change', () => {
    const spec = getPreset('tiny')!.spec;
    const { spec: fitted, changes } = fitSpecToDataset(spec, COLOUR);
    expect(fitted.inputShape).toEqual([32, 32, 3]);
    expect(changes).toEqual(['input: 28×28×1 → 32×32×3']);
    expect(fitted.layers).toBe(spec.layers);
  });

  it('keeps the batch of a built-in dataset when no training count is given, and keeps a head that is not the classes', () => {
    const spec = { ...getPreset('tiny')!.spec, training: { ...getPreset('tiny')!.spec.training, batchSize: 1024 } };
    expect(fitSpecToDataset(spec, 'mnist:3,5').spec.training.batchSize).toBe(1024);
    const headless = { ...spec, layers: spec.layers.slice(0, -1) };
    const { spec: fitted, changes } = fitSpecToDataset(headless, 'mnist:3,5');
    expect(fitted.numClasses).toBe(2);
    expect(fitted.layers).toEqual(headless.layers);
    expect(changes).toEqual(['classes: 10 → 2']);
  });
});
