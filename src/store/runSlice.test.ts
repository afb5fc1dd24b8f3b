import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { loadDatasetFromDisk } from '../engine/node/datasetSource';
import type { EngineEvent, ModelFiles, ProgressEvent, TrainOptions } from '../engine/protocol';
import { getPreset } from '../engine/spec/presets';
import type { ModelSpec } from '../engine/spec/types';
import { TrainingSession } from '../engine/session/session';
import {
  createRunSlice,
  MAX_TRAIN_POINTS,
  reduceRunEvent,
  type RunView,
  type RunSlice,
  thinCurve,
  INITIAL_RUN_VIEW,
} from './runSlice';

let session: TrainingSession;
let store: StoreApi<RunSlice>;
const seen: EngineEvent[] = [];
const options: TrainOptions = { trainLimit: 320, validationSplit: 0.2, testLimit: 200 };

function tinySpec(): ModelSpec {
  const spec = getPreset('tiny')!.spec;
  spec.training = { ...spec.training, batchSize: 32, epochs: 2, learningRate: 0.01 };
  return spec;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  store = createStore<RunSlice>()((...args) => createRunSlice(...args));
  // The real engine's events go through the slice exactly as the page's bridge sends them.
  session = new TrainingSession({
    post: (event) => {
      seen.push(event);
      store.getState().applyRunEvent(event);
    },
    getDataset: loadDatasetFromDisk,
    backendName: () => 'cpu',
    // Each reading of the clock advances 200 ms, so every batch passes the 100 ms progress interval.
    now: (() => {
      let t = 0;
      return () => (t += 200);
    })(),
  });
  const spec = tinySpec();
  store.getState().beginRun({ runId: 7, spec, dataset: 'mnist', options, presetId: null });
  await session.handle({ type: 'train', runId: 7, spec, dataset: 'mnist', options });
  await session.idle();
});

afterAll(() => session?.dispose());

describe('run slice fed by a real training session', () => {
  it('ends finished, with a live curve that advances in epochs and one point per epoch end', () => {
    const state = store.getState();
    expect(state.runState).toBe('finished');
    expect(state.fault).toBeNull();
    const progressEvents = seen.filter((e): e is ProgressEvent => e.type === 'progress');
    expect(progressEvents.length).toBeGreaterThanOrEqual(4);
    expect(state.trainCurve).toHaveLength(progressEvents.length);
    // 256 training images (320 less a 20 % hold-out) in batches of 32: 8 batches an epoch.
    expect(state.progress?.batchesPerEpoch).toBe(8);
    const xs = state.trainCurve.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs.at(-1)).toBeCloseTo(2, 5);
    expect(state.trainCurve.every((p) => Number.isFinite(p.loss) && p.accuracy >= 0 && p.accuracy <= 1)).toBe(
      true,
    );
    expect(state.epochCurve.map((e) => e.epoch)).toEqual([0, 1]);
    // One point per epoch end, exactly what the engine said (the validation loss of 64 held-out images
    // may rise in the second epoch; whether the model learns is the next test's question).
    const epochEnds = seen.filter((e) => e.type === 'epochEnd').map(({ type: _type, runId: _runId, ...metrics }) => metrics);
    expect(state.epochCurve).toEqual(epochEnds);
    expect(state.epochCurve.every((e) => Number.isFinite(e.valLoss) && e.valAccuracy >= 0 && e.valAccuracy <= 1)).toBe(true);
    // Training itself got better from the first epoch to the second.
    expect(state.epochCurve[1].loss).toBeLessThan(state.epochCurve[0].loss);
  });

  it('keeps the evaluation of the test images and names the run as the current model', () => {
    const { evaluation, currentModel } = store.getState();
    expect(evaluation?.count).toBe(200);
    expect(evaluation?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
    // Learned something: well above the 10 % of guessing after two small epochs.
    expect(evaluation!.accuracy).toBeGreaterThan(0.3);
    expect(currentModel).toMatchObject({ source: 'run', dataset: 'mnist', testLimit: 200, trainLimit: 320 });
  });

  it('ignores the events of any run but the followed one', async () => {
    const before = store.getState();
    const other: EngineEvent[] = [];
    const otherSession = new TrainingSession({
      post: (e) => other.push(e),
      getDataset: loadDatasetFromDisk,
      backendName: () => 'cpu',
    });
    const spec = tinySpec();
    spec.training.epochs = 1;
    await otherSession.handle({
      type: 'train',
      runId: 8,
      spec,
      dataset: 'mnist',
      options: { trainLimit: 64, validationSplit: 0, testLimit: 50 },
    });
    await otherSession.idle();
    otherSession.dispose();
    expect(other.some((e) => e.type === 'progress')).toBe(true);
    // The run's events; a `currentModel` event is the worker's, whichever run it comes from.
    const runEvents = other.filter((e) => e.type !== 'currentModel');
    for (const event of runEvents) expect(reduceRunEvent(before, event)).toBeNull();
    for (const event of runEvents) store.getState().applyRunEvent(event);
    expect(store.getState().trainCurve).toBe(before.trainCurve);
    expect(store.getState().evaluation).toBe(before.evaluation);
  });

  it('records a spec fault and the failed state', async () => {
    const bad = tinySpec();
    bad.numClasses = 3;
    store.getState().beginRun({ runId: 9, spec: bad, dataset: 'mnist', options, presetId: null });
    await session.handle({ type: 'train', runId: 9, spec: bad, dataset: 'mnist', options });
    const state = store.getState();
    expect(state.runState).toBe('failed');
    expect(state.fault?.kind).toBe('spec');
    expect(`${state.fault?.message} ${state.fault?.hint}`).toMatch(/dataset has 3 classes/);
    expect(state.trainCurve).toEqual([]);
  });
});

