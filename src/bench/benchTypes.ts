/** Messages of the benchmark page and its worker, and the result rows `npm run bench` prints. */
import type { BackendName } from '../engine/protocol';
import type { CeilingResult } from './wasmCeiling';
import type { TimeToResult } from './timeToResult';

export interface BenchRequest {
  models: string[];
  backends: BackendName[];
  batch: number;
  seconds: number;
  fit: boolean;
  /** Threads a step runs on (1 = the single-threaded build); undefined = the app's own default. */
  wasmThreads?: number;
  /** XNNPACK's own threads when fewer than wasmThreads (the native pool keeps wasmThreads). */
  xnnpackThreads?: number;
  /** Fewest taps of a Conv2D for the implicit route (conv2dForward.ts), when not the default. */
  minTaps?: number;
  /** Also measure the WebAssembly matrix-product ceiling with these threads (src/bench/wasmCeiling.ts). */
  ceiling?: boolean;
  /** Start the native kernels' helper threads (nativePool.ts); false = they stay on one thread. */
  nativePool: boolean;
  /** Stock tfjs-wasm plus only Conv2DBackpropFilter (the bench's model.fit baseline). */
  stock?: boolean;
  /** Also (or, with no models, only) measure the time to this test accuracy of the first model. */
  timeToResult?: { model: string; target: number; maxSeconds: number };
  /** Compare the native kernels with the routes they replace on this backend's heap (log line). */
  selfCheck?: boolean;
  /** After timing our loop, log where its step's time goes (kernelProfile.ts): 1 by kernel, 2 by kernel and shapes. */
  profile?: 0 | 1 | 2;
  /** Run our loop (else model.fit only). */
  ours: boolean;
  /**
   * Measure our loop and model.fit this many times each, alternating (ours, fit, ours, fit…), and report
   * each one's median: a machine whose speed drifts between the two measurements then biases neither.
   */
  rounds: number;
  datasetBaseUrl: string;
}

export interface BenchResult {
  model: string;
  backend: string;
  runner: 'ours' | 'model.fit' | 'fit, stock wasm' | 'pytorch';
  where: 'browser' | 'node' | 'native';
  batch: number;
  examplesPerSecond: number;
  /** Training FLOP per example of the model (src/bench/trainingFlops.ts), for "% of the ceiling". */
  flopsPerExample?: number;
  /** XNNPACK threads the wasm backend ran with. */
  wasmThreads?: number;
  /** Each round's examples/s when the runner was measured more than once (examplesPerSecond is their median). */
  rounds?: number[];
}

export type BenchMessage =
  | { type: 'log'; text: string }
  | { type: 'result'; result: BenchResult }
  | { type: 'ceiling'; result: CeilingResult }
  | { type: 'timeToResult'; result: TimeToResult }
  | { type: 'done'; results: BenchResult[] }
  | { type: 'error'; text: string };
