/**
 * How many threads the wasm backend runs on: XNNPACK's, and the native kernels' pool's. Kept apart from wasmSetup.ts (which imports the
 * bundled .wasm files) so that it can be tested in Node.
 */

/** Most threads tfjs-wasm's threaded build can run (it pre-creates 8 pthread workers). */
export const MAX_WASM_THREADS = 8;

let poolThreads = 0;

/** The threads the native kernels' pool is to use (wasmSetup.ts sets it; 0 = as many as XNNPACK has). */
export function setPoolThreads(threads: number): void {
  poolThreads = threads;
}

/** Threads for the native pool, given XNNPACK's: the number set by setPoolThreads, else XNNPACK's. */
export function poolThreadsFor(xnnpackThreads: number): number {
  return poolThreads > 0 ? poolThreads : xnnpackThreads;
}

/**
 * XNNPACK's own threads when `threads` run the native kernels' pool. With two, XNNPACK gets one:
 * its pool and ours each keep a spinning thread, and on two cores the spinning took the core the
 * other needed (measured in bench.html, Fashion CNN, 10 interleaved pairs on a noisy machine: median
 * 1,121 → 1,228 examples/s; MNIST CNN Dense 1000, 7 pairs: 445 → 436, within noise). What is left on XNNPACK in a step
 * (first convolutions, elementwise ops) is small. More threads are unmeasured here: XNNPACK keeps them.
 */
export function xnnpackThreadsFor(threads: number): number {
  return threads === 2 ? 1 : threads;
}

/**
 * Every core, up to MAX_WASM_THREADS; 1 where threads cannot run (a page that is not cross-origin
 * isolated has no SharedArrayBuffer). tfjs's own default would be half the cores (it assumes two
 * hyper-threads per core), which leaves a 2-core machine on one thread.
 */
export function wasmThreadsFor(cores: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated || !Number.isFinite(cores)) return 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores)));
}
