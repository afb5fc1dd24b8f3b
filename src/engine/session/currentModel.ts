/**
 * The worker's current model: the one every inspection, evaluation, save and export talks about.
 * It is replaced in one place, {@link CurrentModelHolder.replace}, which frees the old model and
 * announces the new one to the page as a `currentModel` event, so that the page never has its own
 * idea of which model is current.
 */
import type * as tf from '@tensorflow/tfjs';
import { classNamesOr } from '../data/datasets';
import { ActivationProbe } from '../inspect/activations';
import type { CurrentModelInfo, EngineEvent, EpochMetrics, Evaluation, KernelWeights, ModelSource } from '../protocol';
import type { DatasetName, ModelSpec } from '../spec/types';
import { outputIsProbabilities } from '../train/objective';
import { noModel } from './errors';

export interface CurrentModel {
  model: tf.LayersModel;
  spec: ModelSpec;
  dataset: DatasetName;
  source: ModelSource;
  name: string;
  runId?: number;
  key?: string;
  probe: ActivationProbe;
  history: EpochMetrics[];
  epochs: number;
  evaluation?: Evaluation;
  /** Conv kernels as initialised (only for models trained in this worker). */
  initialKernels?: KernelWeights[];
}

export interface NewModel {
  model: tf.LayersModel;
  spec: ModelSpec;
  dataset: DatasetName;
  source: ModelSource;
  name: string;
  runId?: number;
  key?: string;
  history?: EpochMetrics[];
  epochs?: number;
  initialKernels?: KernelWeights[];
}

/** What the page is told about a model. */
export function describeModel(current: CurrentModel): CurrentModelInfo {
  return {
    source: current.source,
    name: current.name,
    spec: current.spec,
    dataset: current.dataset,
    // A learner's dataset this worker has not been sent (a saved model opened first) has no names yet.
    classNames: [...classNamesOr(current.dataset, current.spec.numClasses)],
    ...(current.runId !== undefined ? { runId: current.runId } : {}),
    ...(current.key !== undefined ? { key: current.key } : {}),
    epochs: current.epochs,
    history: current.history.map((h) => ({ ...h })),
    hasInitialKernels: current.initialKernels !== undefined,
  };
}

export class CurrentModelHolder {
  private current: CurrentModel | null = null;
  /** Whether the page was last told of a model (so that dropping one is announced once). */
  private announcedSome = false;
  /** Set between `drop` and the `replace` or `settle` that follows it (a run setting up its model). */
  private change: { done: Promise<void>; resolve: () => void } | null = null;

  constructor(private readonly post: (event: EngineEvent) => void) {}

  get(): CurrentModel | null {
    return this.current;
  }

  /** The current model, or a `no-model` error. */
  require(): CurrentModel {
    if (!this.current) throw noModel();
    return this.current;
  }

  /** Frees the current model, makes `next` current (null: none) and announces the change. */
  replace(next: NewModel | null): CurrentModel | null {
    // The probe shares the model's layers: disposing the model frees both.
    this.current?.model.dispose();
    this.current = next
      ? {
          ...next,
          probe: new ActivationProbe(next.model, outputIsProbabilities(next.spec)),
          history: next.history ?? [],
          epochs: next.epochs ?? 0,
        }
      : null;
    this.post({ type: 'currentModel', model: this.current ? describeModel(this.current) : null });
    this.announcedSome = this.current !== null;
    this.endChange();
    return this.current;
  }

  /**
   * Resolves when no model is being replaced: at once, or (after a `drop`) once the next model is
   * current or the set-up gave up. A request that needs the current model waits here rather than
   * finding none in the moment a run builds its model.
   */
  settled(): Promise<void> {
    return this.change?.done ?? Promise.resolve();
  }

  /**
   * Keeps the current model for a run that trains it further (a loaded or opened model): the same
   * weights, history and epoch count, now announced as that run's model.
   */
  continueAs(runId: number, spec: ModelSpec): CurrentModel {
    const current = this.require();
    current.runId = runId;
    current.source = 'run';
    current.spec = spec;
    delete current.key;
    this.post({ type: 'currentModel', model: describeModel(current) });
    this.announcedSome = true;
    return current;
  }

  /**
   * Frees the current model to make room for the next one (a run about to upload its data), without
   * announcing yet: the next `replace` does, or `settle` if none comes.
   */
  drop(): void {
    this.current?.model.dispose();
    this.current = null;
    if (!this.change) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      this.change = { done, resolve };
    }
  }

  /** Announces a dropped model that was not replaced (the new run failed before its model existed). */
  settle(): void {
    if (this.current === null && this.announcedSome) this.replace(null);
    this.endChange();
  }

  /** Frees the model without announcing (the worker is shutting down). */
  dispose(): void {
    this.current?.model.dispose();
    this.current = null;
    this.endChange();
  }

  private endChange(): void {
    this.change?.resolve();
    this.change = null;
  }
}
