/**
 * Browser-only set-up of the WebAssembly backend: tells tfjs where Vite put the .wasm binaries, picks
 * the number of XNNPACK threads and registers the training kernels (src/engine/backends) that make conv
 * nets trainable on wasm. Imported by the worker only; Node code (CLI, tests) loads the binaries from
 * node_modules by itself (and tfjs-wasm has no threads in Node).
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { setNativeKernelsEnabled } from './backends/native/nativeKernels';
import { detectFeatures } from './features';
import { registerWasmTrainingKernels } from './backends/wasmTrainingKernels';
import { MAX_WASM_THREADS, setPoolThreads, wasmThreadsFor, xnnpackThreadsFor } from './wasmThreads';

let done = false;

/**
 * tfjs-wasm's C++ caps the thread pool at hardwareConcurrency / 2 (it assumes two hyper-threads per
 * core), which gives a 2-core machine one thread whatever setThreadsCount asks. The wasm backend's
 * factory is wrapped so that, only while it initialises, the worker reports 2 × the wanted threads.
 */
function reportCoresWhileInitialising(threads: number): void {
  const factory = tf.findBackendFactory('wasm');
  // (tf.findBackend would initialise the backend: it must not be asked here.)
  if (!factory) return;
  const nav = globalThis.navigator as unknown as Record<string, unknown> | undefined;
  if (!nav) return;
  const priority = 2; // tfjs-backend-wasm's own WASM_PRIORITY
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
      try {
        return await factory();
      } finally {
        delete nav.hardwareConcurrency;
      }
    },
    priority,
  );
}

/**
 * Points tfjs at the bundled .wasm files and registers the training kernels. `threads` is the number
 * of threads a step runs on (1 = the single-threaded SIMD build); by default wasmThreadsFor this machine.
 * `stock` (bench only) leaves tfjs-wasm's own kernels and optimiser path in place. XNNPACK gets
 * xnnpackThreadsFor(threads), or `xnnpackThreads` (bench only), on the threaded build all the same;
 * the native kernels' pool gets `threads`.
 */
export function setUpWasm(options: { threads?: number; stock?: boolean; xnnpackThreads?: number } = {}): void {
  if (done) return;
  done = true;
  const cores = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1;
  // Threads need SharedArrayBuffer on a cross-origin-isolated page (the app sends COOP/COEP); a
  // browser or server without them gets the single-threaded SIMD build (features.ts says so).
  const isolated = detectFeatures().wasmThreads;
  const count = isolated ? Math.min(MAX_WASM_THREADS, options.threads ?? wasmThreadsFor(cores, isolated)) : 1;
  if (count <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
  if (count > 1) {
    const xnnpack = Math.max(1, Math.min(count, options.xnnpackThreads ?? xnnpackThreadsFor(count)));
    setThreadsCount(xnnpack);
    reportCoresWhileInitialising(xnnpack);
    setPoolThreads(count);
  }
  if (options.stock) {
    // The bench's baseline: tfjs-wasm as shipped plus the one kernel it lacks to train conv nets.
    setNativeKernelsEnabled(false);
    registerWasmTrainingKernels({ only: [tf.Conv2DBackpropFilter] });
  } else {
    registerWasmTrainingKernels();
  }
}
