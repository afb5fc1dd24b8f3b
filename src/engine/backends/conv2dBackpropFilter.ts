/**
 * Conv2DBackpropFilter for the wasm backend, which ships none: dW[K, outC] = colsᵀ · dy with
 * cols the im2col patch matrix [P, K] of x, the product done by gemm.ts (our native kernel, which
 * adds each chunk's product straight into dW, or XNNPACK, which only takes untransposed operands).
 * With the native kernels, a filter row of fw·inC a multiple of 8 and outC a multiple of 4 (the seed
 * CNNs' second layers), the product is implicit instead (convImplicit.ts filterGradImplicitly): no patch
 * matrix at all. The MNIST CNN's 5×5 32→64 layer wrote and read back a 40 MB colsᵀ every step; its
 * filter gradient went from 20.3 to 11.3 ms a step in the browser on 2 threads.
 * The other routes multiply colsᵀ · dy, so that the small dy is the packed operand and the big patch
 * matrix is streamed; they differ in how colsᵀ is built:
 * - inC = 1 (first layers): colsᵀ is made of contiguous runs of x, so build it directly;
 * - otherwise: build cols (contiguous channel runs) and transpose it in C++.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientGeometry } from './convGradientGeometry';
import { filterGradImplicitFits, filterGradImplicitly } from './convImplicit';
import { type NativeKernels, nativeKernels } from './native/nativeKernels';
import { gemm, gemmAccumulate, gemmIsNative } from './gemm';
import { runSplit, SPLIT_GRAIN_FLOATS } from './native/nativeSplit';
import {
  type ConvGeometry,
  im2col,
  im2colTransposedSingleChannel,
  imagesPerChunk,
  patchSize,
  positionsPerImage,
} from './im2col';
import {
  allocF32,
  asWasmBackend,
  heapF32,
  heapIndex,
  input,
  release,
  runKernel,
  WASM,
  wasmKernel,
  type WasmBackend,
} from './wasmBackendAccess';

function conv2dBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = input(args.inputs, 'x', 'Conv2DBackpropFilter');
  const dy = input(args.inputs, 'dy', 'Conv2DBackpropFilter');
  const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  const g = gradientGeometry({
    kernelName: 'Conv2DBackpropFilter',
    operands: { x, dy },
    dataFormat: attrs.dataFormat,
    inputShape: x.shape as [number, number, number, number],
    filterShape: attrs.filterShape,
    strides: attrs.strides,
    pad: attrs.pad,
    dimRoundingMode: attrs.dimRoundingMode,
  });
  const k = patchSize(g);
  const native = nativeKernels(backend);
  if (native !== null && filterGradImplicitFits(g)) return filterGradImplicitly(native, backend, x, dy, g, attrs.filterShape);
  if (g.inC === 1 && native !== null) return singleChannelNatively(native, backend, x, dy, g, attrs.filterShape);
  if (g.inC > 1 && gemmIsNative(backend, k, positionsPerImage(g) * imagesPerChunk(g), g.outC)) return accumulateNatively(backend, x, dy, g, attrs.filterShape);
  // Both routes add their chunk products into acc ([K, outC], dW's layout), written once at the end.
  const acc = new Float32Array(k * g.outC);
  if (g.inC === 1) accumulateSingleChannel(backend, x, dy, g, acc);
  else accumulateViaTranspose(backend, x, dy, g, acc);
  const dw = allocF32(backend, attrs.filterShape);
  const at = heapIndex(backend, dw);
  heapF32(backend).set(acc, at);
  return dw;
}

/** Images [n0, n1) of dy as a standalone tensor (dy itself when that is all of it). */
function dyRowsOf(
  backend: WasmBackend,
  dy: tf.TensorInfo,
  g: ConvGeometry,
  n0: number,
  n1: number,
): tf.TensorInfo {
  if (n0 === 0 && n1 === g.batch) return dy;
  const perImage = positionsPerImage(g) * g.outC;
  const rows = allocF32(backend, [(n1 - n0) * positionsPerImage(g), g.outC]);
  const from = heapIndex(backend, dy) + n0 * perImage;
  heapF32(backend).copyWithin(heapIndex(backend, rows), from, from + (n1 - n0) * perImage);
  return rows;
}

