import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/datasets';
import { loadDatasetFromDisk } from '../node/datasetSource';
import type { EngineEvent, EpochEvent, ProgressEvent, TrainOptions } from '../protocol';
import { buildModel, makeOptimizer } from '../spec/build';
import { getPreset } from '../spec/presets';
import type { ModelSpec, TrainingSpec } from '../spec/types';
import { type LoopOptions, type LoopOutcome, TrainingLoop } from './loop';
import { makeResidentData } from './residentData';

let mnist: Dataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadDatasetFromDisk('mnist');
});

function tiny(training: Partial<TrainingSpec>): ModelSpec {
  const spec = getPreset('tiny')!.spec;
  spec.training = { ...spec.training, batchSize: 32, epochs: 1, ...training };
  return spec;
}

/** Builds a loop on real data; `control` may drive it while it runs. */
async function runLoop(
  spec: ModelSpec,
  options: TrainOptions,
  extra: Partial<LoopOptions> = {},
  control?: (loop: TrainingLoop, events: EngineEvent[]) => void,
): Promise<{ events: EngineEvent[]; outcome: LoopOutcome; tensorsAtEpochEnd: number[] }> {
  const model = buildModel(spec);
  const optimizer = makeOptimizer(spec.training);
  const data = makeResidentData(mnist, options, spec.training.batchSize, spec.training.seed);
  const events: EngineEvent[] = [];
  const tensorsAtEpochEnd: number[] = [];
  let loop: TrainingLoop | null = null;
  loop = new TrainingLoop({
    runId: 1,
    spec,
    model,
    optimizer,
    data,
    now: () => performance.now(),
    backend: 'cpu',
    readEveryBatch: true,
    post: (event) => {
      events.push(event);
      if (event.type === 'epochEnd') tensorsAtEpochEnd.push(tf.memory().numTensors);
      if (loop) control?.(loop, events);
    },
    ...extra,
  });
  const outcome = await loop.run();
  data.dispose();
  optimizer.dispose();
  model.dispose();
  return { events, outcome, tensorsAtEpochEnd };
}

const ofType = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

