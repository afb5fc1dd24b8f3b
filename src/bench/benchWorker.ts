/// <reference lib="webworker" />
/**
 * The benchmark's worker: for each backend and model, measures training throughput of the playground's
 * own loop (TrainingSession, exactly what the app runs) and of a plain `model.fit` on the same resident
 * data, side by side in one run. Throughput is the median over ~1 s windows after a warm-up.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { activate } from '../engine/backend';
import { DatasetCache } from '../engine/datasetCache';
import type { BackendName, EngineEvent } from '../engine/protocol';
import { buildModel, makeOptimizer } from '../engine/spec/build';
import { getPreset } from '../engine/spec/presets';
import type { ModelSpec } from '../engine/spec/types';
import { TrainingSession } from '../engine/session/session';
import { uploadSplit } from '../engine/train/residentData';
import { setUpWasm } from '../engine/wasmSetup';
import { poolThreadsFor } from '../engine/wasmThreads';
import { setMinTaps } from '../engine/backends/conv2dForward';
import { heapF32, wasmThreadCount, type WasmBackend } from '../engine/backends/wasmBackendAccess';
import { measureMatMulCeiling } from './wasmCeiling';
import { trainingFlopsPerExample } from './trainingFlops';
import { measureTimeToResult } from './timeToResult';
import { describeProfile, profileWhileTraining } from './kernelProfile';
import { nativePoolSelfCheck, nativeSelfCheck } from './nativeSelfCheck';
import { setNativePoolEnabled, startNativePool } from '../engine/backends/native/nativePool';
import { relaxedSimdSupported } from '../engine/backends/native/nativeKernels';
import type { BenchRequest, BenchResult, BenchMessage } from './benchTypes';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: BenchMessage) => scope.postMessage(message);

/** Median examples/s over windows of at least `windowMs` between (time, examples) samples. */
export function windowedMedian(samples: [number, number][], windowMs = 1000): number {
  const rates: number[] = [];
  let start = 0;
  for (let i = 1; i < samples.length; i++) {
    const dt = samples[i][0] - samples[start][0];
    if (dt >= windowMs || (i === samples.length - 1 && rates.length === 0 && dt > 0)) {
      rates.push(((samples[i][1] - samples[start][1]) * 1000) / dt);
      start = i;
    }
  }
  rates.sort((a, b) => a - b);
  return rates.length ? rates[Math.floor(rates.length / 2)] : NaN;
}

/** The median of a few measurements (the mean of the middle two for an even count). */
export function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

function benchSpec(model: string, batch: number): ModelSpec {
  const preset = getPreset(model);
  if (!preset) throw new Error(`unknown model ${model}`);
  return { ...preset.spec, training: { ...preset.spec.training, batchSize: batch, epochs: 1000 } };
}

async function measureOurs(spec: ModelSpec, datasets: DatasetCache, backend: BackendName, seconds: number, profile: 0 | 1 | 2): Promise<number> {
  const samples: [number, number][] = [];
  let warmedUpAt: number | null = null;
  let examplesSeen = 0;
  const runId = 1;
  let ended: ((value: void) => void) | null = null;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const session = new TrainingSession({
    post: (event: EngineEvent) => {
      if (event.type === 'progress') {
        const now = performance.now();
        examplesSeen = event.examplesSeen;
        // Warm-up: the first ~2 s and first 3 batches (shader compiles, buffer pools) are not counted.
        if (warmedUpAt === null && event.examplesSeen >= 3 * spec.training.batchSize) warmedUpAt = now;
        if (warmedUpAt !== null) samples.push([now, event.examplesSeen]);
      }
      if (event.type === 'fault') post({ type: 'log', text: `fault on ${backend}: ${event.message}` });
      if (event.type === 'runState' && event.state !== 'running' && event.state !== 'paused') ended?.();
    },
    getDataset: (name) => datasets.get(name),
    backendName: () => backend,
  });
  await session.handle({
    type: 'train',
    runId,
    spec,
    dataset: 'fashion-mnist',
    options: { trainLimit: 60000, validationSplit: 0, testLimit: 100 },
  });
  // Software-rendered backends take ~20 s a batch: allow the warm-up plus three timed batches.
  const deadline = performance.now() + seconds * 1000 + 300_000;
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    if (warmedUpAt !== null && performance.now() - warmedUpAt > seconds * 1000 && samples.length > 2) break;
  }
  if (profile) {
    const p = await profileWhileTraining(5000, spec.training.batchSize, () => examplesSeen, profile === 2);
    post({ type: 'log', text: describeProfile(`${backend} / ${spec.name}`, p) });
  }
  await session.handle({ type: 'stop', runId });
  await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
  session.dispose();
  return windowedMedian(samples);
}

