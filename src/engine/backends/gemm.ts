/**
 * Dense matrix products on the wasm heap: our own kernel (native/kernels.wat `gemmPackB` + `gemm`,
 * fused multiply-add where the engine has relaxed SIMD) when the native kernels are available, else the
 * backend's own XNNPACK path.
 *
 * XNNPACK: the wasm BatchMatMul kernel hands a product to XNNPACK's fully-connected operator only when
 * neither side is transposed and the batch is 1; every other case falls into a scalar triple loop that
 * is 10–50× slower, so callers arrange the fast case. XNNPACK packs `b` (the "weights") when it first
 * sees a tensor id and caches the packed copy until that tensor is disposed, so `b` must never be a
 * buffer that is rewritten in place. Ours packs `b` on every call (training changes it every step
 * anyway), which costs K·N copies: with few rows XNNPACK's cached packing wins, see NATIVE_MIN_ROWS.
 */
import type * as tf from '@tensorflow/tfjs';
import { type NativeKernels, nativeKernels } from './native/nativeKernels';
import { runSplit } from './native/nativeSplit';
import { allocF32, heapIndex, release, runKernel, viewAs, type WasmBackend } from './wasmBackendAccess';

let xnnBatchMatMul: tf.KernelConfig | null = null;
let nativeGemm = true;

/**
 * When the product stays on XNNPACK: with few rows of `a`, packing b costs about as much as the
 * product, and XNNPACK reuses its packed b when the same weights come back (inference, evaluation).
 * Measured against XNNPACK with its packing cached (Node, one thread, GFLOP/s ours / XNNPACK):
 * [1, 1600]·[1600, 128] 4.4 / 11.7, [8, 1600]·[1600, 128] 24.8 / 23.4; for a b of 3136×1000 (12.5 MB to
 * pack) [32, ·] 16.9 / 23.3 but [64, ·] 27.8 / 22.6. So: at least 8 rows, and 64 once b is over 1 MB.
 */
export const NATIVE_MIN_ROWS = 8;
const NATIVE_MIN_ROWS_BIG_B = 64;
const BIG_B_FLOATS = 262_144;

/** Remembers the backend's original BatchMatMul (before any override) as the XNNPACK engine. */
export function setGemmKernel(kernel: tf.KernelConfig): void {
  xnnBatchMatMul = kernel;
}

/**
 * Routes products through our kernel (true, the default) or always through XNNPACK (false): for
 * side-by-side measurements. setNativeKernelsEnabled(false) turns ours off too.
 */
export function setNativeGemmEnabled(on: boolean): void {
  nativeGemm = on;
}

/** The original BatchMatMul kernel, or a clear error if registration has not happened. */
export function gemmKernel(): tf.KernelConfig {
  if (xnnBatchMatMul === null) {
    throw new Error('wasm training kernels: call registerWasmTrainingKernels() before training on wasm.');
  }
  return xnnBatchMatMul;
}

/** Our kernels when they should take a product of a [rows, inner] and b [inner, cols], else null. */
function nativeFor(backend: WasmBackend, rows: number, inner: number, cols: number): NativeKernels | null {
  const minRows = inner * cols > BIG_B_FLOATS ? NATIVE_MIN_ROWS_BIG_B : NATIVE_MIN_ROWS;
  return nativeGemm && rows >= minRows ? nativeKernels(backend) : null;
}

/** Whether a product with `rows` rows of `a` would run on our kernel (else on XNNPACK). */
export function gemmIsNative(backend: WasmBackend, rows: number, inner: number, cols: number): boolean {
  return nativeFor(backend, rows, inner, cols) !== null;
}

/**
 * Rows of one part when a thread pool splits the product: at least ~1 MFLOP of work (tens of µs,
 * far above a pool's hand-off cost) and a multiple of 4, the kernel's tile height.
 */
export function gemmRowGrain(inner: number, cols: number): number {
  const rows = Math.ceil(1e6 / Math.max(1, inner * cols));
  return Math.max(4, Math.ceil(rows / 4) * 4);
}

/** Panels of one part when a pool splits a product by columns: at least ~1 MFLOP of work. */
export function gemmPanelGrain(rows: number, inner: number): number {
  return Math.max(1, Math.ceil(1e6 / Math.max(1, 16 * rows * inner)));
}

/**
 * c[rows, cols] = a[rows, inner] · b[inner, cols] (accumulate false) or += it (true), natively, all
 * given as float indices into the heap. b is packed into a scratch tensor first (split by panels).
 */
function nativeProduct(
  native: NativeKernels,
  backend: WasmBackend,
  aAt: number,
  rows: number,
  inner: number,
  bAt: number,
  cols: number,
  cAt: number,
  accumulate: boolean,
): void {
  const panels = Math.ceil(cols / 8);
  const packed = allocF32(backend, [Math.max(1, panels * 8 * inner)]);
  const packedAt = 4 * heapIndex(backend, packed);
  const panelGrain = Math.max(1, Math.ceil(16384 / Math.max(1, inner)));
  runSplit(native, 'gemmPackB', panels, (p0, p1) => [4 * bAt, packedAt, inner, cols, p0, p1], panelGrain);
  const acc = accumulate ? 1 : 0;
  if (rows < cols) {
    // A wide b (a Dense layer's forward pass, [64, 3136]·[3136, 1000]): split by column panels, so
    // that each thread streams only its own part of packed b instead of all of it.
    runSplit(native, 'gemm', panels, (p0, p1) => [4 * aAt, packedAt, 4 * cAt, 0, rows, inner, cols, acc, p0, p1], gemmPanelGrain(rows, inner));
  } else {
    runSplit(native, 'gemm', rows, (m0, m1) => [4 * aAt, packedAt, 4 * cAt, m0, m1, inner, cols, acc, 0, panels], gemmRowGrain(inner, cols));
  }
  release(backend, packed);
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
  const native = nativeFor(backend, aRows, inner, bCols);
  if (native !== null) {
    const out = allocF32(backend, [aRows, bCols]);
    if (aRows * bCols > 0) {
      nativeProduct(
        native, backend, heapIndex(backend, a), aRows, inner, heapIndex(backend, b), bCols,
        heapIndex(backend, out), false,
      );
    }
    return out;
  }
  const out = runKernel(
    gemmKernel(),
    backend,
    { a: viewAs(a, [1, aRows, inner]), b: viewAs(b, [1, inner, bCols]) },
    { transposeA: false, transposeB: false },
  );
  return viewAs(out, [aRows, bCols]);
}

/**
 * out[M, N] += a[M, K] · b[K, N] in place, natively; false (and out untouched) when our kernel is not
 * available for this product, so that the caller takes its own route. b starts at float `bAt` (a view
 * into a bigger tensor is fine: it is only read, and packed first).
 */
export function gemmAccumulate(
  backend: WasmBackend,
  a: tf.TensorInfo,
  aRows: number,
  inner: number,
  bAt: number,
  bCols: number,
  out: tf.TensorInfo,
): boolean {
  const native = nativeFor(backend, aRows, inner, bCols);
  if (native === null) return false;
  if (aRows * bCols > 0) {
    nativeProduct(native, backend, heapIndex(backend, a), aRows, inner, bAt, bCols, heapIndex(backend, out), true);
  }
  return true;
}
