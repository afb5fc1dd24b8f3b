/**
 * The native bias addition on wasm gives tfjs's own Add results bit for bit (it is the same float32
 * addition per element), over widths that exercise the four-wide loop and its tail, and leaves every
 * other Add to the backend's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../train/prng';
import { isBiasShape } from './biasAdd';
import { setNativeKernelsEnabled } from './native/nativeKernels';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterEach(() => setNativeKernelsEnabled(true));

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

function random(shape: number[], seed: number): tf.Tensor {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => (r() - 0.5) * 1e3), shape);
}

async function addBits(a: tf.Tensor, b: tf.Tensor, native: boolean): Promise<number[]> {
  setNativeKernelsEnabled(native);
  const out = tf.add(a, b);
  const values = bits((await out.data()) as Float32Array);
  out.dispose();
  return values;
}

describe('bias Add on wasm', () => {
  it.each([
    [[2, 3, 5, 7], [7]],
    [[4, 8], [8]],
    [[1, 3], [3]],
    [[3, 2, 2, 37], [37]],
    // Not bias shapes: the backend's own broadcasting, with or without the native kernels.
    [[5], [5]],
    [[2, 3], [2, 1]],
    [[3], [2, 3]],
  ])('%j + %j equals the backend kernel bit for bit', async (aShape, bShape) => {
    const a = random(aShape, 1);
    const b = random(bShape, 2);
    expect(await addBits(a, b, true)).toEqual(await addBits(a, b, false));
    tf.dispose([a, b]);
  });

  it('takes the native route only for [..., C] + [C]', async () => {
    expect(isBiasShape([4, 8], [8])).toBe(true);
    expect(isBiasShape([8], [8])).toBe(false);
    expect(isBiasShape([4, 8], [4])).toBe(false);
    expect(isBiasShape([4, 8], [1, 8])).toBe(false);
    const a = random([64, 6], 3);
    const b = random([6], 4);
    const before = tf.memory().numTensors;
    const out = tf.add(a, b);
    const expected = tf.tidy(() => {
      setNativeKernelsEnabled(false);
      return tf.add(a, b);
    });
    expect(Array.from(await out.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([out, expected]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
