/**
 * End to end: a small conv net (stride 1 and 2, same and valid padding, max pooling, dense head)
 * trains on real MNIST images on the wasm backend with the training kernels registered, and its
 * loss follows the cpu backend's step for step.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { buildModel } from '../spec/build';
import { SPEC_VERSION, type ModelSpec } from '../spec/types';
import { crossEntropyPerExample } from '../train/objective';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

const BATCH = 32;

const spec: ModelSpec = {
  version: SPEC_VERSION,
  name: 'wasm training check',
  inputShape: [28, 28, 1],
  numClasses: 10,
  layers: [
    {
      type: 'conv2d',
      filters: 8,
      kernelSize: [3, 3],
      strides: [1, 1],
      padding: 'same',
      activation: 'relu',
      useBias: true,
      kernelInitializer: 'heNormal',
    },
    { type: 'maxPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
    {
      type: 'conv2d',
      filters: 12,
      kernelSize: [3, 2],
      strides: [2, 2],
      padding: 'valid',
      activation: 'relu',
      useBias: true,
      kernelInitializer: 'heNormal',
    },
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' },
  ],
  training: { optimizer: 'sgd', learningRate: 0.1, batchSize: BATCH, epochs: 1, seed: 5, l2: 0 },
};

let pixels: Float32Array;
let labels: Int32Array;

beforeAll(async () => {
  // Registered after the backend is up: the other order is covered by the kernel tests.
  expect(await tf.setBackend('wasm')).toBe(true);
  registerWasmTrainingKernels();
  const mnist = await loadDatasetFromDisk('mnist');
  const count = 8 * BATCH;
  pixels = Float32Array.from(mnist.train.images.subarray(0, count * 784), (v) => v / 255);
  labels = Int32Array.from(mnist.train.labels.subarray(0, count));
});

/** Batch i (cycling) of the resident subset. */
function batch(i: number): { xs: tf.Tensor4D; ys: tf.Tensor1D } {
  const start = (i % (labels.length / BATCH)) * BATCH;
  return {
    xs: tf.tensor4d(pixels.subarray(start * 784, (start + BATCH) * 784), [BATCH, 28, 28, 1]),
    ys: tf.tensor1d(labels.subarray(start, start + BATCH), 'int32'),
  };
}

/** Trains `steps` steps of `optimizer` on `backend`; returns the loss of every step. */
async function train(backend: string, steps: number, optimizer: tf.Optimizer): Promise<number[]> {
  await tf.setBackend(backend);
  const model = buildModel(spec);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const { xs, ys } = batch(i);
    const cost = optimizer.minimize(() => {
      const out = model.apply(xs, { training: true }) as tf.Tensor;
      return tf.mean(crossEntropyPerExample(out, ys, 10, true)) as tf.Scalar;
    }, true);
    losses.push((await cost!.data())[0]);
    tf.dispose([cost!, xs, ys]);
  }
  optimizer.dispose();
  model.dispose();
  return losses;
}

describe('training a conv net on the wasm backend', () => {
  it('follows the cpu backend step for step (same seed, plain SGD)', async () => {
    const onCpu = await train('cpu', 4, tf.train.sgd(0.1));
    const onWasm = await train('wasm', 4, tf.train.sgd(0.1));
    expect(onWasm.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < onCpu.length; i++)
      expect(Math.abs(onWasm[i] - onCpu[i]) / onCpu[i], `step ${i}`).toBeLessThan(1e-3);
    // The steps really changed the weights (the losses differ from the first).
    expect(new Set(onWasm.map((l) => l.toFixed(4))).size).toBeGreaterThan(1);
  });

  it('brings the loss down with Adam and keeps tensor and heap counts flat', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const model = buildModel(spec);
    const optimizer = tf.train.adam(0.01);
    const step = (i: number) => {
      const { xs, ys } = batch(i);
      const cost = optimizer.minimize(() => {
        const out = model.apply(xs, { training: true }) as tf.Tensor;
        return tf.mean(crossEntropyPerExample(out, ys, 10, true)) as tf.Scalar;
      }, true)!;
      tf.dispose([xs, ys]);
      return cost;
    };
    const first = step(0);
    const initialLoss = (await first.data())[0];
    first.dispose();
    tf.dispose(step(1)); // Adam creates its slots on the first steps
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    let loss = Infinity;
    for (let i = 2; i < 40; i++) {
      const cost = step(i);
      if (i >= 32) loss = Math.min(loss, (await cost.data())[0]);
      cost.dispose();
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    expect(initialLoss).toBeGreaterThan(1.5);
    expect(loss).toBeLessThan(0.6 * initialLoss);
    optimizer.dispose();
    model.dispose();
  });
});
