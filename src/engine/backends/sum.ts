/**
 * Sum for the wasm backend with a fast route for reductions over the leading axes, the shape of
 * every bias gradient (sum of dy over batch, rows and columns, keeping channels), and one for sums of
 * every element. The backend's
 * own kernel first transposes the reduced axes to the end (a full strided copy of dy) and then
 * sums; here the rows are simply added up in one contiguous pass. Other reductions go to the
 * backend's kernel unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels, type NativeKernels } from './native/nativeKernels';
import { allocF32, asWasmBackend, heapF32, heapIndex, input, release, runKernel, WASM, type WasmBackend } from './wasmBackendAccess';

/** The number of leading axes `axes` reduces when they are exactly 0..k−1 (k < rank), else 0. */
export function leadingAxesCount(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) if (sorted[i] !== i) return 0;
  return sorted.length < rank ? sorted.length : 0;
}

function makeSum(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args.inputs, 'x', 'Sum');
    const attrs = (args.attrs ?? {}) as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape);
    const native = nativeKernels(backend);
    if (native !== null && x.dtype === 'float32' && x.shape.length >= 2 && new Set(axes).size === x.shape.length) {
      return sumOfAll(native, backend, x, attrs.keepDims === true);
    }
    const leading = x.dtype === 'float32' ? leadingAxesCount(axes, x.shape.length) : 0;
    if (leading === 0) return runKernel(original, backend, args.inputs, args.attrs);

    const rows = x.shape.slice(0, leading).reduce((a, b) => a * b, 1);
    const kept = x.shape.slice(leading);
    const width = kept.reduce((a, b) => a * b, 1);
    const outShape = attrs.keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept;
    const out = allocF32(backend, outShape);
    if (native !== null) {
      // 2 floats per float64 accumulator.
      const scratch = allocF32(backend, [2 * width]);
      native.columnSum(4 * heapIndex(backend, x), 4 * heapIndex(backend, out), 4 * heapIndex(backend, scratch), rows, width);
      release(backend, scratch);
      return out;
    }
    const heap = heapF32(backend);
    const xAt = heapIndex(backend, x);
    // Double-precision partial sums, like the cpu backend's JS numbers: long columns stay exact.
    const acc = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      const row = xAt + r * width;
      for (let j = 0; j < width; j++) acc[j] += heap[row + j];
    }
    heap.set(acc, heapIndex(backend, out));
    return out;
  };
}

/**
 * The sum of every element of a matrix or higher tensor x (the divergence check sums each gradient,
 * 3.1 M floats for a Dense 3136→1000 kernel): column sums over its last axis, then the sum of those,
 * both natively in float64. The backend's own kernel took 2.6 ms for that matrix in Chromium.
 */
function sumOfAll(native: NativeKernels, backend: WasmBackend, x: tf.TensorInfo, keepDims: boolean): tf.TensorInfo {
  const width = x.shape[x.shape.length - 1];
  const rows = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const partial = allocF32(backend, [width]);
  const out = allocF32(backend, keepDims ? x.shape.map(() => 1) : []);
  const scratch = allocF32(backend, [2 * Math.max(1, width)]);
  native.columnSum(4 * heapIndex(backend, x), 4 * heapIndex(backend, partial), 4 * heapIndex(backend, scratch), rows, width);
  native.columnSum(4 * heapIndex(backend, partial), 4 * heapIndex(backend, out), 4 * heapIndex(backend, scratch), width, 1);
  release(backend, scratch);
  release(backend, partial);
  return out;
}

/** Kernel config: Sum for 'wasm', delegating all but leading-axes reductions to `original`. */
export function sumConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Sum,
    backendName: WASM,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: makeSum(original),
  };
}
