/**
 * Training on wasm is deterministic for a given seed and thread count: the seed Fashion CNN (Adam, so
 * the fused optimiser, native MaxPoolGrad and Sum all take part), built twice from the same spec and
 * trained on the same batches, ends with bit-identical weights. Node runs tfjs-wasm on one thread.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, makeOptimizer } from '../spec/build';
import { getPreset } from '../spec/presets';
import { crossEntropyPerExample, outputIsProbabilities } from '../train/objective';
import { mulberry32 } from '../train/prng';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

async function trainedWeights(): Promise<Float32Array[]> {
  const preset = getPreset('fashion-cnn')!;
  const spec = { ...preset.spec, training: { ...preset.spec.training, batchSize: 16 } };
  const model = buildModel(spec);
  const optimizer = makeOptimizer(spec.training);
  const random = mulberry32(11);
  const probabilities = outputIsProbabilities(spec);
  for (let step = 0; step < 3; step++) {
    const xs = tf.tensor4d(Float32Array.from({ length: 16 * 784 }, () => random()), [16, 28, 28, 1]);
    const labels = tf.tensor1d(Array.from({ length: 16 }, () => Math.floor(random() * 10)), 'int32');
    optimizer.minimize(() => {
      const out = model.apply(xs, { training: true }) as tf.Tensor;
      return tf.mean(crossEntropyPerExample(out, labels, spec.numClasses, probabilities)) as tf.Scalar;
    });
    tf.dispose([xs, labels]);
  }
  const weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
  optimizer.dispose();
  model.dispose();
  return weights;
}

describe('training on wasm', () => {
  it('gives bit-identical weights for the same seed', async () => {
    const a = await trainedWeights();
    const b = await trainedWeights();
    expect(a.length).toBe(8);
    for (let i = 0; i < a.length; i++) expect(Array.from(a[i])).toEqual(Array.from(b[i]));
  });
});
