/* eslint-disable @typescript-eslint/no-explicit-any -- the tests tamper with parsed JSON of any shape */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { buildModel } from '../spec/build';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { exportModelFiles, type ModelMetadata, modelFromWeights, parseModelFiles } from './modelFiles';
import { MemoryLibraryStore, ModelLibrary, uniqueName } from './modelLibrary';

let images: tf.Tensor4D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const mnist = await loadDatasetFromDisk('mnist');
  images = tf.tensor4d(Float32Array.from(mnist.test.images.subarray(0, 8 * 784), (v) => v / 255), [8, 28, 28, 1]);
});

/** A spec with every kind of stored weight: conv kernels and biases, batch-norm statistics, dense. */
function mixedSpec(): ModelSpec {
  const spec = getPreset('tiny')!.spec;
  spec.layers.splice(1, 0, { type: 'batchNorm' });
  spec.layers.splice(4, 0, { type: 'dropout', rate: 0.25 });
  return spec;
}

const metadata = (spec: ModelSpec): ModelMetadata => ({ name: 'mixed', savedAt: '2026-01-01T00:00:00.000Z', dataset: 'mnist', spec, epochs: 3, testAccuracy: 0.5 });

async function predict(model: tf.LayersModel): Promise<number[]> {
  const out = tf.tidy(() => model.apply(images, { training: false }) as tf.Tensor);
  const values = Array.from(await out.data());
  out.dispose();
  return values;
}