describe('a model opened while the page starts a run', () => {
  /** A fresh page store fed by its own real session, and the pre-trained tiny CNN's files. */
  function world() {
    const page = createStore<RunSlice>()((...args) => createRunSlice(...args));
    const worker = new TrainingSession({ post: (event) => page.getState().applyRunEvent(event), getDataset: loadDatasetFromDisk, backendName: () => 'cpu' });
    const bytes = readFileSync('public/models/tiny-cnn/weights.bin');
    const files: ModelFiles = { modelJson: readFileSync('public/models/tiny-cnn/model.json', 'utf8'), weights: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
    return { page, worker, files };
  }
  const paused: TrainOptions = { trainLimit: 64, validationSplit: 0, testLimit: 32, startPaused: true };

  it('a run the page started before it heard of the opened model, which the worker got after the open, is still followed', async () => {
    const { page, worker, files } = world();
    const spec = tinySpec();
    // The page starts a paused run (the home view holding its network) …
    page.getState().beginRun({ runId: 31, spec, dataset: 'mnist', options: paused, presetId: 'tiny' });
    // … but the worker opens a model file first: the page hears of the opened model …
    await worker.handle({ type: 'importModel', requestId: 1, files });
    expect(page.getState().currentModel).toMatchObject({ source: 'file' });
    // … and then of the run, which the worker set up after it and which replaced it there.
    await worker.handle({ type: 'train', runId: 31, spec, dataset: 'mnist', options: paused });
    const state = page.getState();
    expect(state.run?.runId).toBe(31);
    expect(state.currentModel).toMatchObject({ source: 'run', runId: 31, presetId: 'tiny', testLimit: 32 });
    // Its pause is the page's to act on (the home view evaluates at a pause), not an unknown run's.
    expect(state.runState).toBe('paused');
    expect(reduceRunEvent(state, { type: 'runState', runId: 31, state: 'stopped' })).toEqual({ runState: 'stopped', runMessage: null });
    await worker.handle({ type: 'stop', runId: 31 });
    await worker.idle();
    worker.dispose();
  });

  it('a run the open stopped (its end came first) is let go, and the opened model shows its own history', async () => {
    const { page, worker, files } = world();
    const spec = tinySpec();
    page.getState().beginRun({ runId: 32, spec, dataset: 'mnist', options: paused, presetId: 'tiny' });
    // The worker got the run first: opening the file stops it before it makes the file's model current.
    const training = worker.handle({ type: 'train', runId: 32, spec, dataset: 'mnist', options: paused });
    await worker.handle({ type: 'importModel', requestId: 2, files });
    await training;
    const state = page.getState();
    expect(state.run).toBeNull();
    expect(state.runState).toBe('idle');
    expect(state.currentModel).toMatchObject({ source: 'file' });
    expect(state.epochCurve.length).toBeGreaterThan(0);
    worker.dispose();
  });
});

describe('curve thinning', () => {
  it('halves a long curve but keeps its last point, and the slice caps the live curve', () => {
    const points = Array.from({ length: 7 }, (_, i) => ({ x: i, loss: 1, accuracy: 0 }));
    expect(thinCurve(points).map((p) => p.x)).toEqual([0, 2, 4, 6]);
    expect(thinCurve(points.slice(0, 6)).map((p) => p.x)).toEqual([0, 2, 4, 5]);
    let view: RunView = {
      ...INITIAL_RUN_VIEW,
      run: { runId: 1, spec: tinySpec(), dataset: 'mnist' as const, options, presetId: null },
    };
    for (let i = 0; i < MAX_TRAIN_POINTS + 5; i++) {
      const event: ProgressEvent = {
        type: 'progress',
        runId: 1,
        epoch: 0,
        epochs: 1,
        batch: i,
        batchesPerEpoch: 10_000,
        examplesSeen: i,
        examplesPerSecond: 1,
        etaSeconds: 1,
        loss: 1 / (i + 1),
        accuracy: 0.5,
      };
      view = { ...view, ...reduceRunEvent(view, event) };
    }
    expect(view.trainCurve.length).toBeLessThanOrEqual(MAX_TRAIN_POINTS);
    expect(view.trainCurve.at(-1)?.x).toBeCloseTo((MAX_TRAIN_POINTS + 4) / 10_000);
  });
});
