/**
 * Add for the wasm backend with a fast route for adding a bias over the last axis ([..., C] + [C]),
 * which is how tfjs adds every conv and dense layer's bias while it trains (its fused kernels are
 * skipped when gradients are recorded and the activation is not linear). The backend's broadcasting
 * Add walks the general broadcast (2.7 ms for the Fashion CNN's first layer per step); the native
 * `biasAdd` (kernels.wat) makes the same float32 additions in one contiguous pass. Every other Add,
 * and wasm without the native kernels, goes to the backend's kernel unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from './native/nativeKernels';
import { runSplit, SPLIT_GRAIN_FLOATS } from './native/nativeSplit';
import { allocF32, asWasmBackend, heapIndex, input, runKernel, WASM } from './wasmBackendAccess';

/** True when b is one bias value per entry of a's last axis (and a has more than that). */
export function isBiasShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length >= 2 && b.length === 1 && b[0] === a[a.length - 1] && b[0] > 0;
}

function makeAdd(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const backend = asWasmBackend(args.backend);
    const a = input(args.inputs, 'a', 'Add');
    const b = input(args.inputs, 'b', 'Add');
    const native = a.dtype === 'float32' && b.dtype === 'float32' && isBiasShape(a.shape, b.shape) ? nativeKernels(backend) : null;
    if (native === null) return runKernel(original, backend, args.inputs, args.attrs);
    const width = b.shape[0];
    const rows = a.shape.reduce((p, d) => p * d, 1) / width;
    const out = allocF32(backend, [...a.shape]);
    const [aAt, bAt, outAt] = [a, b, out].map((t) => 4 * heapIndex(backend, t));
    const grain = Math.ceil(SPLIT_GRAIN_FLOATS / width);
    runSplit(native, 'biasAdd', rows, (s, e) => [aAt + 4 * s * width, bAt, outAt + 4 * s * width, e - s, width], grain);
    return out;
  };
}

/** Kernel config: Add for 'wasm', delegating all but bias additions to `original`. */
export function addConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Add,
    backendName: WASM,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: makeAdd(original),
  };
}