describe('TrainingLoop', () => {
  it('gives the same loss curve for the same spec, seed and backend, and another for another seed', async () => {
    const options: TrainOptions = { trainLimit: 200, validationSplit: 0.2, testLimit: 100 };
    // Progress every batch so that the whole curve is compared, not only epoch means.
    const everyBatch = { now: (() => { let t = 0; return () => (t += 1000); })() };
    const a = await runLoop(tiny({ seed: 5 }), options, everyBatch);
    const b = await runLoop(tiny({ seed: 5 }), options, { now: (() => { let t = 0; return () => (t += 1000); })() });
    const c = await runLoop(tiny({ seed: 6 }), options, { now: (() => { let t = 0; return () => (t += 1000); })() });
    const curve = (r: { events: EngineEvent[] }) => ofType(r.events, 'progress').map((p: ProgressEvent) => p.loss);
    expect(curve(a).length).toBe(5); // 160 training images / 32
    expect(curve(b)).toEqual(curve(a));
    expect(ofType(b.events, 'epochEnd')).toEqual(ofType(a.events, 'epochEnd').map((e: EpochEvent) => ({ ...e, seconds: expect.any(Number) })));
    expect(curve(c)).not.toEqual(curve(a));
  });

  it('repeats runs with dropout exactly (seeded masks) and gives Math.random back', async () => {
    const withDropout = (seed: number) => {
      const spec = tiny({ seed, learningRate: 0.01 });
      spec.layers.splice(3, 0, { type: 'dropout', rate: 0.5 });
      return spec;
    };
    const fakeClock = () => { let t = 0; return () => (t += 1000); };
    const options: TrainOptions = { trainLimit: 128, validationSplit: 0, testLimit: 32 };
    const a = await runLoop(withDropout(8), options, { now: fakeClock() });
    const b = await runLoop(withDropout(8), options, { now: fakeClock() });
    const curve = (r: { events: EngineEvent[] }) => ofType(r.events, 'progress').map((p) => p.loss);
    expect(curve(a)).toHaveLength(4);
    expect(curve(b)).toEqual(curve(a));
    // Math.random is the page's again afterwards.
    expect(Math.random()).not.toBe(Math.random());
  });

  it('reads metrics in windows on GPU-style backends and still reports the same epoch metrics', async () => {
    const options: TrainOptions = { trainLimit: 192, validationSplit: 0, testLimit: 32 };
    // 40 ms per clock reading: reads and posts happen every few batches, not every batch.
    const slowClock = () => { let t = 0; return () => (t += 40); };
    const everyBatch = await runLoop(tiny({ seed: 2 }), options, { now: slowClock() });
    const windowed = await runLoop(tiny({ seed: 2 }), options, { now: slowClock(), readEveryBatch: false });
    const progress = ofType(windowed.events, 'progress');
    expect(progress.length).toBeLessThan(6);
    expect(progress.at(-1)!.batch).toBe(6);
    const [a] = ofType(everyBatch.events, 'epochEnd');
    const [b] = ofType(windowed.events, 'epochEnd');
    expect(b.loss).toBeCloseTo(a.loss, 5);
    expect(b.accuracy).toBe(a.accuracy);
    expect(b.valLoss).toBe(a.valLoss);
  });

  it('keeps the tensor count flat over 4 epochs and frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const { outcome, tensorsAtEpochEnd, events } = await runLoop(tiny({ epochs: 4 }), { trainLimit: 128, validationSplit: 0, testLimit: 64 });
    expect(outcome.state).toBe('finished');
    expect(ofType(events, 'epochEnd')).toHaveLength(4);
    expect(tensorsAtEpochEnd).toHaveLength(4);
    expect(new Set(tensorsAtEpochEnd).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on the batch whose loss is not finite and blames the learning rate', async () => {
    const spec = tiny({ optimizer: 'sgd', learningRate: 1e30 });
    const options: TrainOptions = { trainLimit: 640, validationSplit: 0, testLimit: 64 };
    // Single-stepping shows each batch's loss: find the first non-finite one.
    const stepped = await runLoop(spec, options, { startPaused: true }, (loop, events) => {
      const last = events.at(-1)!;
      if (last.type === 'runState' && last.state === 'paused') loop.step();
    });
    const losses = ofType(stepped.events, 'progress').map((p) => p.loss);
    const firstBad = losses.findIndex((l) => !Number.isFinite(l));
    expect(firstBad).toBeGreaterThanOrEqual(0);
    expect(losses.length).toBe(firstBad + 1); // no batch after the bad one
    const free = await runLoop(spec, options);
    expect(free.outcome.state).toBe('failed');
    expect(free.outcome.fault?.kind).toBe('nan');
    expect(free.outcome.fault?.hint).toMatch(/learning rate 1e\+30 is high for sgd/);
    expect(free.outcome.fault?.message).toContain(`batch ${firstBad + 1}:`);
    expect(ofType(free.events, 'fault')).toHaveLength(1);
    expect(ofType(free.events, 'runState').at(-1)!.state).toBe('failed');
  });

  it('single-steps exactly one batch at a time, then resumes and stops on request', async () => {
    const states: string[] = [];
    let steps = 0;
    const { events, outcome } = await runLoop(
      tiny({ epochs: 3 }),
      { trainLimit: 320, validationSplit: 0, testLimit: 64 },
      { startPaused: true },
      (loop, seen) => {
        const last = seen.at(-1)!;
        if (last.type !== 'runState') return;
        states.push(last.state);
        if (last.state === 'paused' && steps < 3) {
          steps++;
          loop.step();
        } else if (last.state === 'paused') {
          loop.resume();
        } else if (last.state === 'running' && steps === 3) {
          setTimeout(() => loop.stop(), 0);
        }
      },
    );
    const progress = ofType(events, 'progress');
    expect(progress.slice(0, 3).map((p) => [p.batch, p.examplesSeen])).toEqual([[1, 32], [2, 64], [3, 96]]);
    expect(states.slice(0, 5)).toEqual(['paused', 'paused', 'paused', 'paused', 'running']);
    expect(outcome.state).toBe('stopped');
    expect(states.at(-1)).toBe('stopped');
    // Stopped long before 3 epochs of 10 batches.
    expect(progress.at(-1)!.examplesSeen).toBeLessThan(3 * 320);
  });
});