describe('model files', () => {
  it('round-trips conv, batch-norm statistics and dense weights exactly', async () => {
    const spec = mixedSpec();
    const model = buildModel(spec);
    // Give the batch-norm layer non-default statistics, as training would.
    const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    bn.setWeights(bn.getWeights().map((w, i) => tf.fill(w.shape, 0.3 + i * 0.2)));
    const files = await exportModelFiles(model, metadata(spec));
    const parsed = parseModelFiles(files);
    expect(parsed.metadata).toEqual(metadata(spec));
    const copy = modelFromWeights(parsed.metadata.spec, parsed.weightSpecs, parsed.weights);
    expect(await predict(copy)).toEqual(await predict(model));
    model.dispose();
    copy.dispose();
  });

  it('refuses weights that belong to another network', async () => {
    const model = buildModel(mixedSpec());
    const files = await exportModelFiles(model, metadata(mixedSpec()));
    const parsed = parseModelFiles(files);
    const other = getPreset('tiny')!.spec;
    expect(() => modelFromWeights(other, parsed.weightSpecs, parsed.weights)).toThrow(/has 8 weight tensors but the spec's network needs 4/);
    const wider = mixedSpec();
    (wider.layers[0] as { filters: number }).filters = 9;
    expect(() => modelFromWeights(wider, parsed.weightSpecs, parsed.weights)).toThrow(/has shape \[3, 3, 1, 8\] but the network needs \[3, 3, 1, 9\]/);
    model.dispose();
  });

  it('refuses a stored spec that is not valid', async () => {
    const model = buildModel(mixedSpec());
    const files = await exportModelFiles(model, metadata(mixedSpec()));
    const json = JSON.parse(files.modelJson);
    json.userDefinedMetadata.cnnPlayground.spec.layers[0].kernelSize = [0, 3];
    expect(() => parseModelFiles({ modelJson: JSON.stringify(json), weights: files.weights })).toThrow(/The spec stored in model.json is not valid/);
    model.dispose();
  });
});

describe('model library (in memory, as in Node)', () => {
  it('keeps a snapshot: training after saving does not change the saved weights', async () => {
    const library = new ModelLibrary(new MemoryLibraryStore());
    const spec = mixedSpec();
    const model = buildModel(spec);
    const before = await predict(model);
    const info = await library.save(model, metadata(spec));
    model.layers[0].setWeights(model.layers[0].getWeights().map((w) => tf.zerosLike(w)));
    const { model: loaded } = await library.load(info.key);
    expect(await predict(loaded)).toEqual(before);
    await expect(library.save(model, { ...metadata(spec), name: '  ' })).rejects.toThrow(/Give the model a name/);
    await library.remove(info.key);
    await expect(library.remove(info.key)).rejects.toThrow(/may already be deleted/);
    model.dispose();
    loaded.dispose();
  });
});

const DEEP = '<20,000 nested lists>';

/** A real saved model's files with `edit` applied to its parsed model.json (and optionally its weights). */
async function tampered(edit: (json: Record<string, any>, weights: Float32Array) => void): Promise<{ modelJson: string; weights: ArrayBuffer }> {
  const spec = getPreset('tiny')!.spec;
  const model = buildModel(spec);
  const files = await exportModelFiles(model, {
    ...metadata(spec),
    history: [{ epoch: 0, loss: 1, accuracy: 0.5, valLoss: NaN, valAccuracy: NaN, seconds: 2 }],
  });
  model.dispose();
  const json = JSON.parse(files.modelJson);
  const weights = new Float32Array(files.weights.slice(0));
  edit(json, weights);
  const modelJson = JSON.stringify(json).replace(JSON.stringify(DEEP), '['.repeat(20_000) + ']'.repeat(20_000));
  return { modelJson, weights: weights.buffer };
}

describe('hostile model files', () => {
  it('keeps a saved NaN metric (JSON null) as NaN', async () => {
    const parsed = parseModelFiles(await tampered(() => undefined));
    expect(parsed.metadata.history).toEqual([{ epoch: 0, loss: 1, accuracy: 0.5, valLoss: NaN, valAccuracy: NaN, seconds: 2 }]);
  });

  it.each([
    ['a null history entry', (j: any) => (j.userDefinedMetadata.cnnPlayground.history = [null]), /history\[0\] is null where an object was expected/],
    ['a history entry with a text epoch', (j: any) => (j.userDefinedMetadata.cnnPlayground.history[0].epoch = 'one'), /history\[0\]\.epoch is text where a number was expected/],
    [
      'a 20,000-deep nested history',
      // Too deep for JSON.stringify, so spliced into the text by tampered().
      (j: any) => (j.userDefinedMetadata.cnnPlayground.history = DEEP),
      /history\[0\] is a list where an object was expected/,
    ],
    ['an endless history', (j: any) => (j.userDefinedMetadata.cnnPlayground.history = Array.from({ length: 5000 }, (_, epoch) => ({ epoch, loss: 1, accuracy: 1, valLoss: 1, valAccuracy: 1, seconds: 1 }))), /history has more than 1000 epochs/],
    ['a text test accuracy', (j: any) => (j.userDefinedMetadata.cnnPlayground.testAccuracy = '99 %'), /testAccuracy is text where a number was expected/],
    ['a name of 40 KB', (j: any) => (j.userDefinedMetadata.cnnPlayground.name = 'x'.repeat(40_000)), /name is longer than 200 characters/],
    ['an unknown dataset', (j: any) => (j.userDefinedMetadata.cnnPlayground.dataset = 'cifar'), /dataset is text where a dataset name \(mnist, fashion-mnist, cifar-10, some of their classes/],
    ['a negative shape', (j: any) => (j.weightsManifest[0].weights[0].shape = [-3, 3, 1, 8]), /weightsManifest\[0\]\.weights\[0\]\.shape\[0\] is the number -3/],
    ['a string dtype', (j: any) => (j.weightsManifest[0].weights[0].dtype = 'string'), /weightsManifest\[0\]\.weights\[0\]\.dtype is text/],
    ['a null weights group', (j: any) => (j.weightsManifest = [null]), /weightsManifest\[0\] is null where an object was expected/],
  ])('refuses %s, naming the field', async (_, edit, message) => {
    const files = await tampered(edit);
    expect(() => parseModelFiles(files)).toThrow(message);
    expect(() => parseModelFiles(files)).toThrow(/^model.json is damaged: /);
  });

  it('refuses a repeated weight name without leaking a tensor', async () => {
    const files = await tampered((j) => {
      const [first, second] = j.weightsManifest[0].weights;
      second.name = first.name;
    });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) expect(() => parseModelFiles(files)).toThrow(/lists the weight "conv2d_1\/kernel" twice|lists the weight ".*" twice/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['NaN', NaN],
    ['+Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('refuses weights holding %s, naming the weight, and leaks nothing', async (_, bad) => {
    const files = await tampered((_j, w) => (w[w.length - 1] = bad));
    const parsed = parseModelFiles(files);
    const before = tf.memory().numTensors;
    expect(() => modelFromWeights(parsed.metadata.spec, parsed.weightSpecs, parsed.weights)).toThrow(/Weight \S+ holds NaN or infinite values/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('model library: names and clean-up', () => {
  it('keeps same-name saves apart: "name", "name (2)", "name (3)"', async () => {
    expect(uniqueName('a', ['b'])).toBe('a');
    expect(uniqueName('a', ['a', 'a (2)'])).toBe('a (3)');
    const library = new ModelLibrary(new MemoryLibraryStore());
    const spec = getPreset('tiny')!.spec;
    const model = buildModel(spec);
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push((await library.save(model, { ...metadata(spec), name: ' same ' })).name);
    expect(names).toEqual(['same', 'same (2)', 'same (3)']);
    expect((await library.list()).map((m) => m.name).sort()).toEqual(['same', 'same (2)', 'same (3)']);
    model.dispose();
  });

  it('removes weights left without an entry before the first listing, and only those', async () => {
    const store = new MemoryLibraryStore();
    const library = new ModelLibrary(store);
    const spec = getPreset('tiny')!.spec;
    const model = buildModel(spec);
    const kept = await library.save(model, metadata(spec));
    store.leaveOrphan('cut-short', { weightSpecs: [], weights: new ArrayBuffer(8) });
    expect(store.storedKeys.sort()).toEqual([kept.key, 'cut-short'].sort());
    expect((await library.list()).map((m) => m.key)).toEqual([kept.key]);
    expect(store.storedKeys).toEqual([kept.key]);
    (await library.load(kept.key)).model.dispose();
    model.dispose();
  });
});

