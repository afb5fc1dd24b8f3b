/**
 * Every diverging setup stops within one batch, on the cpu backend and on wasm (whose clamp turns a NaN
 * probability into a bound, so the clipped loss alone stayed at 16.1 and the run "finished"), and the
 * fault says NaN or overflow and where.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../backends/wasmTrainingKernels';
import type { Dataset } from '../data/datasets';
import { loadDatasetFromDisk } from '../node/datasetSource';
import type { BackendName, EngineEvent, ProgressEvent } from '../protocol';
import { buildModel, makeOptimizer } from '../spec/build';
import { getPreset } from '../spec/presets';
import { type LayerSpec, type ModelSpec, SPEC_VERSION, type TrainingSpec } from '../spec/types';
import { batchHealth, countsFrom, divergenceFault, firstBadBatch } from './divergence';
import { TrainingLoop } from './loop';
import { makeResidentData } from './residentData';

let mnist: Dataset;
let wasmReady = false;

beforeAll(async () => {
  mnist = await loadDatasetFromDisk('mnist');
});

async function useBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  expect(await tf.setBackend(backend)).toBe(true);
  if (backend === 'wasm' && !wasmReady) {
    registerWasmTrainingKernels();
    wasmReady = true;
  }
}

/** 18 linear dense layers (the last one the head) with a large initial weight spread. */
function deepLinear(head: 'softmax' | 'linear'): ModelSpec {
  const dense = (units: number, activation: 'linear' | 'softmax'): LayerSpec => ({
    type: 'dense',
    units,
    activation,
    useBias: true,
    kernelInitializer: 'randomNormal',
    initStddev: 10, // the largest the builder allows
  });
  const layers: LayerSpec[] = [{ type: 'flatten' }];
  for (let i = 0; i < 17; i++) layers.push(dense(256, 'linear'));
  layers.push(dense(10, head));
  const training: TrainingSpec = {
    optimizer: 'sgd',
    learningRate: 0.01,
    batchSize: 32,
    epochs: 1,
    seed: 1,
    l2: 0,
  };
  return {
    version: SPEC_VERSION,
    name: 'deep linear',
    inputShape: [28, 28, 1],
    numClasses: 10,
    layers,
    training,
  };
}

function tiny(training: Partial<TrainingSpec>): ModelSpec {
  const spec = getPreset('tiny')!.spec;
  spec.training = { ...spec.training, batchSize: 32, epochs: 2, ...training };
  return spec;
}

