/**
 * Kept runs on a real session with real MNIST (CPU backend, a memory store with the IndexedDB
 * store's interface; the IndexedDB round trip itself is proved in the browser by e2e/runs.spec.ts):
 * every run that trained is recorded when it pauses and ends, with its setup, curves and test
 * metrics; one that never trained is not; records can be listed, renamed, exported, deleted, and the
 * latest run's weights kept and opened again.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import type { EngineEvent, KeptRun, TrainOptions } from '../protocol';
import { MAX_KEPT_POINTS } from '../runs/curve';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { MemoryRunStore } from '../storage/runStore';
import { TrainingSession } from './session';

const events: EngineEvent[] = [];
let session: TrainingSession;
let spec: ModelSpec;
const store = new MemoryRunStore();
const options: TrainOptions = { trainLimit: 320, validationSplit: 0, testLimit: 100 };
let nextRequest = 1;

beforeAll(async () => {
  await tf.setBackend('cpu');
  session = new TrainingSession({ post: (e) => events.push(e), getDataset: loadDatasetFromDisk, backendName: () => 'cpu', runStore: store });
  spec = getPreset('tiny')!.spec;
  spec.training = { ...spec.training, batchSize: 32, epochs: 1 };
});

afterAll(() => session?.dispose());

/** Sends a request and returns the event that answers it. */
async function ask(request: Record<string, unknown> & { type: string }): Promise<EngineEvent> {
  const requestId = nextRequest++;
  await session.handle({ ...request, requestId } as never);
  const answer = events.find((e) => 'requestId' in e && e.requestId === requestId);
  if (!answer) throw new Error(`no answer to ${request.type}`);
  return answer;
}

async function listRuns(): Promise<KeptRun[]> {
  const answer = await ask({ type: 'listRuns' });
  if (answer.type !== 'runs') throw new Error(`listRuns answered ${JSON.stringify(answer)}`);
  return answer.runs;
}

/** Waits until `count` progress events of the run have arrived. */
async function progressCount(runId: number, count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (events.filter((e) => e.type === 'progress' && e.runId === runId).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`run ${runId} did not report ${count} progress events`);
}

