/**
 * Relu's gradient in one native pass on the wasm backend. tfjs computes it as
 * `mul(dy, cast(step(x), 'float32'))`: three kernels, three passes over the activation and two
 * temporaries of its size, 4.4 ms per Fashion-CNN step. The native `reluGrad` (kernels.wat) does the
 * same float32 arithmetic in one pass, so its result is bit-identical; every other backend, and wasm
 * without the native kernels, keeps tfjs's own composition.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from './native/nativeKernels';
import { runSplit, SPLIT_GRAIN_FLOATS } from './native/nativeSplit';
import { allocF32, asWasmBackend, heapIndex, input, WASM } from './wasmBackendAccess';

/** The wasm-only kernel the gradient below dispatches to. */
export const RELU_GRAD = 'PlaygroundReluGrad';

function reluGradKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const x = input(args.inputs, 'x', RELU_GRAD);
  const dy = input(args.inputs, 'dy', RELU_GRAD);
  const native = nativeKernels(backend);
  if (native === null) throw new Error(`${RELU_GRAD}: the native kernels are not available on this heap.`);
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`${RELU_GRAD}: x is ${x.dtype} and dy ${dy.dtype}; both must be float32.`);
  }
  const out = allocF32(backend, [...dy.shape]);
  const size = dy.shape.reduce((a, b) => a * b, 1);
  const [xAt, dyAt, outAt] = [x, dy, out].map((t) => 4 * heapIndex(backend, t));
  // Elementwise: any split gives the same floats.
  runSplit(native, 'reluGrad', size, (s, e) => [xAt + 4 * s, dyAt + 4 * s, outAt + 4 * s, e - s], SPLIT_GRAIN_FLOATS);
  return out;
}

export const reluGradConfig: tf.KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: WASM,
  kernelFunc: reluGradKernel as tf.KernelFunc,
};

/** True when the current backend is wasm and its native kernels can run. */
function nativeHere(): boolean {
  if (tf.getBackend() !== WASM) return false;
  return nativeKernels(asWasmBackend(tf.backend())) !== null;
}

/**
 * Registers Relu's gradient (global in tfjs, for every backend): the native kernel on wasm, tfjs's own
 * composition elsewhere. Call after registering reluGradConfig.
 */
export function registerReluGradient(): void {
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      const g = dy as tf.Tensor;
      return {
        x: () =>
          nativeHere() && x.dtype === 'float32' && g.dtype === 'float32'
            ? (tf.engine().runKernel(RELU_GRAD, { x, dy: g }) as tf.Tensor)
            : tf.mul(g, tf.cast(tf.step(x), 'float32')),
      };
    },
  });
}
