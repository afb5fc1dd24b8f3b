import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KERNELS_SHARED_BASE64, KERNELS_UNSHARED_BASE64 } from './kernelsBinary';
import type { NativeKernels } from './nativeKernels';
import { NativePool, PARTS_PER_THREAD, type SpawnThread } from './nativePool';
import { runSplit, setSplitRunner } from './nativeSplit';

// Real threads on a real shared memory: the same pool the engine's worker starts in the browser,
// with Node's worker_threads in place of Web Workers.
const spawnNodeThread: SpawnThread = (source) => {
  const worker = new Worker(source, { eval: true });
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    terminate: () => void worker.terminate(),
  };
};

const module = new WebAssembly.Module(Buffer.from(KERNELS_SHARED_BASE64, 'base64'));
const memory = new WebAssembly.Memory({ initial: 512, maximum: 65536, shared: true });
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as NativeKernels;
const names = Object.keys(kernels).filter((n) => typeof (kernels as unknown as Record<string, unknown>)[n] === 'function');
const heap = () => new Float32Array(memory.buffer);

/** Deterministic pseudo-random floats in [-1, 1), with some exact zeros (Relu's edge). */
function fill(at: number, n: number, seed: number): void {
  const h = heap();
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    h[at + i] = i % 97 === 0 ? 0 : s / 2 ** 31 - 1;
  }
}

let pools: NativePool[] = [];
beforeAll(async () => {
  pools = [await NativePool.start(module, memory, names, 1, spawnNodeThread), await NativePool.start(module, memory, names, 3, spawnNodeThread)];
});
afterAll(() => {
  setSplitRunner(null);
  for (const p of pools) p.stop();
});

