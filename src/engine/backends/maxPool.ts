/**
 * MaxPool and Relu for the wasm backend on our native kernels, split across the pool. tfjs-wasm runs both
 * on XNNPACK, which has a single thread beside the pool on two cores (wasmThreads.ts), so they kept one
 * core idle: 1.1 ms and 0.7 ms per Fashion-CNN step. Both are exact (a maximum picks one of its inputs),
 * so the results equal XNNPACK's and tfjs's cpu backend's.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from './native/nativeKernels';
import { runSplit, SPLIT_GRAIN_FLOATS } from './native/nativeSplit';
import { allocF32, asWasmBackend, heapIndex, input, runKernel, WASM } from './wasmBackendAccess';

function makeMaxPool(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args.inputs, 'x', 'MaxPool');
    const attrs = (args.attrs ?? {}) as unknown as tf.MaxPoolAttrs;
    const native = nativeKernels(backend);
    const c = x.shape[3];
    if (native === null || x.dtype !== 'float32' || x.shape.length !== 4 || c % 4 !== 0) {
      return runKernel(original, backend, args.inputs, args.attrs);
    }
    const info = tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
    );
    const y = allocF32(backend, info.outShape);
    const [xAt, yAt] = [x, y].map((t) => 4 * heapIndex(backend, t));
    const perImage = info.inHeight * info.inWidth * c;
    runSplit(native, 'maxPool', info.batchSize, (n0, n1) => [
      xAt, yAt, n0, n1, info.inHeight, info.inWidth, c, info.outHeight, info.outWidth,
      info.effectiveFilterHeight, info.effectiveFilterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    ], Math.max(1, Math.ceil(SPLIT_GRAIN_FLOATS / perImage)));
    return y;
  };
}

function makeRelu(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args.inputs, 'x', 'Relu');
    const native = nativeKernels(backend);
    if (native === null || x.dtype !== 'float32') return runKernel(original, backend, args.inputs, args.attrs);
    const out = allocF32(backend, [...x.shape]);
    const size = x.shape.reduce((a, b) => a * b, 1);
    const [xAt, outAt] = [x, out].map((t) => 4 * heapIndex(backend, t));
    runSplit(native, 'relu', size, (s, e) => [xAt + 4 * s, outAt + 4 * s, e - s], SPLIT_GRAIN_FLOATS);
    return out;
  };
}

/** Kernel config: MaxPool for 'wasm', delegating to `original` where ours does not apply. */
export function maxPoolConfig(original: tf.KernelConfig): tf.KernelConfig {
  return { kernelName: tf.MaxPool, backendName: WASM, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc, kernelFunc: makeMaxPool(original) };
}

/** Kernel config: Relu for 'wasm', delegating to `original` where ours does not apply. */
export function reluConfig(original: tf.KernelConfig): tf.KernelConfig {
  return { kernelName: tf.Relu, backendName: WASM, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc, kernelFunc: makeRelu(original) };
}
