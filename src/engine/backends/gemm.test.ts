/**
 * Our matrix product (kernels.wat gemmPackB + gemm), both binaries (relaxed SIMD with fused
 * multiply-add, and plain), checked against the tfjs `cpu` backend on random shapes with every tail of
 * the 4×8 tile, on row ranges that start and end inside tiles, with and without accumulation; and the
 * routing of gemm() / BatchMatMul through it.
 */
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, type Random } from '../train/prng';
import { setNativeGemmEnabled } from './gemm';
import { backendMemory, instantiateKernels, type NativeKernels, relaxedSimdSupported } from './native/nativeKernels';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';
import { allocF32, asWasmBackend, heapF32, heapIndex, release, type WasmBackend } from './wasmBackendAccess';

// Node 20 has relaxed SIMD behind a flag; Chromium has it on by default. Set before anything compiles.
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

let backend: WasmBackend;
let flavours: [string, NativeKernels][];

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  backend = asWasmBackend(tf.backend());
  const memory = backendMemory(backend);
  if (memory === null) throw new Error('no wasm memory');
  flavours = [
    ['plain', instantiateKernels(memory, false)],
    ['relaxed', instantiateKernels(memory, true)],
  ];
});

function randomMatrix(random: Random, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => random() * 2 - 1);
}

/** a·b on the cpu backend. */
async function cpuProduct(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const out = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
  const values = (await out.data()) as Float32Array;
  out.dispose();
  await tf.setBackend('wasm');
  return values;
}

/**
 * c (initially `initial`) after running gemm over `ranges` of rows (each [m0, m1), or [m0, m1, p0, p1]
 * for column panels [p0, p1) of those rows), with b packed in
 * two panel ranges, all on the wasm heap.
 */
function runKernel(
  kernels: NativeKernels,
  a: Float32Array,
  b: Float32Array,
  initial: Float32Array,
  m: number,
  k: number,
  n: number,
  ranges: ([number, number] | [number, number, number, number])[],
  accumulate: boolean,
): Float32Array {
  const panels = Math.ceil(n / 8);
  const ta = allocF32(backend, [Math.max(1, m * k)]);
  const tb = allocF32(backend, [Math.max(1, k * n)]);
  const tc = allocF32(backend, [m * n + 8]);
  const packed = allocF32(backend, [Math.max(1, panels * 8 * k)]);
  const heap = heapF32(backend);
  const [aAt, bAt, cAt, pAt] = [ta, tb, tc, packed].map((t) => heapIndex(backend, t));
  heap.set(a, aAt);
  heap.set(b, bAt);
  heap.set(initial, cAt);
  // A guard float right after c: nothing may write past the last row.
  heap[cAt + m * n] = 12345;
  const half = panels >> 1;
  kernels.gemmPackB(4 * bAt, 4 * pAt, k, n, half, panels);
  kernels.gemmPackB(4 * bAt, 4 * pAt, k, n, 0, half);
  for (const [m0, m1, p0 = 0, p1 = panels] of ranges) kernels.gemm(4 * aAt, 4 * pAt, 4 * cAt, m0, m1, k, n, accumulate ? 1 : 0, p0, p1);
  const after = heapF32(backend);
  expect(after[cAt + m * n]).toBe(12345);
  const out = after.slice(cAt, cAt + m * n);
  for (const t of [ta, tb, tc, packed]) release(backend, t);
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array, k: number, label: string): void {
  // Each element is a sum of k products of numbers in [-1, 1]: rounding error grows like √k·ε·|terms|.
  const tolerance = 1e-6 * (4 + 2 * Math.sqrt(k)) * Math.sqrt(Math.max(1, k));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst, label).toBeLessThan(tolerance);
}

const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

