import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { buildModel } from '../spec/build';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { exportModelFiles, type ModelMetadata, modelFromWeights, parseModelFiles } from './modelFiles';
import { MemoryMetadataStore, MemoryWeightStore, ModelLibrary } from './modelLibrary';

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
    const library = new ModelLibrary(new MemoryWeightStore(), new MemoryMetadataStore());
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
