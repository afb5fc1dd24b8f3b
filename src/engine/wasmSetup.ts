/**
 * Browser-only set-up of the WebAssembly backend: tells tfjs where Vite put the .wasm binaries and
 * registers the training kernels (src/engine/backends) that make conv nets trainable on wasm. Imported by
 * the worker only; Node code (CLI, tests) loads the binaries from node_modules by itself.
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmTrainingKernels } from './backends/wasmTrainingKernels';

let done = false;

/** Cores below which the threaded build is not used (see setUpWasm). */
export const MIN_CORES_FOR_THREADS = 4;

/**
 * Points tfjs at the bundled .wasm files and registers the training kernels. `threads` defaults to
 * using the threaded build only with at least MIN_CORES_FOR_THREADS cores: tfjs gives XNNPACK half the
 * cores, so a 2-core laptop would get one worker thread plus the cost of shared memory and atomics.
 */
export function setUpWasm(options: { threads?: boolean } = {}): void {
  if (done) return;
  done = true;
  const cores = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1;
  const threads = options.threads ?? cores >= MIN_CORES_FOR_THREADS;
  if (!threads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
  // Threads also need a cross-origin-isolated page (the app sends COOP/COEP).
  if (threads && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) setThreadsCount(cores);
  registerWasmTrainingKernels();
}
