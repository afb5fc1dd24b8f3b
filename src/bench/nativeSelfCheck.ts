/**
 * The native kernels checked where they really run in the browser: on tfjs-wasm's threaded build, whose
 * heap is shared memory (Node's tests see only the unshared one). Each native route is compared, bit for
 * bit, with the JavaScript / multi-kernel route it replaces; returns the names of those that differ.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../engine/backends/fusedAdam';
import {
  backendMemory,
  instantiateKernels,
  relaxedSimdSupported,
  setNativeKernelsEnabled,
} from '../engine/backends/native/nativeKernels';
import { allocF32, asWasmBackend, heapF32, heapIndex, release } from '../engine/backends/wasmBackendAccess';
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
/** Equal up to float32 rounding of sums of a few hundred terms (other summation order or fused rounding). */
const close = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) <= 1e-4 * (1 + Math.abs(b[i])));

/**
 * The matrix product's kernels themselves on this heap, in each binary the engine can run: rows split
 * into ranges that cut through 4-row tiles (as a thread pool would) give exactly one call's bits, and the
 * relaxed (fused) binary agrees with the plain one up to rounding.
 */
function productKernelChecks(failures: string[]): void {
  const backend = asWasmBackend(tf.backend());
  const memory = backendMemory(backend);
  if (memory === null) {
    failures.push('matrix product (no memory)');
    return;
  }
  const [m, k, n] = [37, 301, 29];
  const a = tf.randomUniform([m, k], -1, 1, 'float32', 11);
  const b = tf.randomUniform([k, n], -1, 1, 'float32', 12);
  const panels = Math.ceil(n / 8);
  const results: number[][] = [];
  for (const relaxed of relaxedSimdSupported() ? [false, true] : [false]) {
    const kernels = instantiateKernels(memory, relaxed);
    const packed = allocF32(backend, [panels * 8 * k]);
    const c = allocF32(backend, [m, n]);
    const at = (t: tf.TensorInfo) => 4 * heapIndex(backend, t);
    kernels.gemmPackB(at(b), at(packed), k, n, 0, 2);
    kernels.gemmPackB(at(b), at(packed), k, n, 2, panels);
    const run = (cuts: number[]) => {
      for (let i = 0; i + 1 < cuts.length; i++) kernels.gemm(at(a), at(packed), at(c), cuts[i], cuts[i + 1], k, n, 0, 0, panels);
      const heap = heapF32(backend);
      return Array.from(heap.subarray(heapIndex(backend, c), heapIndex(backend, c) + m * n));
    };
    const whole = run([0, m]);
    if (!same([whole], [run([0, 6, 7, 21, m])])) failures.push(`matrix product split (${relaxed ? 'relaxed' : 'plain'})`);
    results.push(whole);
    release(backend, packed);
    release(backend, c);
  }
  if (results.length === 2 && !close(results[1], results[0])) failures.push('matrix product relaxed vs plain');
  const expected = tf.tidy(() => tf.matMul(a, b));
  // Against tfjs (XNNPACK, since the product above is far from what BatchMatMul would route to us).
  setNativeKernelsEnabled(false);
  const reference = Array.from(expected.dataSync());
  setNativeKernelsEnabled(true);
  if (!close(results[0], reference)) failures.push('matrix product vs tfjs');
  tf.dispose([a, b, expected]);
}

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
    // BatchMatMul on our product against XNNPACK's, every transpose combination (a is [70, 130]).
    const ma = tf.randomUniform([70, 130], -1, 1, 'float32', 13);
    const bs = [[130, 45], [70, 45], [45, 130], [45, 70]].map((shape, i) => tf.randomUniform(shape, -1, 1, 'float32', 14 + i));
    const [p1, p2] = both(() => [
      tf.matMul(ma, bs[0]), tf.matMul(ma, bs[1], true, false), tf.matMul(ma, bs[2], false, true), tf.matMul(ma, bs[3], true, true),
    ]);
    if (!p1.every((values, i) => close(values, p2[i]))) failures.push('BatchMatMul (native product)');
    tf.dispose([ma, ...bs]);
    productKernelChecks(failures);
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
      // A first layer (one channel: convDirect, padImages, colsTxDy) and a second one (patches, im2colT,
      // col2im): the output and both gradients of each.
      const conv = (input: tf.Tensor4D, channels: number, seed: number): tf.Tensor[] => {
        const filter = tf.randomUniform([3, 3, channels, 32], -1, 1, 'float32', seed);
        const weight = tf.randomUniform([32, 26, 26, 32], -1, 1, 'float32', seed + 1);
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), weight));
        return [tf.conv2d(input, filter as tf.Tensor4D, 1, 'same'), ...tf.grads(f)([input, filter])];
      };
      const first = tf.slice(x, [0, 0, 0, 0], [32, 26, 26, 1]) as tf.Tensor4D;
      return [poolGrad, reluGrad, tf.add(x, bias), adam, ...conv(first, 1, 15), ...conv(x as tf.Tensor4D, 32, 17), y, tf.relu(x)];
    });
  const names = ['MaxPoolGrad', 'Relu gradient', 'bias Add', 'Adam',
    'Conv2D (1 channel)', 'Conv2DBackpropInput (1 channel)', 'Conv2DBackpropFilter (1 channel)',
    'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPool', 'Relu'];
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
