import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Dataset, loadDataset } from '../data/datasets';
import type { EngineEvent, TrainOptions } from '../protocol';
import { buildModel, makeOptimizer } from '../spec/build';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { type LoopOutcome, TrainingLoop } from './loop';
import { makeResidentData } from './residentData';

let mnist: Dataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadDataset('mnist', async (file) => new Uint8Array(await readFile(join('/work/shared/datasets/mnist', file))));
});

function tinySpec(overrides: Partial<ModelSpec['training']> = {}): ModelSpec {
  const spec = getPreset('tiny')!.spec;
  spec.training = { ...spec.training, ...overrides };
  return spec;
}

async function train(spec: ModelSpec, options: TrainOptions): Promise<{ events: EngineEvent[]; outcome: LoopOutcome; model: tf.LayersModel }> {
  const events: EngineEvent[] = [];
  const model = buildModel(spec);
  const optimizer = makeOptimizer(spec.training);
  const data = makeResidentData(mnist, options, spec.training.batchSize, spec.training.seed);
  const loop = new TrainingLoop({
    runId: 1, spec, model, optimizer, data, post: (e) => events.push(e), now: () => performance.now(), backend: 'cpu', readEveryBatch: true,
  });
  const outcome = await loop.run();
  data.dispose();
  optimizer.dispose();
  return { events, outcome, model };
}

describe('TrainingLoop', () => {
  it('learns MNIST well above chance', async () => {
    const t0 = performance.now();
    const { events, outcome, model } = await train(tinySpec({ epochs: 1, batchSize: 32, learningRate: 0.01 }), { trainLimit: 3072, validationSplit: 0, testLimit: 1000 });
    console.log(((performance.now() - t0) / 1000).toFixed(1), 's', JSON.stringify(events.filter((e) => e.type !== 'progress').map((e) => e.type === 'evaluation' ? e.evaluation.accuracy : e)));
    console.log(events.filter((e) => e.type === 'progress').length, 'progress events');
    expect(outcome.state).toBe('finished');
    expect(outcome.evaluation!.accuracy).toBeGreaterThan(0.85);
    model.dispose();
  });
});