describe('every run kept', () => {
  it('records a finished run with its setup, curves, epoch metrics and test metrics', async () => {
    await session.handle({ type: 'train', runId: 11, spec, dataset: 'mnist', options });
    await session.idle();
    const runs = await listRuns();
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({ runId: 11, name: 'Run 1', ordinal: 1, state: 'finished', dataset: 'mnist', backend: 'cpu', seed: spec.training.seed, epochs: 1, examplesSeen: 320, hasWeights: false });
    expect(run.spec.layers).toEqual(spec.layers);
    expect(run.options).toEqual(options);
    expect(run.curve.length).toBeGreaterThan(0);
    expect(run.curve.length).toBeLessThanOrEqual(MAX_KEPT_POINTS);
    expect(run.curve.every((p) => Number.isFinite(p.loss) && p.x > 0 && p.x <= 1)).toBe(true);
    expect(run.epochCurve).toHaveLength(1);
    expect(run.test).toMatchObject({ count: 100, examplesSeen: 320 });
    expect(run.test!.accuracy).toBeGreaterThan(0);
    expect(Date.parse(run.startedAt)).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(run.wallSeconds).toBeGreaterThan(0);
    expect(run.trainingSeconds).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'runKept' && e.run.id === run.id && e.run.state === 'finished')).toBe(true);
  });

  it('a run stopped mid-epoch is recorded at its pause and again at its end, tested on its last weights', async () => {
    const next = structuredClone(spec);
    next.training.learningRate = 0.01;
    const started = session.handle({ type: 'train', runId: 12, spec: next, dataset: 'mnist', options: { ...options, startPaused: true } });
    for (let i = 1; i <= 3; i++) {
      await session.handle({ type: 'step', runId: 12 });
      await started;
      await progressCount(12, i);
    }
    // The pause after the step is announced just after the step's progress; its record follows.
    const kept = () => events.filter((e): e is Extract<EngineEvent, { type: 'runKept' }> => e.type === 'runKept' && e.run.runId === 12);
    await expect.poll(() => kept().at(-1)?.run.state).toBe('paused');
    expect(kept().at(-1)!.run.examplesSeen).toBe(96);
    expect(kept().at(-1)!.run.test).toBeNull();
    // The page evaluates the paused model (the home view's test strip): the record gets those metrics.
    expect((await ask({ type: 'evaluate', limit: 50 })).type).toBe('evaluation');
    await expect.poll(() => kept().at(-1)?.run.test?.count).toBe(50);
    expect(kept().at(-1)!.run.state).toBe('paused');
    await session.handle({ type: 'stop', runId: 12 });
    await session.idle();
    const run = (await listRuns()).find((r) => r.runId === 12)!;
    expect(run).toMatchObject({ name: 'Run 2', state: 'stopped', examplesSeen: 96, epochs: 0 });
    // Its test metrics are of the weights it stopped with (those the page had evaluated at the pause).
    expect(run.test).toMatchObject({ count: 50, examplesSeen: 96 });
  });

  it('does not keep a run that never trained a batch', async () => {
    const started = session.handle({ type: 'train', runId: 13, spec, dataset: 'mnist', options });
    await session.handle({ type: 'stop', runId: 13 });
    await started;
    await session.idle();
    expect((await listRuns()).map((r) => r.runId)).toEqual([11, 12]);
  });

  it("refreshes the test metrics every few batches when asked (the home view's long runs)", async () => {
    const tensorsBefore = tf.memory().numTensors;
    const started = session.handle({ type: 'train', runId: 14, spec, dataset: 'mnist', options: { ...options, startPaused: true, evaluateEveryBatches: 2 } });
    for (let i = 1; i <= 5; i++) {
      await session.handle({ type: 'step', runId: 14 });
      await started;
      await progressCount(14, i);
      // Let an evaluation that started finish before the next step (it runs beside training).
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const mid = events.filter((e) => e.type === 'evaluation' && e.runId === 14);
    expect(mid.length).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.type === 'epochEnd' && e.runId === 14)).toBe(false);
    await session.handle({ type: 'stop', runId: 14 });
    await session.idle();
    // Stopped mid-epoch after its last refresh: the worker tested the weights it stopped with.
    expect((await listRuns()).find((r) => r.runId === 14)?.test).toMatchObject({ count: 100, examplesSeen: 160 });
    // Every evaluation's tensors freed: the same count as before, with the new run's model in place of the old one.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('renames, exports and deletes a run; refuses a blank name and an unknown id', async () => {
    const [first] = await listRuns();
    const renamed = await ask({ type: 'renameRun', id: first.id, name: '  stride 2  ' });
    expect(renamed.type === 'runs' && renamed.runs[0].name).toBe('stride 2');
    const blank = await ask({ type: 'renameRun', id: first.id, name: '   ' });
    expect(blank).toMatchObject({ type: 'error', kind: 'input' });
    const exported = await ask({ type: 'exportRun', id: first.id });
    if (exported.type !== 'runExport') throw new Error('exportRun answered otherwise');
    expect(exported.fileName).toBe('stride-2.run.json');
    expect(JSON.parse(exported.json)).toMatchObject({ format: 'cnn-playground-run', version: 1, run: { id: first.id, name: 'stride 2' } });
    const unknown = await ask({ type: 'deleteRun', id: 'no-such-run' });
    expect(unknown).toMatchObject({ type: 'error', kind: 'input' });
    const deleted = await ask({ type: 'deleteRun', id: first.id });
    expect(deleted.type === 'runs' && deleted.runs.map((r) => r.runId)).toEqual([12, 14]);
  });

  it("keeps the latest run's weights on request and opens them again; an older run's weights are gone", async () => {
    const runs = await listRuns();
    const older = runs.find((r) => r.runId === 12)!;
    const latest = runs.find((r) => r.runId === 14)!;
    expect(await ask({ type: 'keepRunWeights', id: older.id })).toMatchObject({ type: 'error', kind: 'no-model' });
    const kept = await ask({ type: 'keepRunWeights', id: latest.id });
    expect(kept.type === 'runs' && kept.runs.find((r) => r.id === latest.id)?.hasWeights).toBe(true);
    expect(await ask({ type: 'openRunModel', id: older.id })).toMatchObject({ type: 'error', kind: 'input' });
    const before = events.length;
    expect((await ask({ type: 'openRunModel', id: latest.id })).type).toBe('runs');
    const announced = events.slice(before).find((e) => e.type === 'currentModel');
    expect(announced).toMatchObject({ type: 'currentModel', model: { source: 'saved', name: latest.name } });
    const evaluated = await ask({ type: 'evaluate', limit: 100 });
    expect(evaluated.type).toBe('evaluation');
  });
});
