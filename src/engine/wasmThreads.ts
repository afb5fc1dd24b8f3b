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
export function wasmThreadsFor(cores: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated || !Number.isFinite(cores)) return 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores)));
}