/**
 * dW = colsᵀ · dy for a single-channel input in native code (kernels.wat `colsTxDy`), accumulated
 * straight into dW and reading dy where it lies. With K = fh·fw taps (9 for 3×3) the product is a
 * few rows tall, which XNNPACK runs at a few GFLOP/s after repacking all of dy on every call.
 */
function singleChannelNatively(
  native: NativeKernels,
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const k = patchSize(g);
  const chunk = imagesPerChunk(g);
  const dw = allocF32(backend, filterShape);
  const dwAt = heapIndex(backend, dw);
  heapF32(backend).fill(0, dwAt, dwAt + k * g.outC);
  for (let n0 = 0; n0 < g.batch; n0 += chunk) {
    const n1 = Math.min(g.batch, n0 + chunk);
    const rows = (n1 - n0) * positionsPerImage(g);
    const colsT = allocF32(backend, [k, rows]);
    writePatchesT(native, backend, x, colsT, g, n0, n1);
    const dyAt = heapIndex(backend, dy) + n0 * positionsPerImage(g) * g.outC;
    const colsTAt = 4 * heapIndex(backend, colsT);
    runSplit(native, 'colsTxDy', k, (k0, k1) => [colsTAt, rows, 4 * dyAt, g.outC, 4 * dwAt, k0, k1]);
    release(backend, colsT);
  }
  return dw;
}

/**
 * dW = Σ over chunks of colsᵀ · dy with our product adding each chunk straight into dW (no partial
 * product tensor, no JavaScript sum) and reading each chunk's rows of dy where they lie.
 */
function accumulateNatively(
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const k = patchSize(g);
  const perImage = positionsPerImage(g);
  const chunk = imagesPerChunk(g);
  const transpose = wasmKernel(tf.Transpose);
  const dw = allocF32(backend, filterShape);
  const dwAt = heapIndex(backend, dw);
  heapF32(backend).fill(0, dwAt, dwAt + k * g.outC);
  for (let n0 = 0; n0 < g.batch; n0 += chunk) {
    const n1 = Math.min(g.batch, n0 + chunk);
    const rows = (n1 - n0) * perImage;
    const colsT = transposedPatches(backend, x, g, n0, n1, transpose);
    const dyAt = heapIndex(backend, dy) + n0 * perImage * g.outC;
    if (!gemmAccumulate(backend, colsT, k, rows, dyAt, g.outC, dw)) {
      throw new Error('Conv2DBackpropFilter: the native product went away in the middle of a call.');
    }
    release(backend, colsT);
  }
  return dw;
}

/** acc[K, outC] += colsᵀ · dy, with colsᵀ built directly (single-channel input). */
function accumulateSingleChannel(
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
  acc: Float32Array,
): void {
  const k = patchSize(g);
  const chunk = imagesPerChunk(g);
  for (let n0 = 0; n0 < g.batch; n0 += chunk) {
    const n1 = Math.min(g.batch, n0 + chunk);
    const rows = (n1 - n0) * positionsPerImage(g);
    const colsT = allocF32(backend, [k, rows]);
    // Block copies of contiguous runs: measured faster here than the native per-element gather.
    im2colTransposedSingleChannel(heapF32(backend), heapIndex(backend, x), heapIndex(backend, colsT), g, n0, n1);
    const dyRows = dyRowsOf(backend, dy, g, n0, n1);
    const part = gemm(backend, colsT, k, rows, dyRows, g.outC);
    addInto(acc, heapF32(backend), heapIndex(backend, part));
    release(backend, part);
    release(backend, colsT);
    if (dyRows !== dy) release(backend, dyRows);
  }
}

