/**
 * Relu's one-pass gradient on wasm is bit for bit tfjs's mul(dy, cast(step(x))), including the edge
 * cases (±0, ±Infinity, NaN in x or dy), over sizes that exercise the four-wide loop and its tail; and
 * tf.grad through a relu takes it on wasm and matches the cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../train/prng';
import { setNativeKernelsEnabled } from './native/nativeKernels';
import { RELU_GRAD } from './reluGrad';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterEach(async () => {
  setNativeKernelsEnabled(true);
  await tf.setBackend('wasm');
});

const SPECIAL = [0, -0, 1e-30, -1e-30, Infinity, -Infinity, NaN, 3.5, -2];

function values(n: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n }, (_, i) => (i < SPECIAL.length ? SPECIAL[i] : random() * 4 - 2));
}

/** Bit patterns, so that NaN equals NaN and −0 differs from 0. */
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('Relu gradient on wasm', () => {
  it.each([1, 3, 4, 9, 17, 1000])('equals tfjs composition bit for bit, %i values', async (n) => {
    const x = tf.tensor1d(values(n, n));
    // dy holds the special values shifted by one, so that Infinity and NaN meet every kind of x.
    const dy = tf.tensor1d(Float32Array.from(values(n + 1, 99).subarray(1)));
    const fused = tf.engine().runKernel(RELU_GRAD, { x, dy }) as tf.Tensor;
    const composed = tf.mul(dy, tf.cast(tf.step(x), 'float32'));
    expect(bits((await fused.data()) as Float32Array)).toEqual(bits((await composed.data()) as Float32Array));
    tf.dispose([x, dy, fused, composed]);
  });

  it('is what tf.grad uses through a relu, and matches the cpu backend', async () => {
    const n = 37;
    const gradOn = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tensor2d(values(n, 5), [1, n]);
      const w = tf.tensor2d(values(n, 6).map((v) => (Number.isFinite(v) ? v : 1)), [1, n]);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), w)))(x);
      const out = (await g.data()) as Float32Array;
      tf.dispose([x, w, g]);
      return out;
    };
    const before = tf.memory().numTensors;
    const profile = await tf.profile(async () => {
      const x = tf.tensor1d(values(8, 1));
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(x);
      tf.dispose([x, g]);
    });
    expect(profile.kernelNames).toContain(RELU_GRAD);
    expect(profile.kernelNames).not.toContain('Step');
    expect(bits(await gradOn('wasm'))).toEqual(bits(await gradOn('cpu')));
    await tf.setBackend('wasm');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('falls back to the composition when the native kernels are off', async () => {
    setNativeKernelsEnabled(false);
    const profile = await tf.profile(async () => {
      const x = tf.tensor1d(values(8, 2));
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(x);
      tf.dispose([x, g]);
    });
    expect(profile.kernelNames).not.toContain(RELU_GRAD);
    expect(profile.kernelNames).toContain('Step');
  });
});
