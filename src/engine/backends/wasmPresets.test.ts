/**
 * What the presets need from the wasm backend beyond the kernels registered here: its own
 * LRN / LRNGrad (TFANN) and AvgPoolGrad (LeNet-5) agree with cpu, and every preset takes
 * training steps on wasm with a finite, falling loss on real images.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { inputShapeOf } from '../data/datasets';
import { buildModel } from '../spec/build';
import { PRESETS } from '../spec/presets';
import { softmaxHead, trainingForward } from '../train/objective';
import { mulberry32 } from '../train/prng';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

async function onBackend(backend: string, run: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const out = run();
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

describe("the wasm backend's own gradient kernels the presets use", () => {
  const random = mulberry32(11);
  const values = (n: number) => Float32Array.from({ length: n }, () => random() * 2 - 1);

  it('LRN and its gradient (TFANN) match cpu', async () => {
    const shape: [number, number, number, number] = [2, 5, 5, 12];
    const xv = values(2 * 5 * 5 * 12);
    const dyv = values(xv.length);
    const lrnGrad = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, shape);
        const f = (t: tf.Tensor) => tf.localResponseNormalization(t as tf.Tensor4D, 4, 1, 0.001 / 9, 0.75);
        return tf.grad(f)(x, tf.tensor4d(dyv, shape));
      });
    const forward = () =>
      tf.tidy(() => tf.localResponseNormalization(tf.tensor4d(xv, shape), 4, 1, 0.001 / 9, 0.75));
    expect(relativeError(await onBackend('wasm', forward), await onBackend('cpu', forward))).toBeLessThan(
      1e-4,
    );
    expect(relativeError(await onBackend('wasm', lrnGrad), await onBackend('cpu', lrnGrad))).toBeLessThan(
      1e-4,
    );
  });

  it('AvgPoolGrad (LeNet-5) matches cpu', async () => {
    const shape: [number, number, number, number] = [2, 9, 9, 4];
    const xv = values(2 * 9 * 9 * 4);
    const run = () =>
      tf.tidy(() =>
        tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(t as tf.Tensor4D, 2, 2, 'valid'), 3)))(
          tf.tensor4d(xv, shape),
        ),
      );
    expect(relativeError(await onBackend('wasm', run), await onBackend('cpu', run))).toBeLessThan(1e-4);
  });
});

describe('every preset trains on wasm', () => {
  it.each(PRESETS.map((p) => p.id))('%s: loss finite and falling over 6 steps on one batch', async (id) => {
    await tf.setBackend('wasm');
    const preset = PRESETS.find((p) => p.id === id)!;
    const data = await loadDatasetFromDisk(preset.dataset);
    const batch = 16;
    const [height, width, channels] = inputShapeOf(preset.dataset);
    const xs = tf.tensor4d(
      Float32Array.from(data.train.images.subarray(0, batch * height * width * channels), (v) => v / 255),
      [batch, height, width, channels],
    );
    const ys = tf.tensor1d(Int32Array.from(data.train.labels.subarray(0, batch)), 'int32');
    const model = buildModel(preset.spec);
    // The same optimiser for every preset: the point is the kernels, not each preset's schedule.
    const optimizer = tf.train.adam(0.001);
    const head = softmaxHead(preset.spec);
    const weightsBefore = await model.getWeights()[0].data();
    const losses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // The loss the training loop minimises (from the logits behind a softmax head).
      const cost = optimizer.minimize(
        () => tf.mean(trainingForward(model, head, xs, ys, preset.spec.numClasses, true).crossEntropy) as tf.Scalar,
        true,
      )!;
      losses.push((await cost.data())[0]);
      cost.dispose();
    }
    expect(losses.every(Number.isFinite), losses.join()).toBe(true);
    const weightsAfter = await model.getWeights()[0].data();
    expect(weightsAfter.some((w, k) => w !== weightsBefore[k])).toBe(true);
    expect(Math.min(...losses.slice(1)), losses.join()).toBeLessThan(losses[0]);
    tf.dispose([xs, ys]);
    optimizer.dispose();
    model.dispose();
  });
});