async function train(spec: ModelSpec, backend: BackendName) {
  const before = tf.memory().numTensors;
  const optimizer = makeOptimizer(spec.training);
  const model = buildModel(spec);
  const data = makeResidentData(
    mnist,
    { trainLimit: 320, validationSplit: 0, testLimit: 32 },
    spec.training.batchSize,
    spec.training.seed,
  );
  const events: EngineEvent[] = [];
  let t = 0;
  const loop = new TrainingLoop({
    runId: 1,
    spec,
    model,
    optimizer,
    data,
    // A progress event per batch.
    now: () => (t += 1000),
    backend,
    readEveryBatch: true,
    post: (event) => events.push(event),
  });
  const outcome = await loop.run();
  data.dispose();
  optimizer.dispose();
  // tfjs's momentum optimiser keeps its learning-rate scalar `c`: its dispose() does not call SGD's.
  (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
  model.dispose();
  const progress = events.filter((e): e is ProgressEvent => e.type === 'progress');
  return { outcome, progress, events, leaked: tf.memory().numTensors - before };
}

const setups: { name: string; spec: () => ModelSpec; badBatch: number; kind: RegExp; where: RegExp }[] = [
  {
    name: '18 linear dense layers, large init, softmax head',
    spec: () => deepLinear('softmax'),
    badBatch: 1,
    kind: /NaN|overflowed/,
    where: /outputs/,
  },
  {
    name: '18 linear dense layers, large init, logits head',
    spec: () => deepLinear('linear'),
    badBatch: 1,
    kind: /overflowed to ±Infinity|NaN/,
    where: /outputs/,
  },
  {
    name: 'sgd with a learning rate that blows up (1e30)',
    spec: () => tiny({ optimizer: 'sgd', learningRate: 1e30 }),
    badBatch: 2,
    kind: /NaN|overflowed/,
    where: /outputs|gradients/,
  },
  {
    name: 'momentum with a learning rate that blows up (1e30)',
    spec: () => tiny({ optimizer: 'momentum', learningRate: 1e30 }),
    badBatch: 2,
    kind: /NaN|overflowed/,
    where: /outputs|gradients/,
  },
  {
    name: 'adam with a learning rate of 1e38',
    spec: () => tiny({ optimizer: 'adam', learningRate: 1e38 }),
    badBatch: 2,
    kind: /NaN|overflowed/,
    where: /outputs|gradients/,
  },
];

describe.each(['cpu', 'wasm'] as const)('divergence on %s', (backend) => {
  it.each(setups)(
    '$name stops within one batch and says what and where',
    async ({ spec, badBatch, kind, where }) => {
      await useBackend(backend);
      const { outcome, progress, events, leaked } = await train(spec(), backend);
      expect(outcome.state).toBe('failed');
      expect(outcome.fault?.kind).toBe('nan');
      expect(outcome.fault?.message).toContain(`epoch 1, batch ${badBatch}:`);
      expect(outcome.fault?.message).toMatch(kind);
      expect(outcome.fault?.message).toMatch(where);
      expect(outcome.fault?.message).toMatch(/weights of layers? \S+/);
      // No batch trained after the one that went bad, and no epoch reported as finished.
      expect(progress.at(-1)!.batch).toBe(badBatch);
      expect(progress.at(-1)!.examplesSeen).toBe(badBatch * 32);
      expect(events.some((e) => e.type === 'epochEnd')).toBe(false);
      expect(leaked).toBe(0);
    },
  );

  it('leaves a healthy run alone', async () => {
    await useBackend(backend);
    const { outcome, progress } = await train(tiny({ epochs: 1 }), backend);
    expect(outcome.state).toBe('finished');
    expect(progress.at(-1)!.batch).toBe(10);
  });
});

describe('health vector', () => {
  it('counts NaN and ±Infinity in the outputs and flags them across all gradients', async () => {
    await useBackend('cpu');
    const output = tf.tensor2d([
      [1, NaN],
      [Infinity, 2],
    ]);
    const grads = { a: tf.tensor1d([0, -Infinity, 3]), b: tf.tensor2d([[NaN, NaN]]) };
    const health = batchHealth(output, grads);
    expect(Array.from(await health.data())).toEqual([1, 1, 1, 0, 1]);
    const overflow = batchHealth(tf.ones([1, 2]), {
      a: tf.tensor1d([Infinity]),
      b: tf.tensor1d([-Infinity]),
    });
    expect(Array.from(await overflow.data())).toEqual([0, 0, 0, 1, 1]);
    overflow.dispose();
    const clean = batchHealth(tf.ones([2, 2]), { a: tf.ones([3]) });
    expect(Array.from(await clean.data())).toEqual([0, 0, 0, 0, 0]);
    tf.dispose([output, health, clean, grads.a, grads.b]);
  });

  it('names overflow before NaN, and the first bad batch of a window', () => {
    const spec = tiny({ optimizer: 'sgd', learningRate: 5 });
    const counts = countsFrom([0, 0, 3, 7, 4], 0);
    expect(firstBadBatch(12, counts)).toBe(9);
    const fault = divergenceFault({
      spec,
      epoch: 0,
      windowEnd: 12,
      counts,
      badLayers: ['conv2d_1', 'dense_3'],
    });
    expect(fault.message).toBe(
      'The gradients overflowed to ±Infinity at epoch 1, batch 9: training diverged, so the run was stopped. The weights of layers conv2d_1, dense_3 are no longer finite.',
    );
    expect(fault.hint).toMatch(/learning rate 5 is high for sgd/);
    const nan = divergenceFault({
      spec,
      epoch: 2,
      windowEnd: 1,
      counts: countsFrom([4, 0, 0, 0, 1], 0),
      badLayers: [],
    });
    expect(nan.message).toBe(
      'The network’s outputs became NaN (not a number) at epoch 3, batch 1: training diverged, so the run was stopped.',
    );
  });
});
