/**
 * Dense matrix products on the wasm heap through the backend's own XNNPACK path.
 *
 * The wasm BatchMatMul kernel hands a product to XNNPACK's fully-connected operator only when
 * neither side is transposed and the batch is 1; every other case falls into a scalar triple
 * loop that is 10–50× slower. Everything here is arranged to hit the fast case.
 *
 * XNNPACK packs `b` (the "weights") when it first sees a tensor id and caches the packed copy
 * until that tensor is disposed, so `b` must never be a buffer that is rewritten in place.
 */
import type * as tf from '@tensorflow/tfjs';
import { runKernel, viewAs, type WasmBackend } from './wasmBackendAccess';

let xnnBatchMatMul: tf.KernelConfig | null = null;

/** Remembers the backend's original BatchMatMul (before any override) as the GEMM engine. */
export function setGemmKernel(kernel: tf.KernelConfig): void {
  xnnBatchMatMul = kernel;
}

/** The original BatchMatMul kernel, or a clear error if registration has not happened. */
export function gemmKernel(): tf.KernelConfig {
  if (xnnBatchMatMul === null) {
    throw new Error('wasm training kernels: call registerWasmTrainingKernels() before training on wasm.');
  }
  return xnnBatchMatMul;
}

/**
 * out[M, N] = a[M, K] · b[K, N], all float32 tensors on the wasm heap, row-major.
 * Shapes are read from the arguments, not from the tensors, so callers can pass views.
 */
export function gemm(
  backend: WasmBackend,
  a: tf.TensorInfo,
  aRows: number,
  inner: number,
  b: tf.TensorInfo,
  bCols: number,
): tf.TensorInfo {
  const out = runKernel(
    gemmKernel(),
    backend,
    { a: viewAs(a, [1, aRows, inner]), b: viewAs(b, [1, inner, bCols]) },
    { transposeA: false, transposeB: false },
  );
  return viewAs(out, [aRows, bCols]);
}
