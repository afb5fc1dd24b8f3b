/**
 * The narrow slice of the tfjs `wasm` backend's internals that the training kernels need:
 * raw access to the wasm heap (where every tensor of that backend lives), allocation of
 * outputs, and calls into the backend's own compiled kernels (XNNPACK matrix products,
 * transposes).
 *
 * Why reach inside: a JS kernel that copies tensors out with `readSync` and back in with
 * `makeOutput(values)` pays two full copies per call; working on views of the heap pays none.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * What the kernels use of tfjs-backend-wasm's BackendWasm class (declared here because the
 * package's own typings lean on Emscripten types that are not installed).
 */
export interface WasmBackend {
  wasm: {
    HEAPU8: Uint8Array;
    /** The module's memory: exported as `wasmMemory` by the threaded build, `asm.memory` otherwise. */
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
    tfjs?: { getThreadsCount?: () => number };
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** The backend argument of a kernel call, typed; a clear error if it is not the wasm backend. */
export function asWasmBackend(backend: unknown): WasmBackend {
  const candidate = backend as Partial<WasmBackend> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.wasm === undefined ||
    candidate.dataIdMap === undefined
  ) {
    throw new Error('wasm training kernels: called with a backend that is not the tfjs wasm backend.');
  }
  return candidate as WasmBackend;
}

/** A named kernel input; a clear error when the caller left it out. */
export function input(inputs: tf.NamedTensorInfoMap, name: string, kernelName: string): tf.TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`${kernelName} on wasm: input '${name}' is missing.`);
  return info;
}

/** Every kernel this module builds on is registered under this backend name. */
export const WASM = 'wasm';

/**
 * A Float32Array over the whole wasm heap. Take a fresh one after anything that may allocate
 * (makeOutput, another kernel): growing the heap replaces its ArrayBuffer and detaches old views.
 * The buffer is read from the memory object itself because in the threaded build `HEAPU8` is
 * only refreshed lazily after a growth that happened on another thread.
 */
export function heapF32(backend: WasmBackend): Float32Array {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  return new Float32Array(memory?.buffer ?? backend.wasm.HEAPU8.buffer);
}

/** Index of a float32 tensor's first element in `heapF32(backend)`. */
export function heapIndex(backend: WasmBackend, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) {
    throw new Error(`wasm training kernels: tensor of shape [${info.shape}] is not on the wasm backend.`);
  }
  // malloc aligns to at least 8 bytes, so float offsets are exact.
  return data.memoryOffset / 4;
}

/** A new float32 tensor on the heap (contents undefined: the caller writes every element). */
export function allocF32(backend: WasmBackend, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** Frees an intermediate made with `allocF32` or returned by another kernel. */
export function release(backend: WasmBackend, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** The same data seen with another shape of equal size (no copy, like the Reshape kernel). */
export function viewAs(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * Runs a kernel function directly (bypassing the engine, so no tape and no profiling entry):
 * the result belongs to the caller, who must `release` it or return it.
 */
export function runKernel(
  kernel: tf.KernelConfig,
  backend: WasmBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new Error(
      `wasm training kernels: kernel ${kernel.kernelName} returned several outputs, expected one.`,
    );
  }
  return out;
}

/** The kernel currently registered for the wasm backend, or a clear error if there is none. */
export function wasmKernel(kernelName: string): tf.KernelConfig {
  const kernel = tf.getKernel(kernelName, WASM);
  if (kernel === undefined) {
    throw new Error(
      `wasm training kernels: the wasm backend has no '${kernelName}' kernel; ` +
        `import '@tensorflow/tfjs-backend-wasm' before registering the training kernels.`,
    );
  }
  return kernel;
}

/** Number of threads the wasm module runs XNNPACK with (1 unless the page is crossOriginIsolated). */
export function wasmThreadCount(backend: WasmBackend): number {
  return backend.wasm.tfjs?.getThreadsCount?.() ?? 1;
}
