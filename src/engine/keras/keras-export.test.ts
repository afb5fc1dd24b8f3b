import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../node/kerasFixtures';
import { buildModel } from '../spec/build';
import { getPreset } from '../spec/presets';
import { ModelFileError } from '../storage/modelFiles';
import { exportKerasFile } from './keras-export';
import { readKerasFile } from './keras-file';
import { modelFromKerasWeights } from './keras-weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('writing .keras files', () => {
  it('writes what it reads back: the same spec layers and bit-identical weights (a Keras-made model, re-exported)', async () => {
    const read = await readKerasFile(fixtureBytes('mnist_bn_dropout_avgpool.keras'), 'mnist_bn_dropout_avgpool.keras');
    const model = modelFromKerasWeights(read.spec, read.layers, read.weights);
    const bytes = await exportKerasFile(read.spec, model);
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    const back = await readKerasFile(bytes, 'again.keras');
    expect(back.spec.layers).toEqual(read.spec.layers);
    const again = modelFromKerasWeights(back.spec, back.layers, back.weights);
    const a = model.getWeights().map((w) => Array.from(w.dataSync()));
    const b = again.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b).toEqual(a);
    model.dispose();
    again.dispose();
  });

  it('refuses a bare .keras file for a network with LRN, pointing to the Python project', async () => {
    const spec = getPreset('tfann-cnnc')!.spec;
    const model = buildModel(spec);
    await expect(exportKerasFile(spec, model)).rejects.toThrow(ModelFileError);
    await expect(exportKerasFile(spec, model)).rejects.toThrow(/Download it for Python instead: the project includes lrn_layer\.py/);
    model.dispose();
  });
});
