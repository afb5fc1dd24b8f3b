/**
 * Controls are never lost: pause, step and stop sent right after `train` (while the worker is still
 * loading the dataset and building the model) are honoured, on a real session with real MNIST.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/datasets';
import { loadDatasetFromDisk } from '../node/datasetSource';
import type { EngineEvent, TrainOptions } from '../protocol';
import { getPreset } from '../spec/presets';
import type { DatasetName, ModelSpec } from '../spec/types';
import { TrainingSession } from './session';

const events: EngineEvent[] = [];
let session: TrainingSession;
let spec: ModelSpec;
const options: TrainOptions = { trainLimit: 320, validationSplit: 0, testLimit: 100 };

/** A dataset source whose first load takes a while, as a download does. */
function slowDatasets(): (name: DatasetName) => Promise<Dataset> {
  return async (name) => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return loadDatasetFromDisk(name);
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  session = new TrainingSession({ post: (e) => events.push(e), getDataset: slowDatasets(), backendName: () => 'cpu' });
  spec = getPreset('tiny')!.spec;
  spec.training = { ...spec.training, batchSize: 32, epochs: 1 };
});

afterAll(() => session?.dispose());

function eventsOf(runId: number): EngineEvent[] {
  return events.filter((e) => 'runId' in e && e.runId === runId);
}

/** The run's states, each change once (the loop may repeat a state it is already in). */
function statesOf(runId: number): string[] {
  const states = eventsOf(runId).flatMap((e) => (e.type === 'runState' ? [e.state] : []));
  return states.filter((state, i) => state !== states[i - 1]);
}

function progressOf(runId: number) {
  return eventsOf(runId).flatMap((e) => (e.type === 'progress' ? [e] : []));
}

describe('controls sent while a run is being set up', () => {
  it('stop while the dataset loads ends the run as stopped, before any batch', async () => {
    const started = session.handle({ type: 'train', runId: 1, spec, dataset: 'mnist', options });
    await session.handle({ type: 'stop', runId: 1 });
    await started;
    await session.idle();
    expect(statesOf(1)).toEqual(['stopped']);
    expect(progressOf(1)).toHaveLength(0);
  });

  it('pause right after start pauses before the first batch; resume then trains to the end', async () => {
    const started = session.handle({ type: 'train', runId: 2, spec, dataset: 'mnist', options });
    await session.handle({ type: 'pause', runId: 2 });
    await started;
    // Give the loop time to run batches if it were not paused.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(statesOf(2)).toEqual(['paused']);
    expect(progressOf(2)).toHaveLength(0);
    await session.handle({ type: 'resume', runId: 2 });
    await session.idle();
    expect(statesOf(2)).toEqual(['paused', 'running', 'finished']);
  });

  it('step from idle (a run started paused, then one step) trains exactly one batch and stays paused', async () => {
    const started = session.handle({ type: 'train', runId: 3, spec, dataset: 'mnist', options: { ...options, startPaused: true } });
    await session.handle({ type: 'step', runId: 3 });
    await started;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const progress = progressOf(3);
    expect(progress.map((p) => [p.epoch, p.batch, p.examplesSeen])).toEqual([[0, 1, 32]]);
    expect(statesOf(3).at(-1)).toBe('paused');
    await session.handle({ type: 'stop', runId: 3 });
    await session.idle();
    expect(statesOf(3).at(-1)).toBe('stopped');
  });

  it('a control for a run that already ended, or never existed, changes nothing', async () => {
    const before = events.length;
    await session.handle({ type: 'pause', runId: 3 });
    await session.handle({ type: 'stop', runId: 999 });
    expect(events.length).toBe(before);
  });
});
