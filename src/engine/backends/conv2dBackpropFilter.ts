/**
 * Conv2DBackpropFilter for the wasm backend, which ships none: dW = im2col(x)ᵀ · dy, with the
 * product done by XNNPACK. Computed as dWᵀ[outC, K] = dyᵀ[outC, P] · cols[P, K] because that
 * orientation needs no transposed operand inside the matrix product (see gemm.ts); the small
 * result is transposed back into TensorFlow's [fh, fw, inC, outC] layout at the end.
 */
import * as tf from '@tensorflow/tfjs';
import { gemm } from './gemm';
import { geometryOf, im2col, imagesPerChunk, patchSize, positionsPerImage } from './im2col';
import { allocF32, asWasmBackend, heapF32, heapIndex, input, release, WASM } from './wasmBackendAccess';

/** Patch matrices above this many floats (64 MiB) are built and multiplied a few images at a time. */
const PATCH_BUDGET_FLOATS = 16 * 1024 * 1024;

function conv2dBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = input(args.inputs, 'x', 'Conv2DBackpropFilter');
  const dy = input(args.inputs, 'dy', 'Conv2DBackpropFilter');
  const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter on wasm needs float32 tensors, got x ${x.dtype} and dy ${dy.dtype}.`);
  }
  if (attrs.dataFormat === 'NCHW') {
    throw new Error('Conv2DBackpropFilter on wasm supports only dataFormat NHWC; transpose the input to NHWC.');
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const g = geometryOf(info);
  const k = patchSize(g);
  const perImage = positionsPerImage(g);
  const outC = g.outC;
  const chunk = imagesPerChunk(g, PATCH_BUDGET_FLOATS);
  const singleChunk = chunk >= g.batch;
  // Partial sums of dWᵀ across chunks; unused when one chunk covers the batch.
  const acc = singleChunk ? null : new Float32Array(outC * k);
  let lastPart: tf.TensorInfo | null = null;

  for (let n0 = 0; n0 < g.batch; n0 += chunk) {
    const n1 = Math.min(g.batch, n0 + chunk);
    const rows = (n1 - n0) * perImage;
    const cols = allocF32(backend, [rows, k]);
    const dyT = allocF32(backend, [outC, rows]);
    let heap = heapF32(backend);
    im2col(heap, heapIndex(backend, x), heapIndex(backend, cols), g, n0, n1);
    transposeRows(heap, heapIndex(backend, dy) + n0 * perImage * outC, heapIndex(backend, dyT), rows, outC);
    const part = gemm(backend, dyT, outC, rows, cols, k);
    release(backend, cols);
    release(backend, dyT);
    if (acc === null) {
      lastPart = part;
      break;
    }
    heap = heapF32(backend);
    const at = heapIndex(backend, part);
    for (let i = 0; i < acc.length; i++) acc[i] += heap[at + i];
    release(backend, part);
  }

  const dw = allocF32(backend, attrs.filterShape);
  const heap = heapF32(backend);
  const dwAt = heapIndex(backend, dw);
  const src = acc ?? heap.subarray(heapIndex(backend, lastPart!), heapIndex(backend, lastPart!) + outC * k);
  for (let c = 0; c < outC; c++) {
    const row = c * k;
    for (let i = 0; i < k; i++) heap[dwAt + i * outC + c] = src[row + i];
  }
  if (lastPart !== null) release(backend, lastPart);
  return dw;
}

/** heap[to + c·rows + r] = heap[from + r·cols + c]: a [rows, cols] block transposed. */
function transposeRows(heap: Float32Array, from: number, to: number, rows: number, cols: number): void {
  // Blocks of 64 rows keep both the read rows and the written column segments in L1.
  const block = 64;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c = 0; c < cols; c++) {
      const dst = to + c * rows;
      for (let r = r0; r < r1; r++) heap[dst + r] = heap[from + r * cols + c];
    }
  }
}

/** Kernel config: Conv2DBackpropFilter for 'wasm' (the backend has none of its own). */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2dBackpropFilter as tf.KernelFunc,
};