async function measureFit(spec: ModelSpec, datasets: DatasetCache, seconds: number, oursSpeed: number): Promise<number> {
  const data = await datasets.get('fashion-mnist');
  const batch = spec.training.batchSize;
  // Enough examples for about `seconds` at the measured speed of our loop, at least 4 batches.
  const batches = Math.max(4, Math.min(200, Math.ceil((Number.isFinite(oursSpeed) ? oursSpeed : 10) * seconds / batch)));
  const split = uploadSplit(data.train, batches * batch);
  const ys = tf.oneHot(split.labels, 10);
  const model = buildModel(spec);
  model.compile({ optimizer: makeOptimizer(spec.training), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const samples: [number, number][] = [];
  try {
    const [warmX, warmY] = [split.images.slice(0, 2 * batch), ys.slice(0, 2 * batch)];
    await model.fit(warmX, warmY, { batchSize: batch, epochs: 1 }); // warm-up
    tf.dispose([warmX, warmY]);
    let seen = 0;
    samples.push([performance.now(), 0]);
    await model.fit(split.images, ys, {
      batchSize: batch,
      epochs: 1,
      shuffle: true,
      callbacks: {
        onBatchEnd: async () => {
          seen += batch;
          samples.push([performance.now(), seen]);
        },
      },
    });
    return windowedMedian(samples);
  } finally {
    tf.dispose([split.images, split.labels, ys]);
    model.optimizer?.dispose();
    model.dispose();
  }
}

async function run(request: BenchRequest): Promise<void> {
  setUpWasm({ threads: request.wasmThreads, stock: request.stock, xnnpackThreads: request.xnnpackThreads ?? (request.ceiling || request.stock ? request.wasmThreads : undefined) });
  setNativePoolEnabled(request.nativePool);
  if (request.minTaps !== undefined) setMinTaps(request.minTaps);
  const datasets = new DatasetCache(request.datasetBaseUrl, () => {});
  await datasets.get('fashion-mnist');
  const results: BenchResult[] = [];
  for (const backend of request.backends) {
    const failure = await activate(backend);
    if (failure) {
      post({ type: 'log', text: `skipping ${backend}: ${failure}` });
      continue;
    }
    let wasmThreads: number | undefined;
    if (backend === 'wasm') {
      const threads = wasmThreadCount(tf.backend() as unknown as WasmBackend);
      const shared = heapF32(tf.backend() as unknown as WasmBackend).buffer instanceof SharedArrayBuffer;
      const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
      post({ type: 'log', text: `wasm threads: ${threads} (crossOriginIsolated ${isolated}, shared heap ${shared}${request.stock ? ', stock kernels' : ''})` });
      // The threads a step runs on: the native pool's (XNNPACK may have fewer, xnnpackThreadsFor).
      wasmThreads = poolThreadsFor(threads);
      const pool = await startNativePool(tf.backend() as unknown as WasmBackend, wasmThreads);
      post({ type: 'log', text: `native kernels: ${pool === null ? 'one thread' : `${pool.size} threads`}` });
      if (request.ceiling) post({ type: 'ceiling', result: await measureMatMulCeiling(threads) });
      if (request.selfCheck) {
        post({ type: 'log', text: `native kernels: relaxed SIMD ${relaxedSimdSupported() ? 'on' : 'off'}` });
        const failures = nativeSelfCheck();
        post({ type: 'log', text: `native self-check: ${failures.length === 0 ? 'all equal' : `differ: ${failures.join(', ')}`}` });
        const split = nativePoolSelfCheck();
        post({ type: 'log', text: `native pool self-check: ${split === 'no pool' ? split : split.length === 0 ? 'all equal' : `differ: ${split.join(', ')}`}` });
      }
    }
    for (const model of request.models) {
      const spec = benchSpec(model, request.batch);
      const counted = buildModel(spec);
      const extra = { flopsPerExample: trainingFlopsPerExample(counted), wasmThreads };
      counted.dispose();
      // Without our loop to size model.fit's data by, assume a slow backend (≥ 4 batches anyway).
      const ours: number[] = [];
      const fit: number[] = [];
      for (let round = 0; round < request.rounds; round++) {
        const tag = request.rounds > 1 ? ` (round ${round + 1} of ${request.rounds})` : '';
        if (request.ours) {
          post({ type: 'log', text: `${backend} / ${model}: our loop…${tag}` });
          // The profile, when asked for, follows the last round only.
          ours.push(await measureOurs(spec, datasets, backend, request.seconds, round === request.rounds - 1 ? request.profile ?? 0 : 0));
        }
        if (request.fit) {
          post({ type: 'log', text: `${backend} / ${model}: model.fit…${tag}` });
          fit.push(await measureFit(spec, datasets, request.seconds, ours.length ? middle(ours) : 200));
        }
      }
      const runners: [BenchResult['runner'], number[]][] = [['ours', ours], [request.stock ? 'fit, stock wasm' : 'model.fit', fit]];
      for (const [runner, runs] of runners) {
        if (runs.length === 0) continue;
        results.push({ model, backend, runner, where: 'browser', batch: request.batch, examplesPerSecond: middle(runs), ...extra, ...(runs.length > 1 ? { rounds: runs } : {}) });
        post({ type: 'result', result: results[results.length - 1] });
      }
      post({ type: 'log', text: `tensors alive: ${tf.memory().numTensors}` });
    }
    if (request.timeToResult) {
      const { model, target, maxSeconds } = request.timeToResult;
      const log = (text: string) => post({ type: 'log', text });
      post({ type: 'timeToResult', result: await measureTimeToResult(model, target, datasets, backend, maxSeconds, log) });
    }
  }
  post({ type: 'done', results });
}

scope.onmessage = (message: MessageEvent<BenchRequest>) => {
  run(message.data).catch((error: unknown) => post({ type: 'error', text: error instanceof Error ? error.stack ?? error.message : String(error) }));
};
