/**
 * A pool of helper threads that run parts of one native kernel call at the same time, on the shared
 * heap of tfjs-wasm's threaded build. XNNPACK's own thread pool only parallelises its matrix
 * products; without this, everything kernels.wat does (and our own products) ran on one core.
 *
 * Each helper instantiates the same kernels module on the same shared memory. A call is handed over
 * through a small SharedArrayBuffer, not postMessage: the caller writes each helper's arguments into
 * its slot, bumps a generation counter and wakes the helpers (Atomics.notify), runs the first part
 * itself and waits for a done counter. Helpers spin briefly before sleeping (Atomics.wait), because the
 * kernels of one training step come in bursts a few hundred microseconds apart and a futex wake-up
 * costs tens of microseconds.
 *
 * Every part writes only its own range (nativeSplit.ts), so results are the same for any number of
 * helpers. Atomics.wait is not allowed on a page's main thread: the pool runs in workers (and Node).
 */
import type { WasmBackend } from '../wasmBackendAccess';
import { callRange, setSplitRunner, type NativeKernelName, type SplitArgs, type SplitRunner } from './nativeSplit';
import { backendMemory, kernelNames, moduleOf, nativeKernels, type NativeKernels } from './nativeKernels';
import { POOL_THREAD_SOURCE } from './nativePoolThread';

/** Int32 indices of the control block's header. */
export const CONTROL = { generation: 0, done: 1, stop: 2, failed: 3, ready: 4 } as const;
/** Bytes of the header and of each helper's argument slot. */
export const HEADER_BYTES = 64;
export const SLOT_BYTES = 512;
/** Most numeric arguments one kernel call takes (a slot holds the kernel id, the count and these). */
export const MAX_ARGS = (SLOT_BYTES - 8) / 8;

/** What the pool needs of a thread: a Web Worker, or Node's worker_threads.Worker wrapped alike. */
export interface PoolThread {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  terminate(): void;
}

/** Starts a thread running `source` (plain JavaScript that talks to its parent with postMessage). */
export type SpawnThread = (source: string) => PoolThread;

/** A Blob worker: no separate bundle, and allowed by the app's CSP (worker-src blob:). */
export const spawnBlobWorker: SpawnThread = (source) => {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
    terminate: () => worker.terminate(),
  };
};

/** How long a waiting caller gives up on helpers that stopped answering (a crashed thread). */
const STALL_MS = 30_000;
/** Spins of the caller before it sleeps on the done counter. */
const CALLER_SPINS = 1 << 16;

export class NativePool implements SplitRunner {
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly ids: Map<string, number>;
  private broken: string | null = null;

  private constructor(
    private readonly threads: PoolThread[],
    buffer: SharedArrayBuffer,
    names: readonly string[],
  ) {
    this.control = new Int32Array(buffer);
    this.args = new Float64Array(buffer);
    this.ids = new Map(names.map((name, i) => [name, i]));
  }

  /** Number of threads a call is split across, the caller's included. */
  get size(): number {
    return this.threads.length + 1;
  }

