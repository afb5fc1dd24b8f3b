/**
 * The native im2colT / col2im (kernels.wat) against the JavaScript loops of im2col.ts, float for float,
 * on the wasm backend's heap: strides, paddings (also wider than the filter), tails and one-image parts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { col2imAdd, im2col, patchSize, positionsPerImage, type ConvGeometry } from '../im2col';
import { allocF32, asWasmBackend, heapF32, heapIndex, release } from '../wasmBackendAccess';
import { registerWasmTrainingKernels } from '../wasmTrainingKernels';
import { nativeKernels } from './nativeKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

function geometry(batch: number, inH: number, inW: number, inC: number, f: [number, number], s: [number, number], pad: [number, number]): ConvGeometry {
  const outH = Math.floor((inH + 2 * pad[0] - f[0]) / s[0]) + 1;
  const outW = Math.floor((inW + 2 * pad[1] - f[1]) / s[1]) + 1;
  return { batch, inH, inW, inC, outH, outW, outC: 1, filterH: f[0], filterW: f[1], strideH: s[0], strideW: s[1], padTop: pad[0], padLeft: pad[1] };
}

const CASES: [string, ConvGeometry][] = [
  ['3×3 valid, 32 channels', geometry(3, 13, 13, 32, [3, 3], [1, 1], [0, 0])],
  ['3×3 same, 5 channels (a tail of 1 past four lanes)', geometry(2, 9, 7, 5, [3, 3], [1, 1], [1, 1])],
  ['5×3 stride 2, padding wider than the filter', geometry(2, 6, 5, 3, [5, 3], [2, 2], [4, 3])],
  ['1 channel, 4×4 stride 3', geometry(4, 11, 10, 1, [4, 4], [3, 3], [1, 2])],
  ['1 channel, 3×3 same, stride 2 down (im2colT’s run-copying path)', geometry(3, 9, 8, 1, [3, 3], [2, 1], [1, 1])],
];

const args = (g: ConvGeometry) => [g.inH, g.inW, g.inC, g.outH, g.outW, g.filterH, g.filterW, g.strideH, g.strideW, g.padTop, g.padLeft] as const;

describe('native patch kernels', () => {
  it.each(CASES)('im2colT: %s gives the JavaScript im2col’s rows transposed, whole and one filter tap at a time', (_, g) => {
    const backend = asWasmBackend(tf.backend());
    const native = nativeKernels(backend)!;
    const x = tf.randomUniform([g.batch, g.inH, g.inW, g.inC], -1, 1, 'float32', 7);
    const k = patchSize(g);
    const rows = g.batch * positionsPerImage(g);
    const [js, whole, parts] = [0, 1, 2].map(() => allocF32(backend, [rows * k]));
    heapF32(backend).fill(NaN, heapIndex(backend, js), heapIndex(backend, js) + rows * k);
    im2col(heapF32(backend), heapIndex(backend, x), heapIndex(backend, js), g, 0, g.batch);
    const cols = Array.from(heapF32(backend).subarray(heapIndex(backend, js), heapIndex(backend, js) + rows * k));
    const transposed = Array.from({ length: rows * k }, (_v, i) => cols[(i % rows) * k + Math.floor(i / rows)]);
    const xAt = 4 * heapIndex(backend, x);
    const taps = g.filterH * g.filterW;
    native.im2colT(xAt, 4 * heapIndex(backend, whole), 0, g.batch, ...args(g), 0, taps);
    for (let t = taps - 1; t >= 0; t--) native.im2colT(xAt, 4 * heapIndex(backend, parts), 0, g.batch, ...args(g), t, t + 1);
    const read = (t: tf.TensorInfo) => Array.from(heapF32(backend).subarray(heapIndex(backend, t), heapIndex(backend, t) + rows * k));
    expect(cols.some(Number.isNaN)).toBe(false);
    expect(read(whole)).toEqual(transposed);
    expect(read(parts)).toEqual(transposed);
    [js, whole, parts].forEach((t) => release(backend, t));
    x.dispose();
  });

  it.each(CASES)('col2im: %s gives the JavaScript loop’s sums exactly and zeroes only its own images', (_, g) => {
    const backend = asWasmBackend(tf.backend());
    const native = nativeKernels(backend)!;
    const rowsPerImage = positionsPerImage(g) * patchSize(g);
    const image = g.inH * g.inW * g.inC;
    const cols = tf.randomUniform([g.batch * rowsPerImage], -1, 1, 'float32', 8);
    const [js, whole, parts] = [0, 1, 2].map(() => allocF32(backend, [g.batch * image]));
    // Garbage in every output: the JavaScript route needs zeros first, the native one zeroes itself.
    for (const t of [whole, parts]) heapF32(backend).fill(123, heapIndex(backend, t), heapIndex(backend, t) + g.batch * image);
    heapF32(backend).fill(0, heapIndex(backend, js), heapIndex(backend, js) + g.batch * image);
    col2imAdd(heapF32(backend), heapIndex(backend, cols), heapIndex(backend, js), g, 0, g.batch);
    const colsAt = 4 * heapIndex(backend, cols);
    native.col2im(colsAt, 4 * heapIndex(backend, whole), 0, g.batch, ...args(g));
    for (let n = g.batch - 1; n >= 0; n--) native.col2im(colsAt + 4 * n * rowsPerImage, 4 * heapIndex(backend, parts), n, n + 1, ...args(g));
    const read = (t: tf.TensorInfo) => Array.from(heapF32(backend).subarray(heapIndex(backend, t), heapIndex(backend, t) + g.batch * image));
    expect(read(whole)).toEqual(read(js));
    expect(read(parts)).toEqual(read(js));
    [js, whole, parts].forEach((t) => release(backend, t));
    cols.dispose();
  });
});
