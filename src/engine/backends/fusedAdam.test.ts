/**
 * The fused Adam step gives the same float32 numbers as tfjs's AdamOptimizer: on wasm against the cpu
 * backend and against tfjs's own multi-kernel Adam on wasm, over several steps with sizes that exercise
 * both the four-wide SIMD loop and its tail; and its state is the parent's (getWeights round-trips).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../train/prng';
import { FusedAdamOptimizer } from './fusedAdam';
import { setNativeKernelsEnabled } from './native/nativeKernels';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

const SHAPES = [[7], [4, 5], [3, 3, 2, 4], [1]];

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterEach(() => setNativeKernelsEnabled(true));

/** Final variable values after `steps` Adam steps on a fixed random quadratic-ish loss. */
async function train(backend: string, makeOptimizer: () => tf.Optimizer, steps = 6): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const random = mulberry32(7);
  const values = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1);
  const vars = SHAPES.map((shape, i) => {
    const initial = tf.tensor(values(shape), shape);
    const variable = tf.variable(initial, true, `w${i}_${backend}_${Math.random()}`);
    initial.dispose();
    return variable;
  });
  const targets = SHAPES.map((shape) => tf.tensor(values(shape), shape));
  const optimizer = makeOptimizer();
  for (let s = 0; s < steps; s++) {
    optimizer.minimize(() => tf.addN(vars.map((v, i) => tf.sum(tf.mul(tf.square(tf.sub(v, targets[i])), 1 + i)))) as tf.Scalar);
  }
  const out = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
  optimizer.dispose();
  tf.dispose([...vars, ...targets]);
  await tf.setBackend('wasm');
  return out;
}

describe('FusedAdamOptimizer', () => {
  it('matches tfjs Adam on cpu and on wasm bit for bit', async () => {
    const fused = await train('wasm', () => new FusedAdamOptimizer(0.01));
    const cpu = await train('cpu', () => tf.train.adam(0.01));
    setNativeKernelsEnabled(false);
    const stock = await train('wasm', () => new FusedAdamOptimizer(0.01));
    setNativeKernelsEnabled(true);
    for (let i = 0; i < SHAPES.length; i++) {
      expect(Array.from(fused[i])).toEqual(Array.from(cpu[i]));
      expect(Array.from(fused[i])).toEqual(Array.from(stock[i]));
    }
    // Training moved the variables (the comparison above is not between untouched values).
    const start = await train('wasm', () => new FusedAdamOptimizer(0.01), 0);
    expect(Array.from(fused[1])).not.toEqual(Array.from(start[1]));
  });

  it('is deterministic and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await train('wasm', () => new FusedAdamOptimizer(0.02));
    const b = await train('wasm', () => new FusedAdamOptimizer(0.02));
    expect(a.map((x) => Array.from(x))).toEqual(b.map((x) => Array.from(x)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the parent state: iterations and moments in getWeights', async () => {
    const w = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]), true, `w_state_${Math.random()}`);
    const optimizer = new FusedAdamOptimizer(0.1);
    for (let s = 0; s < 3; s++) optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    const weights = await optimizer.getWeights();
    expect(weights.map((x) => x.name)).toEqual(['iter', expect.stringMatching(/\/m$/), expect.stringMatching(/\/v$/)]);
    expect((await weights[0].tensor.data())[0]).toBe(3);
    // m after three steps of gradient 2w, in closed form for the first element (w changes a little).
    expect((await weights[1].tensor.data())[0]).toBeGreaterThan(0);
    optimizer.dispose();
    w.dispose();
  });
});
