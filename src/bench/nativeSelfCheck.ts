/**
 * The native kernels checked where they really run in the browser: on tfjs-wasm's threaded build, whose
 * heap is shared memory (Node's tests see only the unshared one). Each native route is compared, bit for
 * bit, with the JavaScript / multi-kernel route it replaces; returns the names of those that differ.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../engine/backends/fusedAdam';
import { setNativeKernelsEnabled } from '../engine/backends/native/nativeKernels';
import { setSplitRunner, splitRunner } from '../engine/backends/native/nativeSplit';

function both(run: () => tf.Tensor[]): [number[][], number[][]] {
  const out: number[][][] = [];
  for (const on of [true, false]) {
    setNativeKernelsEnabled(on);
    const tensors = run();
    out.push(tensors.map((t) => Array.from(t.dataSync())));
    tf.dispose(tensors);
  }
  setNativeKernelsEnabled(true);
  return [out[0], out[1]];
}

const same = (a: number[][], b: number[][]) => JSON.stringify(a) === JSON.stringify(b);

export function nativeSelfCheck(): string[] {
  const failures: string[] = [];
  const x = tf.tidy(() => tf.floor(tf.randomUniform([4, 12, 10, 6], 0, 3, 'float32', 1)));
  const y = tf.maxPool(x as tf.Tensor4D, [2, 3], [2, 2], 'same');
  const dy = tf.randomUniform(y.shape, -1, 1, 'float32', 2);
  const big = tf.randomUniform([32, 9, 9, 10], -1, 1, 'float32', 3);
  const xs = tf.randomUniform([8, 9, 9, 6], 0, 1, 'float32', 4);
  const dys = tf.randomUniform([8, 9, 9, 5], -1, 1, 'float32', 5);
  const xs1 = tf.randomUniform([4, 13, 11, 1], 0, 1, 'float32', 7);
  const dys1 = tf.randomUniform([4, 13, 11, 37], -1, 1, 'float32', 8);
  try {
    const attrs = { filterSize: [2, 3], strides: [2, 2], pad: 'same' };
    const [a, b] = both(() => [tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, attrs) as tf.Tensor]);
    if (!same(a, b)) failures.push('MaxPoolGrad');
    const [c, d] = both(() => [tf.sum(big, [0, 1, 2])]);
    if (!same(c, d)) failures.push('Sum');
    const filter = { strides: [1, 1], pad: 'same', filterShape: [3, 3, 6, 5], dataFormat: 'NHWC', dilations: [1, 1] };
    const [e, f] = both(() => [tf.engine().runKernel('Conv2DBackpropFilter', { x: xs, dy: dys }, filter) as tf.Tensor]);
    // The two routes sum the same products in the same order: equal up to float32 rounding at most.
    if (e[0].some((v, i) => Math.abs(v - f[0][i]) > 1e-4 * (1 + Math.abs(f[0][i])))) failures.push('Conv2DBackpropFilter');
    // One input channel: native colsTxDy against XNNPACK's product (other summation order: rounding only).
    const single = { ...filter, filterShape: [3, 3, 1, 37] };
    const [e1, f1] = both(() => [tf.engine().runKernel('Conv2DBackpropFilter', { x: xs1, dy: dys1 }, single) as tf.Tensor]);
    if (e1[0].some((v, i) => Math.abs(v - f1[0][i]) > 1e-4 * (1 + Math.abs(f1[0][i])))) failures.push('Conv2DBackpropFilter (1 channel)');
    const [g, h] = both(() => {
      const w = tf.variable(tf.randomUniform([37], -1, 1, 'float32', 6));
      const optimizer = new FusedAdamOptimizer(0.01);
      for (let s = 0; s < 3; s++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, 0.5))) as tf.Scalar);
      optimizer.dispose();
      const out = w.clone();
      w.dispose();
      return [out];
    });
    if (!same(g, h)) failures.push('Adam');
    const [r1, r2] = both(() => [tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), t)))(big)]);
    if (!same(r1, r2)) failures.push('Relu gradient');
    const [s1, s2] = both(() => [tf.tidy(() => tf.add(big, tf.linspace(-1, 1, 10)))]);
    if (!same(s1, s2)) failures.push('bias Add');
  } finally {
    tf.dispose([x, y, dy, big, xs, dys, xs1, dys1]);
  }
  return failures;
}

/**
 * The native kernels split across the helper threads (nativePool.ts) against the same kernels on this
 * thread alone, bit for bit, on tensors big enough to be split. Returns 'no pool' when none is attached.
 */
export function nativePoolSelfCheck(): string[] | 'no pool' {
  const pool = splitRunner();
  if (pool === null) return 'no pool';
  const failures: string[] = [];
  const x = tf.randomUniform([32, 26, 26, 32], -1, 1, 'float32', 11);
  const dy = tf.randomUniform([32, 13, 13, 32], -1, 1, 'float32', 12);
  const bias = tf.randomUniform([32], -1, 1, 'float32', 13);
  const run = (): tf.Tensor[] =>
    tf.tidy(() => {
      const y = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
      const poolGrad = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: [2, 2], strides: [2, 2], pad: 'valid' }) as tf.Tensor;
      const reluGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), t)))(x);
      const w = tf.variable(tf.randomUniform([300_000], -1, 1, 'float32', 14));
      const optimizer = new FusedAdamOptimizer(0.01);
      for (let s = 0; s < 2; s++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, 0.5))) as tf.Scalar);
      optimizer.dispose();
      const adam = w.clone();
      w.dispose();
      return [poolGrad, reluGrad, tf.add(x, bias), adam];
    });
  const names = ['MaxPoolGrad', 'Relu gradient', 'bias Add', 'Adam'];
  const results: number[][][] = [];
  for (const attached of [true, false]) {
    setSplitRunner(attached ? pool : null);
    const tensors = run();
    results.push(tensors.map((t) => Array.from(t.dataSync())));
    tf.dispose(tensors);
  }
  setSplitRunner(pool);
  tf.dispose([x, dy, bias]);
  names.forEach((name, i) => {
    if (!same([results[0][i]], [results[1][i]])) failures.push(name);
  });
  return failures;
}
