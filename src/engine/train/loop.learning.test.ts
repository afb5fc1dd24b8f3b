import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../backends/wasmTrainingKernels';
import type { Dataset } from '../data/datasets';
import { loadDatasetFromDisk } from '../node/datasetSource';
import type { EngineEvent } from '../protocol';
import { buildModel, makeOptimizer } from '../spec/build';
import { getPreset } from '../spec/presets';
import { TrainingLoop } from './loop';
import { makeResidentData } from './residentData';

let mnist: Dataset;

// wasm with the project's training kernels: ~30× faster than tfjs `cpu` on conv nets, which keeps this
// file short on a busy machine (the cpu backend trains in loop.test.ts and session.test.ts).
beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  mnist = await loadDatasetFromDisk('mnist');
});

it('the tiny preset learns MNIST well above chance from 3,072 images (≥ 85 % on the first 1,000 test images)', async () => {
  const spec = getPreset('tiny')!.spec;
  // Batch 32 and a livelier Adam: 96 steps are enough.
  spec.training = { ...spec.training, epochs: 1, batchSize: 32, learningRate: 0.01 };
  const model = buildModel(spec);
  const optimizer = makeOptimizer(spec.training);
  const data = makeResidentData(mnist, { trainLimit: 3072, validationSplit: 0, testLimit: 1000 }, 32, spec.training.seed);
  const events: EngineEvent[] = [];
  const started = performance.now();
  const outcome = await new TrainingLoop({
    runId: 7, spec, model, optimizer, data, post: (e) => events.push(e), now: () => performance.now(), backend: 'wasm', readEveryBatch: true,
  }).run();
  const seconds = (performance.now() - started) / 1000;
  data.dispose();
  optimizer.dispose();
  model.dispose();

  expect(outcome.state).toBe('finished');
  const evaluation = outcome.evaluation!;
  console.log(`tiny preset, 3072 images, 1 epoch: test accuracy ${evaluation.accuracy} loss ${evaluation.loss.toFixed(4)} in ${seconds.toFixed(1)} s`);
  expect(evaluation.count).toBe(1000);
  expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.85);
  // The confusion matrix accounts for every image, and its diagonal is the accuracy.
  const total = evaluation.confusion.flat().reduce((a, b) => a + b, 0);
  const diagonal = evaluation.confusion.reduce((sum, row, i) => sum + row[i], 0);
  expect(total).toBe(1000);
  expect(diagonal / total).toBeCloseTo(evaluation.accuracy, 10);
  // The loss curve went down: the last progress loss is below the first.
  const progress = events.filter((e) => e.type === 'progress');
  expect(progress.at(-1)!.loss).toBeLessThan(progress[0].loss);
  // Throttled: at most ~10 progress events a second (plus the flushes at the end).
  expect(progress.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2);
});