describe('native matrix product', () => {
  it('the relaxed-SIMD probe validates here (Node with the V8 flag), so both binaries are tested', () => {
    expect(relaxedSimdSupported()).toBe(true);
  });

  it('matches cpu on random shapes with every tail, on split row ranges, both binaries', async () => {
    const random = mulberry32(77);
    const shapes: [number, number, number][] = [
      [1, 1, 1], [1, 7, 9], [5, 1, 3], [3, 13, 1], [4, 8, 8], [9, 17, 15], [2, 3, 16],
      [33, 500, 23], [7, 385, 8], [64, 50, 10], [13, 769, 40],
    ];
    for (let i = 0; i < 8; i++) shapes.push([int(random, 1, 40), int(random, 1, 420), int(random, 1, 41)]);
    for (const [m, k, n] of shapes) {
      const a = randomMatrix(random, m * k);
      const b = randomMatrix(random, k * n);
      const expected = await cpuProduct(a, b, m, k, n);
      // Row ranges that start and end inside 4-row tiles.
      const cut1 = Math.min(m, int(random, 0, m));
      const cut2 = Math.min(m, cut1 + int(random, 0, 6));
      const ranges: [number, number][] = [[cut2, m], [0, cut1], [cut1, cut2]];
      const results: Float32Array[] = [];
      for (const [name, kernels] of flavours) {
        const label = `${name} ${m}×${k}·${k}×${n} in [${cut1}, ${cut2})`;
        const split = runKernel(kernels, a, b, randomMatrix(random, m * n), m, k, n, ranges, false);
        expectClose(split, expected, k, label);
        // One call over all rows gives exactly the split's bits (what a thread pool relies on).
        const whole = runKernel(kernels, a, b, new Float32Array(m * n), m, k, n, [[0, m]], false);
        expect(Array.from(whole), label).toEqual(Array.from(split));
        // And so does a split by column panels (wide products are split that way).
        const panels = Math.ceil(n / 8);
        const cut = int(random, 0, panels);
        const byPanels = runKernel(kernels, a, b, randomMatrix(random, m * n), m, k, n, [[0, m, cut, panels], [0, m, 0, cut]], false);
        expect(Array.from(byPanels), `${label}, panels split at ${cut}`).toEqual(Array.from(split));
        results.push(whole);
      }
      // Each flavour is deterministic; they may differ in the last bits (fused rounding), no more.
      expectClose(results[0], results[1], k, `plain vs relaxed ${m}×${k}·${k}×${n}`);
    }
  });

  it('adds into c with accumulate = 1, and k = 0 gives zeros (or leaves c)', async () => {
    const random = mulberry32(5);
    const [m, k, n] = [11, 400, 13];
    const a = randomMatrix(random, m * k);
    const b = randomMatrix(random, k * n);
    const c0 = randomMatrix(random, m * n);
    const product = await cpuProduct(a, b, m, k, n);
    const expected = product.map((v, i) => v + c0[i]);
    for (const [name, kernels] of flavours) {
      expectClose(runKernel(kernels, a, b, c0, m, k, n, [[0, 6], [6, m]], true), expected, k, name);
      const zeros = runKernel(kernels, new Float32Array(0), new Float32Array(0), c0, m, 0, n, [[0, m, 1, 2], [0, m, 0, 1]], false);
      expect(Array.from(zeros), name).toEqual(new Array(m * n).fill(0));
      const kept = runKernel(kernels, new Float32Array(0), new Float32Array(0), c0, m, 0, n, [[0, m]], true);
      expect(Array.from(kept), name).toEqual(Array.from(c0));
    }
  });
});

describe('BatchMatMul through the native product', () => {
  it('matches cpu for every transpose combination, and XNNPACK when switched off', async () => {
    const random = mulberry32(9);
    const [m, k, n] = [70, 130, 45];
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const aShape = transposeA ? [k, m] : [m, k];
      const bShape = transposeB ? [n, k] : [k, n];
      const a = randomMatrix(random, m * k);
      const b = randomMatrix(random, k * n);
      const run = async (name: string) => {
        await tf.setBackend(name);
        const out = tf.tidy(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB));
        const values = (await out.data()) as Float32Array;
        out.dispose();
        return values;
      };
      const expected = await run('cpu');
      const native = await run('wasm');
      setNativeGemmEnabled(false);
      const xnn = await run('wasm');
      setNativeGemmEnabled(true);
      const label = `transposeA=${transposeA} transposeB=${transposeB}`;
      expectClose(native, expected, k, label);
      expectClose(xnn, expected, k, label);
      // The two engines really are different code (else this test would not see ours).
      expect(Array.from(native), label).not.toEqual(Array.from(xnn));
    }
  });
});
