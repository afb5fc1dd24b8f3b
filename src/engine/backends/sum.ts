/**
 * Sum for the wasm backend with a fast route for reductions over the leading axes, the shape of
 * every bias gradient (sum of dy over batch, rows and columns, keeping channels). The backend's
 * own kernel first transposes the reduced axes to the end (a full strided copy of dy) and then
 * sums; here the rows are simply added up in one contiguous pass. Other reductions go to the
 * backend's kernel unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from './native/nativeKernels';
import { allocF32, asWasmBackend, heapF32, heapIndex, input, release, runKernel, WASM } from './wasmBackendAccess';

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
    const leading = x.dtype === 'float32' ? leadingAxesCount(axes, x.shape.length) : 0;
    if (leading === 0) return runKernel(original, backend, args.inputs, args.attrs);

    const rows = x.shape.slice(0, leading).reduce((a, b) => a * b, 1);
    const kept = x.shape.slice(leading);
    const width = kept.reduce((a, b) => a * b, 1);
    const outShape = attrs.keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept;
    const out = allocF32(backend, outShape);
    const native = nativeKernels(backend);
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
