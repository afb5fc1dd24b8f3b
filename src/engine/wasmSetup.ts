/**
 * Browser-only set-up of the WebAssembly backend: tells tfjs where Vite put the .wasm binaries and
 * registers the training kernels (src/engine/backends) that make conv nets trainable on wasm. Imported by
 * the worker only; Node code (CLI, tests) loads the binaries from node_modules by itself.
 */
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmTrainingKernels } from './backends/wasmTrainingKernels';

let done = false;

export function setUpWasm(): void {
  if (done) return;
  done = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
  // Threads need a cross-origin-isolated page (the app sends COOP/COEP); use every core then.
  const cores = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1;
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated && cores > 1) setThreadsCount(cores);
  registerWasmTrainingKernels();
}
