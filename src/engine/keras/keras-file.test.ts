/**
 * The Keras import against real files made by Keras 3.15 (../shared/fixtures/keras/): every layer's
 * class, output shape and parameter count, and the softmax outputs on the first 32 test images, as
 * Keras itself computed them (expected.json).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { fixtureBytes, KERAS_FIXTURES, readExpected } from '../node/kerasFixtures';
import { KERAS_CLASS } from '../spec/shapes';
import { ModelFileError } from '../storage/modelFiles';
import { datasetHint, readKerasFile } from './keras-file';
import { modelFromKerasWeights } from './keras-weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const expected = readExpected();
const cases = KERAS_FIXTURES.flatMap((name) => (['keras', 'h5'] as const).map((ext) => ({ name, ext, file: `${name}.${ext}` })));

describe('opening real Keras files', () => {
  it.each(cases)('$file: layers, output shapes and parameters equal Keras', async ({ name, ext, file }) => {
    const want = expected[name];
    const read = await readKerasFile(fixtureBytes(file), file);
    expect(read.format).toBe(ext);
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(read.spec.name).toBe(name);
    expect(read.spec.training).toMatchObject({ optimizer: 'adam', learningRate: 0.001 });
    const model = modelFromKerasWeights(read.spec, read.layers, read.weights);
    try {
      expect(model.countParams()).toBe(want.params);
      expect(
        model.layers.map((layer, i) => ({
          name: read.layers[i].name,
          class: KERAS_CLASS[read.spec.layers[i].type] === 'Activation' ? read.layers[i].className : KERAS_CLASS[read.spec.layers[i].type],
          outputShape: (layer.outputShape as number[]).slice(1),
          params: layer.countParams(),
        })),
      ).toEqual(want.layers);
    } finally {
      model.dispose();
    }
  });

  it.each(cases)('$file: softmax on the first 32 test images within 1e-4 of Keras', async ({ name, file }) => {
    const want = expected[name];
    const read = await readKerasFile(fixtureBytes(file), file);
    const model = modelFromKerasWeights(read.spec, read.layers, read.weights);
    const test = (await loadDatasetFromDisk(want.dataset)).test;
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from(test.images.subarray(0, 32 * 784), (v) => v / 255), [32, 28, 28, 1]);
      return (model.predict(x) as tf.Tensor).arraySync() as number[][];
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    let worst = 0;
    got.forEach((row, i) => row.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - want.first32Softmax[i][k])))));
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('tells the dataset a file name points to', () => {
    expect(datasetHint('fashion_cnn_seed001.keras')).toBe('fashion-mnist');
    expect(datasetHint('mnist_bn.h5')).toBe('mnist');
    expect(datasetHint('model.keras')).toBeUndefined();
  });

  it('names an unsupported layer with the fix, as the JSON import does', async () => {
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
    const entries = unzipSync(fixtureBytes('fashion_cnn_seed001.keras'));
    const config = JSON.parse(strFromU8(entries['config.json'])) as { config: { layers: { class_name: string }[] } };
    config.config.layers[3].class_name = 'SeparableConv2D';
    entries['config.json'] = strToU8(JSON.stringify(config));
    const error = await readKerasFile(zipSync(entries), 'edited.keras').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toMatch(/Keras layer 4 \(SeparableConv2D 'conv2d_1'\) has no playground equivalent.*Fix: Replace it with one of the Keras layers Conv2D/s);
  });

  it('refuses files that are not Keras models, saying what to do', async () => {
    await expect(readKerasFile(new TextEncoder().encode('hello'), 'notes.keras')).rejects.toThrow(ModelFileError);
    await expect(readKerasFile(new TextEncoder().encode('hello'), 'notes.keras')).rejects.toThrow(/model\.save/);
    // A zip without config.json.
    const { zipSync, strToU8 } = await import('fflate');
    await expect(readKerasFile(zipSync({ 'a.txt': strToU8('x') }), 'a.keras')).rejects.toThrow(/no config\.json/);
  });
});