/**
 * acc[K, outC] += colsᵀ · dy for many input channels: cols is built row by row (contiguous
 * channel runs, cheap in JS) and transposed by the backend's C++ Transpose kernel. Why not the
 * cheaper-looking dyᵀ · cols = dWᵀ: XNNPACK packs its second operand on every call and keeps
 * it packed across the whole (long) inner dimension, so the big patch matrix as that operand
 * costs a full repack plus a packed copy that does not fit in cache; measured ≈ 25 % slower
 * for the Fashion CNN's second layer than transposing cols and packing the small dy instead.
 */
function accumulateViaTranspose(
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
  acc: Float32Array,
): void {
  const k = patchSize(g);
  const perImage = positionsPerImage(g);
  const chunk = imagesPerChunk(g);
  const transpose = wasmKernel(tf.Transpose);
  for (let n0 = 0; n0 < g.batch; n0 += chunk) {
    const n1 = Math.min(g.batch, n0 + chunk);
    const rows = (n1 - n0) * perImage;
    const colsT = transposedPatches(backend, x, g, n0, n1, transpose);
    const dyRows = dyRowsOf(backend, dy, g, n0, n1);
    const part = gemm(backend, colsT, k, rows, dyRows, g.outC);
    addInto(acc, heapF32(backend), heapIndex(backend, part));
    release(backend, part);
    release(backend, colsT);
    if (dyRows !== dy) release(backend, dyRows);
  }
}

/**
 * colsᵀ [K, rows] of images [n0, n1): in one native pass where the kernels are available, else as
 * im2col rows (contiguous channel runs, cheap in JS) transposed by the backend's C++ Transpose.
 */
function transposedPatches(
  backend: WasmBackend,
  x: tf.TensorInfo,
  g: ConvGeometry,
  n0: number,
  n1: number,
  transpose: tf.KernelConfig,
): tf.TensorInfo {
  const k = patchSize(g);
  const rows = (n1 - n0) * positionsPerImage(g);
  const native = nativeKernels(backend);
  if (native !== null) {
    const colsT = allocF32(backend, [k, rows]);
    writePatchesT(native, backend, x, colsT, g, n0, n1);
    return colsT;
  }
  const cols = allocF32(backend, [rows, k]);
  im2col(heapF32(backend), heapIndex(backend, x), heapIndex(backend, cols), g, n0, n1);
  const colsT = runKernel(transpose, backend, { x: cols }, { perm: [1, 0] });
  release(backend, cols);
  return colsT;
}

/** colsT ← the transposed patch matrix of images [n0, n1) of x, natively (native/kernels.wat). */
function writePatchesT(
  native: NativeKernels,
  backend: WasmBackend,
  x: tf.TensorInfo,
  colsT: tf.TensorInfo,
  g: ConvGeometry,
  n0: number,
  n1: number,
): void {
  const xAt = 4 * heapIndex(backend, x);
  const colsTAt = 4 * heapIndex(backend, colsT);
  // Split by filter taps: each part writes whole rows of colsT (every channel of its taps).
  const perTap = (n1 - n0) * positionsPerImage(g) * g.inC;
  runSplit(native, 'im2colT', g.filterH * g.filterW, (t0, t1) => [
    xAt, colsTAt, n0, n1,
    g.inH, g.inW, g.inC, g.outH, g.outW, g.filterH, g.filterW, g.strideH, g.strideW, g.padTop, g.padLeft, t0, t1,
  ], Math.max(1, Math.ceil(SPLIT_GRAIN_FLOATS / Math.max(1, perTap))));
}

function addInto(acc: Float32Array, heap: Float32Array, at: number): void {
  for (let i = 0; i < acc.length; i++) acc[i] += heap[at + i];
}

/** Kernel config: Conv2DBackpropFilter for 'wasm' (the backend has none of its own). */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2dBackpropFilter as tf.KernelFunc,
};