  /**
   * Spawns `helpers` threads with the kernels `module` on `memory` and resolves once every one has
   * instantiated it (a thread that fails to start rejects, with its reason).
   */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    names: readonly string[],
    helpers: number,
    spawn: SpawnThread = spawnBlobWorker,
  ): Promise<NativePool> {
    const buffer = new SharedArrayBuffer(HEADER_BYTES + helpers * SLOT_BYTES);
    const threads: PoolThread[] = [];
    try {
      await Promise.all(
        Array.from({ length: helpers }, (_, index) => {
          const thread = spawn(POOL_THREAD_SOURCE);
          threads.push(thread);
          return new Promise<void>((resolve, reject) => {
            thread.onMessage((message) => {
              const m = message as { type?: string; error?: string };
              if (m.type === 'ready') resolve();
              else if (m.type === 'error') reject(new Error(`native pool thread ${index + 1}: ${m.error}`));
            });
            thread.postMessage({ module, memory, control: buffer, index, names, headerBytes: HEADER_BYTES, slotBytes: SLOT_BYTES });
          });
        }),
      );
    } catch (error) {
      for (const t of threads) t.terminate();
      throw error;
    }
    return new NativePool(threads, buffer, names);
  }

  run(kernels: NativeKernels, name: NativeKernelName, total: number, args: SplitArgs, grain: number): void {
    if (this.broken !== null) throw new Error(this.broken);
    const id = this.ids.get(name);
    const parts = Math.min(this.size, Math.floor(total / grain));
    if (id === undefined || parts < 2) {
      callRange(kernels, name, args(0, total));
      return;
    }
    // Equal parts in whole grains; the caller takes the first, helpers the rest (or nothing).
    const chunk = Math.ceil(total / parts / grain) * grain;
    const c = this.control;
    for (let h = 0; h < this.threads.length; h++) {
      const start = Math.min(total, (h + 1) * chunk);
      const end = Math.min(total, start + chunk);
      const slot = (HEADER_BYTES + h * SLOT_BYTES) / 4;
      if (start >= end) {
        c[slot] = -1;
        continue;
      }
      const values = args(start, end);
      if (values.length > MAX_ARGS) throw new Error(`native pool: ${name} takes ${values.length} arguments, at most ${MAX_ARGS} fit.`);
      c[slot] = id;
      c[slot + 1] = values.length;
      this.args.set(values, (HEADER_BYTES + h * SLOT_BYTES + 8) / 8);
    }
    Atomics.store(c, CONTROL.done, 0);
    Atomics.add(c, CONTROL.generation, 1);
    Atomics.notify(c, CONTROL.generation);
    try {
      callRange(kernels, name, args(0, Math.min(total, chunk)));
    } finally {
      this.waitForHelpers();
    }
    if (Atomics.load(c, CONTROL.failed) !== 0) {
      this.broken = `native pool: a helper thread failed running ${name}; the pool is stopped.`;
      throw new Error(this.broken);
    }
  }

  private waitForHelpers(): void {
    const c = this.control;
    const helpers = this.threads.length;
    let spins = 0;
    let since = 0;
    for (;;) {
      const done = Atomics.load(c, CONTROL.done);
      if (done >= helpers) return;
      if (++spins < CALLER_SPINS) continue;
      since ||= Date.now();
      Atomics.wait(c, CONTROL.done, done, 100);
      if (Date.now() - since > STALL_MS) {
        this.broken = `native pool: helper threads stopped answering (${done} of ${helpers} done after ${STALL_MS / 1000} s).`;
        throw new Error(this.broken);
      }
    }
  }

  /** Stops and frees the helper threads. */
  stop(): void {
    Atomics.store(this.control, CONTROL.stop, 1);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    for (const t of this.threads) t.terminate();
    this.broken = 'native pool: stopped.';
  }
}

let starting: Promise<NativePool | null> | null = null;
let enabled = true;

/** Keeps the pool from starting (the bench's side-by-side "one native thread" cells). */
export function setNativePoolEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Starts the pool for `backend`'s heap and attaches it to runSplit once every helper is ready, where
 * that can work: a shared heap (the threaded build), more than one thread wanted, and a scope where
 * Atomics.wait is allowed (a worker). Never throws: without a pool everything runs on one thread.
 */
export function startNativePool(
  backend: WasmBackend,
  threads: number,
  spawn: SpawnThread = spawnBlobWorker,
): Promise<NativePool | null> {
  starting ??= (async () => {
    const memory = backendMemory(backend);
    const kernels = nativeKernels(backend);
    const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
    if (!enabled || threads < 2 || memory === null || kernels === null || !(memory.buffer instanceof SharedArrayBuffer) || !inWorker) return null;
    try {
      const pool = await NativePool.start(moduleOf(kernels), memory, kernelNames(kernels), threads - 1, spawn);
      setSplitRunner(pool);
      return pool;
    } catch (error) {
      console.warn('native kernels stay on one thread:', error);
      return null;
    }
  })();
  return starting;
}
