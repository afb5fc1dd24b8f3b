/**
 * Kept runs (issue 19), on the worker's side: every run that trained at least one batch is recorded
 * when it pauses and when it ends (finished, stopped, failed), with its setup, curves and test
 * metrics; the weights only on request ("keep weights"), while the run's model is still the current
 * one. The page lists, renames, deletes and exports the records through the protocol, and hears of
 * every new or changed record by a `runKept` event: it never keeps runs of its own.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EngineEvent, EngineRequest, Evaluation, KeptRun } from '../protocol';
import type { RunSetup, RunTracker } from '../runs/runTracker';
import { RunTracker as Tracker } from '../runs/runTracker';
import { captureArtifacts, joinWeights, modelFromWeights } from '../storage/modelFiles';
import type { RunStore } from '../storage/runStore';
import type { CurrentModelHolder } from './currentModel';
import { EngineError } from './errors';

type Request<T extends EngineRequest['type']> = Extract<EngineRequest, { type: T }>;

/** Longest name a run may be given (the list stays one line per run). */
export const MAX_RUN_NAME = 80;

export interface RunKeeperDeps {
  post: (event: EngineEvent) => void;
  current: CurrentModelHolder;
  store: RunStore;
  /** Stops every run (before a kept model replaces the current one). */
  stopRuns: () => Promise<void>;
  wallClock?: () => number;
}

/** Oldest first; runs started in the same millisecond by their number. */
function byStart(a: KeptRun, b: KeptRun): number {
  return a.startedAt.localeCompare(b.startedAt) || a.ordinal - b.ordinal;
}

/** A file name for a run's export: its name, letters, digits and dashes only. */
export function runFileName(run: KeptRun): string {
  const slug = run.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'run'}.run.json`;
}

export class RunKeeper {
  /** Writes one after another, so that a pause's record and the end's never race for a number. */
  private writes: Promise<unknown> = Promise.resolve();
  /** The run recorded last, and in which state: an evaluation the page asks for later completes it. */
  private last: { tracker: RunTracker; state: KeptRun['state'] } | null = null;

  constructor(private readonly deps: RunKeeperDeps) {}

  /** Starts following a run: feed its events to the tracker, then `record` it at a pause or its end. */
  follow(setup: RunSetup): RunTracker {
    return new Tracker(setup, this.deps.wallClock);
  }

  /** Writes the run's record (nothing for a run that never trained a batch). Never rejects. */
  record(tracker: RunTracker, state: KeptRun['state']): Promise<void> {
    if (!tracker.trained) return Promise.resolve();
    this.last = { tracker, state };
    const snapshot = tracker.snapshot(state);
    return this.serially(async () => {
      const existing = await this.deps.store.get(snapshot.id);
      const ordinal = existing?.ordinal ?? (await this.nextOrdinal());
      const run: KeptRun = {
        ...snapshot,
        name: existing?.name ?? `Run ${ordinal}`,
        ordinal,
        hasWeights: existing?.hasWeights ?? false,
      };
      await this.deps.store.put(run);
      this.deps.post({ type: 'runKept', run });
    }).catch(() => undefined);
  }

  /**
   * The page evaluated the current model (at a pause, or after the run ended): when that model is the
   * run recorded last and it is not training, the record gets these test metrics too.
   */
  noteEvaluation(runId: number | undefined, evaluation: Evaluation | undefined, training: boolean): Promise<void> {
    const last = this.last;
    if (!last || training || !evaluation || runId !== last.tracker.runId) return Promise.resolve();
    last.tracker.observe({ type: 'evaluation', runId, evaluation });
    return this.record(last.tracker, last.state);
  }

  async list(request: Request<'listRuns'>): Promise<void> {
    await this.writes;
    await this.answer(request.requestId);
  }

  async rename(request: Request<'renameRun'>): Promise<void> {
    const name = request.name.trim();
    if (!name) throw new EngineError('input', 'Give the run a name: it cannot be blank.');
    if (name.length > MAX_RUN_NAME) throw new EngineError('input', `A run's name can have at most ${MAX_RUN_NAME} characters; this one has ${name.length}.`);
    await this.update(request.id, (run) => ({ ...run, name }));
    await this.answer(request.requestId);
  }

  async remove(request: Request<'deleteRun'>): Promise<void> {
    await this.serially(async () => {
      await this.require(request.id);
      await this.deps.store.remove(request.id);
    });
    await this.answer(request.requestId);
  }

  async export(request: Request<'exportRun'>): Promise<void> {
    const run = await this.require(request.id);
    const json = JSON.stringify({ format: 'cnn-playground-run', version: 1, exportedAt: new Date().toISOString(), run }, null, 2);
    this.deps.post({ type: 'runExport', requestId: request.requestId, fileName: runFileName(run), json });
  }

  /** Keeps the trained weights of the run, which must still be the worker's current model. */
  async keepWeights(request: Request<'keepRunWeights'>): Promise<void> {
    const run = await this.require(request.id);
    const current = this.deps.current.get();
    if (!current || current.source !== 'run' || current.runId !== run.runId) {
      throw new EngineError('no-model', `The model of “${run.name}” is no longer in memory: only the latest run's weights can be kept. Run it again (“Run again”) to keep its weights.`);
    }
    const artifacts = await captureArtifacts(current.model);
    await this.deps.store.putWeights(run.id, { weightSpecs: artifacts.weightSpecs ?? [], weights: joinWeights(artifacts.weightData) });
    await this.update(run.id, (stored) => ({ ...stored, hasWeights: true }));
    await this.answer(request.requestId);
  }

  /** Makes the run's kept weights the current model (any run in progress is stopped first). */
  async openModel(request: Request<'openRunModel'>): Promise<void> {
    const run = await this.require(request.id);
    const weights = run.hasWeights ? await this.deps.store.weights(run.id) : undefined;
    if (!weights) throw new EngineError('input', `The weights of “${run.name}” were not kept: only its settings and curves are. Use “Run again” to train it anew.`);
    const model: tf.LayersModel = modelFromWeights(run.spec, weights.weightSpecs, weights.weights);
    try {
      await this.deps.stopRuns();
    } catch (error) {
      model.dispose();
      throw error;
    }
    this.deps.current.replace({ model, spec: run.spec, dataset: run.dataset, source: 'saved', name: run.name, history: run.epochCurve, epochs: run.epochs });
    await this.answer(request.requestId);
  }

  private async answer(requestId: number): Promise<void> {
    const runs = (await this.deps.store.all()).sort(byStart);
    this.deps.post({ type: 'runs', requestId, runs });
  }

  private async require(id: string): Promise<KeptRun> {
    const run = await this.deps.store.get(id);
    if (!run) throw new EngineError('input', `No kept run has the id “${id}”: it may have been deleted in another tab. Reopen the runs panel.`);
    return run;
  }

  private update(id: string, change: (run: KeptRun) => KeptRun): Promise<void> {
    return this.serially(async () => {
      const run = change(await this.require(id));
      await this.deps.store.put(run);
      this.deps.post({ type: 'runKept', run });
    });
  }

  private async nextOrdinal(): Promise<number> {
    const runs = await this.deps.store.all();
    return runs.reduce((max, run) => Math.max(max, run.ordinal), 0) + 1;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.writes.then(task, task);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
