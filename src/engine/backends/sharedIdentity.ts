/**
 * Identity, and Cast to the dtype a tensor already has, without a copy on the wasm backend.
 *
 * tfjs-wasm copies the whole tensor for both (its Identity kernel allocates and memcpys), and a training
 * step asks for them about 40 times: the gradient tape clones tensors it hands on, and Relu's gradient
 * casts its float32 step mask to float32. For the Fashion CNN that is 4–5 ms of copies per step. Sharing
 * the data, as tfjs's cpu backend does, is safe because no wasm kernel here writes into its inputs: every
 * kernel (tfjs-wasm's and src/engine/backends') writes only freshly allocated outputs, and the backend
 * frees shared data only when its last holder is disposed (its refCount).
 */
import type * as tf from '@tensorflow/tfjs';
import { Cast, Identity } from '@tensorflow/tfjs';
import { WASM } from './wasmBackendAccess';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

function share(backend: unknown, x: tf.TensorInfo): tf.TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Identity that shares its input's data (strings keep the original kernel's path). */
export function identityConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: Identity,
    backendName: WASM,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      return x.dtype === 'string' ? original.kernelFunc(args) : share(args.backend, x);
    },
  };
}

/** Cast that shares its input's data when the dtype does not change, and casts as before otherwise. */
export function castConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: Cast,
    backendName: WASM,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const dtype = (args.attrs as { dtype?: tf.DataType } | undefined)?.dtype;
      return dtype === x.dtype && x.dtype !== 'string' ? share(args.backend, x) : original.kernelFunc(args);
    },
  };
}
