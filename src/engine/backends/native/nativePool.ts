/**
 * A pool of helper threads that run parts of one native kernel call at the same time, on the shared
 * heap of tfjs-wasm's threaded build. XNNPACK's own thread pool only parallelises its matrix
 * products; without this, everything kernels.wat does (and our own products) ran on one core.
 *
 * Each helper instantiates the same kernels module on the same shared memory. A call is handed over
 * through a small SharedArrayBuffer, not postMessage: the caller cuts the range into a few parts per
 * thread, writes each part's arguments into a slot, bumps a generation counter and wakes the helpers
 * (Atomics.notify); then every thread, the caller included, claims parts one at a time until none are
 * left, and the caller waits for the done counter. Claiming (rather than one fixed half each) keeps a
 * helper that wakes late, or a core the browser takes for a moment, from holding up the whole call.
 * A claim is a compare-and-swap on one word holding the run's generation and the next part, so a
 * helper still looking at a finished call cannot take a part of the next one by mistake. Helpers
 * spin briefly before sleeping (Atomics.wait), because the kernels of one training step come in bursts
 * a few hundred microseconds apart and a futex wake-up costs tens of microseconds.
 *
 * Every part writes only its own range (nativeSplit.ts), so results are the same for any number of
 * helpers. Atomics.wait is not allowed on a page's main thread: the pool runs in workers (and Node).
 */
import type { WasmBackend } from '../wasmBackendAccess';
import { callRange, setSplitRunner, type NativeKernelName, type SplitArgs, type SplitRunner } from './nativeSplit';
import { backendMemory, kernelNames, moduleOf, nativeKernels, type NativeKernels } from './nativeKernels';
import { POOL_THREAD_SOURCE } from './nativePoolThread';

/**
 * Int32 indices of the control block's header. `claim` holds (generation & 0xffff) << 16 | next part;
 * `parts` the number of parts of the current call; `done` how many of them are finished.
 */
export const CONTROL = { generation: 0, done: 1, stop: 2, failed: 3, ready: 4, claim: 5, parts: 6 } as const;
/** Bytes of the header and of each part's argument slot. */
export const HEADER_BYTES = 64;
export const SLOT_BYTES = 512;
/** Parts a call is cut into per thread, at most (fewer when the range has fewer grains). */
export const PARTS_PER_THREAD = 4;
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

/**
 * Claims the next part of the call of `generation`: its index, or −1 when none is left or that call is
 * over. The same protocol runs in the helpers (nativePoolThread.ts).
 */
export function claimPart(c: Int32Array, generation: number): number {
  const tag = generation & 0xffff;
  for (;;) {
    const word = Atomics.load(c, CONTROL.claim);
    if (((word >>> 16) & 0xffff) !== tag) return -1;
    const next = word & 0xffff;
    if (next >= Atomics.load(c, CONTROL.parts)) return -1;
    if (Atomics.compareExchange(c, CONTROL.claim, word, word + 1) === word) return next;
  }
}

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
    const buffer = new SharedArrayBuffer(HEADER_BYTES + PARTS_PER_THREAD * (helpers + 1) * SLOT_BYTES);
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
    const wanted = Math.min(PARTS_PER_THREAD * this.size, Math.floor(total / grain));
    if (id === undefined || wanted < 2) {
      callRange(kernels, name, args(0, total));
      return;
    }
    // Equal parts in whole grains, each one slot.
    const chunk = Math.ceil(total / wanted / grain) * grain;
    const parts = Math.ceil(total / chunk);
    const c = this.control;
    const ranges: number[][] = [];
    for (let p = 0; p < parts; p++) {
      const values = args(p * chunk, Math.min(total, (p + 1) * chunk));
      if (values.length > MAX_ARGS) throw new Error(`native pool: ${name} takes ${values.length} arguments, at most ${MAX_ARGS} fit.`);
      const slot = (HEADER_BYTES + p * SLOT_BYTES) / 4;
      c[slot] = id;
      c[slot + 1] = values.length;
      this.args.set(values, (HEADER_BYTES + p * SLOT_BYTES + 8) / 8);
      ranges.push(values);
    }
    const generation = (Atomics.load(c, CONTROL.generation) + 1) | 0;
    Atomics.store(c, CONTROL.parts, parts);
    Atomics.store(c, CONTROL.done, 0);
    Atomics.store(c, CONTROL.claim, (generation & 0xffff) << 16);
    Atomics.store(c, CONTROL.generation, generation);
    Atomics.notify(c, CONTROL.generation);
    let failure: unknown = null;
    for (let p = claimPart(c, generation); p >= 0; p = claimPart(c, generation)) {
      try {
        callRange(kernels, name, ranges[p]);
      } catch (error) {
        failure ??= error;
      }
      Atomics.add(c, CONTROL.done, 1);
    }
    this.waitForParts(parts);
    if (failure !== null || Atomics.load(c, CONTROL.failed) !== 0) {
      const where = failure !== null ? `the calling thread failed running ${name} (${failure instanceof Error ? failure.message : String(failure)})` : `a helper thread failed running ${name}`;
      this.broken = `native pool: ${where}; the pool is stopped.`;
      throw new Error(this.broken);
    }
  }

  private waitForParts(parts: number): void {
    const c = this.control;
    let spins = 0;
    let since = 0;
    for (;;) {
      const done = Atomics.load(c, CONTROL.done);
      if (done >= parts) return;
      if (++spins < CALLER_SPINS) continue;
      since ||= Date.now();
      Atomics.wait(c, CONTROL.done, done, 100);
      if (Date.now() - since > STALL_MS) {
        this.broken = `native pool: helper threads stopped answering (${done} of ${parts} parts done after ${STALL_MS / 1000} s).`;
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
