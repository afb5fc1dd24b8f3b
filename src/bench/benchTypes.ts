/** Messages of the benchmark page and its worker, and the result rows `npm run bench` prints. */
import type { BackendName } from '../engine/protocol';

export interface BenchRequest {
  models: string[];
  backends: BackendName[];
  batch: number;
  seconds: number;
  fit: boolean;
  /** Force the threaded WebAssembly build on or off; undefined = the app's own default. */
  wasmThreads?: boolean;
  datasetBaseUrl: string;
}

export interface BenchResult {
  model: string;
  backend: string;
  runner: 'ours' | 'model.fit' | 'pytorch';
  where: 'browser' | 'node' | 'native';
  batch: number;
  examplesPerSecond: number;
}

export type BenchMessage =
  | { type: 'log'; text: string }
  | { type: 'result'; result: BenchResult }
  | { type: 'done'; results: BenchResult[] }
  | { type: 'error'; text: string };