describe('NativePool', () => {
  it('splits Relu’s gradient into parts that together give the single call’s floats exactly', () => {
    const n = 300_001;
    const [x, dy, one, split] = [0, n, 2 * n, 3 * n].map((f) => 1024 + f);
    fill(x, n, 1);
    fill(dy, n, 2);
    kernels.reluGrad(4 * x, 4 * dy, 4 * one, n);
    for (const pool of pools) {
      heap().fill(NaN, split, split + n);
      const parts: [number, number][] = [];
      pool.run(kernels, 'reluGrad', n, (s, e) => (parts.push([s, e]), [4 * (x + s), 4 * (dy + s), 4 * (split + s), e - s]), 1000);
      // A few parts per thread, claimed by whichever thread is free.
      expect(parts.length).toBe(PARTS_PER_THREAD * pool.size);
      expect(parts.map((p) => p[0]).sort((a, b) => a - b)[0]).toBe(0);
      expect(Math.max(...parts.map((p) => p[1]))).toBe(n);
      expect(parts.reduce((sum, [s, e]) => sum + e - s, 0)).toBe(n);
      expect(Array.from(heap().subarray(split, split + n))).toEqual(Array.from(heap().subarray(one, one + n)));
    }
  });

  it('splits MaxPoolGrad by images, each part zeroing and writing only its own images', () => {
    const [batch, inH, inW, c, outH, outW] = [7, 12, 12, 8, 6, 6];
    const inSize = batch * inH * inW * c;
    const outSize = batch * outH * outW * c;
    const [x, dy, one, split] = [0, inSize, inSize + outSize, 2 * inSize + outSize].map((f) => 1024 + f);
    fill(x, inSize, 3);
    fill(dy, outSize, 4);
    const args = (s: number, e: number, dx: number) => [
      4 * (x + s * inH * inW * c), 4 * (dy + s * outH * outW * c), 4 * (dx + s * inH * inW * c),
      e - s, inH, inW, c, outH, outW, 2, 2, 2, 2, 0, 0,
    ];
    kernels.maxPoolGrad(...(args(0, batch, one) as Parameters<NativeKernels['maxPoolGrad']>));
    for (const pool of pools) {
      heap().fill(NaN, split, split + inSize);
      pool.run(kernels, 'maxPoolGrad', batch, (s, e) => args(s, e, split), 1);
      expect(Array.from(heap().subarray(split, split + inSize))).toEqual(Array.from(heap().subarray(one, one + inSize)));
    }
  });

  it('splits the transposed patch matrix and its product with dy by filter taps, with the single call’s floats', () => {
    // A 3×3 'same' convolution of 5 images 9×9×3: colsT [27 taps·channels, 405 positions].
    const [batch, h, w, c, outC] = [5, 9, 9, 3, 16];
    const rows = batch * h * w;
    const taps = 9 * c;
    const [x, dy, one, split, dwOne, dwSplit] = [0, 2000, 10_000, 30_000, 50_000, 52_000].map((f) => 1024 + f);
    fill(x, batch * h * w * c, 5);
    fill(dy, rows * outC, 6);
    const patchArgs = (colsT: number, t0: number, t1: number) => [4 * x, 4 * colsT, 0, batch, h, w, c, h, w, 3, 3, 1, 1, 1, 1, t0, t1];
    kernels.im2colT(...(patchArgs(one, 0, 9) as Parameters<NativeKernels['im2colT']>));
    // One input channel (a first layer): 9 rows of colsT, the filter gradient summed tap by tap.
    heap().fill(0, dwOne, dwOne + 9 * outC);
    kernels.colsTxDy(4 * one, rows, 4 * dy, outC, 4 * dwOne, 0, 9);
    // One channel at column stride 1 takes im2colT's run-copying path (rows 2 apart: stride 2 down).
    const single = (colsT: number, t0: number, t1: number) => [4 * x, 4 * colsT, 0, batch, h, w, 1, 5, w, 3, 3, 2, 1, 1, 1, t0, t1];
    const singleFloats = 9 * batch * 5 * w;
    kernels.im2colT(...(single(one + taps * rows, 0, 9) as Parameters<NativeKernels['im2colT']>));
    for (const pool of pools) {
      heap().fill(NaN, split, split + taps * rows);
      pool.run(kernels, 'im2colT', 9, (t0, t1) => patchArgs(split, t0, t1), 1);
      expect(Array.from(heap().subarray(split, split + taps * rows))).toEqual(Array.from(heap().subarray(one, one + taps * rows)));
      heap().fill(NaN, split, split + singleFloats);
      pool.run(kernels, 'im2colT', 9, (t0, t1) => single(split, t0, t1), 1);
      expect(Array.from(heap().subarray(split, split + singleFloats))).toEqual(Array.from(heap().subarray(one + taps * rows, one + taps * rows + singleFloats)));
      heap().fill(0, dwSplit, dwSplit + 9 * outC);
      pool.run(kernels, 'colsTxDy', 9, (k0, k1) => [4 * one, rows, 4 * dy, outC, 4 * dwSplit, k0, k1], 1);
      expect(Array.from(heap().subarray(dwSplit, dwSplit + 9 * outC))).toEqual(Array.from(heap().subarray(dwOne, dwOne + 9 * outC)));
    }
  });

  it('splits the implicit filter gradient by tiles, each writing only its own floats of dw and scratch', () => {
    // 3 images 8×8×8 padded to 10×10 for a 3×3 'same' conv to 12 channels: K = 72 taps, 9 × 3 tiles.
    const [batch, hp, wp, c, out, outC] = [3, 10, 10, 8, 8, 12];
    const k = 9 * c;
    const tiles = (k / 8) * (outC / 4);
    const [xp, dy, scratch, one, split] = [0, 3000, 6000, 8000, 10_000].map((f) => 1024 + f);
    fill(xp, batch * hp * wp * c, 7);
    fill(dy, batch * out * out * outC, 8);
    const args = (dw: number, t0: number, t1: number) => [4 * xp, 4 * dy, 4 * scratch, 4 * dw, batch, hp, wp, c, out, out, 3, 3, 1, 1, outC, t0, t1];
    kernels.convFilterGrad(...(args(one, 0, tiles) as Parameters<NativeKernels['convFilterGrad']>));
    for (const pool of pools) {
      heap().fill(NaN, split, split + k * outC);
      heap().fill(NaN, scratch, scratch + k * outC);
      pool.run(kernels, 'convFilterGrad', tiles, (t0, t1) => args(split, t0, t1), 1);
      expect(Array.from(heap().subarray(split, split + k * outC))).toEqual(Array.from(heap().subarray(one, one + k * outC)));
    }
  });

  it('is what runSplit hands its ranges to once attached, and nothing is split while detached', () => {
    const seen: number[] = [];
    setSplitRunner(pools[1]);
    runSplit(kernels, 'reluGrad', 4000, (s, e) => (seen.push(e - s), [4096, 4096, 4096 * 4, e - s]), 1000);
    expect(seen).toEqual([1000, 1000, 1000, 1000]);
    setSplitRunner(null);
    seen.length = 0;
    runSplit(kernels, 'reluGrad', 4000, (s, e) => (seen.push(e - s), [4096, 4096, 4096 * 4, e - s]), 1000);
    expect(seen).toEqual([4000]);
  });

  it('gives every one of many back-to-back calls with changing part counts the single call’s floats', () => {
    // A helper still finishing one call must never take a part of the next (claims carry the call).
    const n = 16_000;
    const [x, dy, one, split] = [0, n, 2 * n, 3 * n].map((f) => 400_000 + f);
    fill(x, n, 7);
    fill(dy, n, 8);
    kernels.reluGrad(4 * x, 4 * dy, 4 * one, n);
    const pool = pools[1];
    for (let call = 0; call < 400; call++) {
      const total = 1000 * (2 + (call % 15));
      heap().fill(NaN, split, split + total);
      pool.run(kernels, 'reluGrad', total, (s, e) => [4 * (x + s), 4 * (dy + s), 4 * (split + s), e - s], 250 * (1 + (call % 3)));
      expect(Array.from(heap().subarray(split, split + total)), `call ${call}`).toEqual(Array.from(heap().subarray(one, one + total)));
    }
  });

  it('runs a range too small to split on the calling thread alone', () => {
    const seen: number[] = [];
    pools[0].run(kernels, 'reluGrad', 1500, (s, e) => (seen.push(e - s), [4096, 4096, 4096 * 4, e - s]), 1000);
    expect(seen).toEqual([1500]);
  });

  it('reports a helper that traps instead of hanging, and refuses further work', async () => {
    const pool = await NativePool.start(module, memory, names, 1, spawnNodeThread);
    try {
      const beyond = memory.buffer.byteLength;
      // The second part reads past the end of the memory and traps there, on whichever thread claimed it.
      const run = () => pool.run(kernels, 'reluGrad', 2000, (s, e) => (s === 0 ? [4096, 4096, 8192, e - s] : [beyond, beyond, beyond, e - s]), 1000);
      expect(run).toThrow(/thread failed running reluGrad/);
      expect(run).toThrow(/pool is stopped/);
    } finally {
      pool.stop();
    }
  });

  it('rejects when a thread cannot instantiate the module, naming the thread', async () => {
    // The single-threaded build's binary cannot import a shared memory (a LinkError in the thread).
    const unsharedModule = new WebAssembly.Module(Buffer.from(KERNELS_UNSHARED_BASE64, 'base64'));
    await expect(NativePool.start(unsharedModule, memory, names, 1, spawnNodeThread)).rejects.toThrow(/native pool thread 1: .*memory/i);
  });
});
