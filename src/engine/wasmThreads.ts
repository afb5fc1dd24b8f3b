/**
 * How many XNNPACK threads the wasm backend gets. Kept apart from wasmSetup.ts (which imports the
 * bundled .wasm files) so that it can be tested in Node.
 */

/** Most threads tfjs-wasm's threaded build can run (it pre-creates 8 pthread workers). */
export const MAX_WASM_THREADS = 8;

/**
 * Every core, up to MAX_WASM_THREADS; 1 where threads cannot run (a page that is not cross-origin
 * isolated has no SharedArrayBuffer). tfjs's own default would be half the cores (it assumes two
 * hyper-threads per core), which leaves a 2-core machine on one thread.
 */
let poolThreads = 0;

/** The threads the native kernels' pool is to use (wasmSetup.ts sets it; 0 = as many as XNNPACK has). */
export function setPoolThreads(threads: number): void {
  poolThreads = threads;
}

/** Threads for the native pool, given XNNPACK's: the number set by setPoolThreads, else XNNPACK's. */
export function poolThreadsFor(xnnpackThreads: number): number {
  return poolThreads > 0 ? poolThreads : xnnpackThreads;
}

export function wasmThreadsFor(cores: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated || !Number.isFinite(cores)) return 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores)));
}
