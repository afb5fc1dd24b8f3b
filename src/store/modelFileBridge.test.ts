/**
 * Opening a model on the home view against the real engine, in-process: the home view holds a paused
 * run of its network shortly after it appears, and a model opened in that moment (the pre-trained
 * choice on a first visit) must stay the current model and be evaluated, whatever the order in which
 * the worker's answers reach the page.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerFactory, WorkerLike } from '../engine/client';
import { inProcessWorkers } from '../engine/node/inProcessWorker';
import type { EngineEvent } from '../engine/protocol';
import { engine, setWorkerFactory, startEngine } from './engineBridge';
import { useAppStore } from './index';
import { openModelFiles } from './modelFileBridge';
import { followPlaygroundRuns, preparePlayground, releaseHeldRun } from './playgroundBridge';
import { PRETRAINED_FILES, PRETRAINED_MODELS } from './pretrained';

const workers = inProcessWorkers();

/**
 * The worker's messages to the page can be held back (a page busy for a moment hears late) and then
 * let through in their order: the page may send a request after the worker has already acted on an
 * earlier one, without having heard of it.
 */
const inbox = { holding: false, held: [] as MessageEvent<EngineEvent>[], page: null as WorkerLike | null };
const factory: WorkerFactory = () => {
  const worker = workers.factory();
  const page = {
    onmessage: null,
    onerror: null,
    postMessage: (message: unknown, transfer?: Transferable[]) => worker.postMessage(message, transfer ?? []),
    terminate: () => worker.terminate(),
  } as WorkerLike;
  worker.onmessage = (message) => (inbox.holding ? inbox.held.push(message) : page.onmessage?.(message));
  worker.onerror = (error) => page.onerror?.(error);
  inbox.page = page;
  return page;
};

function letThrough(): void {
  inbox.holding = false;
  for (const message of inbox.held.splice(0)) inbox.page?.onmessage?.(message);
}

async function until(predicate: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const tiny = PRETRAINED_MODELS.find((m) => m.presetId === 'tiny')!;
const tinyFiles = (): File[] => PRETRAINED_FILES.map((name) => new File([readFileSync(`public/models/${tiny.folder}/${name}`)], name));
const sentSince = (from: number): string[] => workers.requests.slice(from).map((r) => r.type);

let unfollow: () => void = () => undefined;

beforeAll(async () => {
  await tf.setBackend('cpu');
  setWorkerFactory(factory, 'file:///datasets/');
  useAppStore.getState().loadPreset('tiny');
  await startEngine('cpu');
  // The home view on screen: it evaluates the model at each pause of the run it follows.
  unfollow = followPlaygroundRuns();
});

afterAll(() => {
  unfollow();
  engine().dispose();
});

describe('opening a model while the home view would hold its run', () => {
  it('a failed open: the run the home view wanted meanwhile is held once the open is over', async () => {
    const from = workers.requests.length;
    const opened = openModelFiles([new File(['{"modelTopology": '], 'model.json')]);
    preparePlayground();
    expect(sentSince(from)).not.toContain('train');
    expect(await opened).toBe(false);
    expect(useAppStore.getState().libraryMessage?.error).toBe(true);
    expect(sentSince(from)).toContain('train');
    await until(() => useAppStore.getState().currentModel?.runId === useAppStore.getState().run?.runId, 'the held run’s model');
    expect(useAppStore.getState().runState).toBe('paused');
    releaseHeldRun();
  });

  it('the worker opened the files before the hold reached it: no run replaces the opened model, which is evaluated on the whole test set', async () => {
    expect(useAppStore.getState().currentModel).toBeNull();
    inbox.holding = true;
    const opened = openModelFiles(tinyFiles());
    // The worker has made the file's model current and said so; the page has not heard yet …
    await until(() => inbox.held.some((m) => m.data.type === 'currentModel' && m.data.model?.source === 'file'), 'the opened model’s announcement');
    const from = workers.requests.length;
    // … when the home view's hold (400 ms after the engine is ready) comes due.
    preparePlayground();
    letThrough();
    expect(await opened).toBe(true);
    expect(sentSince(from)).not.toContain('train');
    const state = useAppStore.getState();
    expect(state.currentModel).toMatchObject({ source: 'file', dataset: 'mnist' });
    expect(state.evaluation?.count).toBe(10_000);
    expect(Math.abs(state.evaluation!.accuracy - tiny.testAccuracy)).toBeLessThanOrEqual(0.005);
    // The strip no longer says it is evaluating.
    expect(state.evaluating).toBe(0);
    // Nothing the worker still had to say changes that.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(useAppStore.getState().currentModel?.source).toBe('file');
    expect(useAppStore.getState().evaluation?.count).toBe(10_000);
  });
});
