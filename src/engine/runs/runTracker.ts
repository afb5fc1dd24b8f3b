/**
 * What a run did, gathered from the events its training loop posts (progress, epoch ends, test
 * evaluations, state changes), so that the worker can record the run when it pauses or ends. Pure:
 * no storage, no tensors; the keeper (session/runKeeper.ts) decides when to write.
 */
import type { BackendName, EngineEvent, EpochMetrics, KeptRun, KeptRunPoint, TrainOptions } from '../protocol';
import type { DatasetName, ModelSpec } from '../spec/types';
import { downsample, thinWhileGrowing } from './curve';

export interface RunSetup {
  runId: number;
  spec: ModelSpec;
  dataset: DatasetName;
  options: TrainOptions;
  backend: BackendName;
}

/** A kept run without what the keeper adds (its name, number and whether weights are kept). */
export type TrackedRun = Omit<KeptRun, 'name' | 'ordinal' | 'hasWeights'>;

export class RunTracker {
  readonly id: string;
  private readonly startedAt: number;
  private curve: KeptRunPoint[] = [];
  private readonly epochCurve: EpochMetrics[] = [];
  private examplesSeen = 0;
  private trainingSeconds = 0;
  private epochs = 0;
  private test: TrackedRun['test'] = null;
  private message: string | undefined;

  constructor(
    private readonly setup: RunSetup,
    /** Wall-clock milliseconds (Date.now), for the start time and the duration. */
    private readonly wallClock: () => number = Date.now,
  ) {
    this.startedAt = wallClock();
    this.id = `run-${setup.runId}-${this.startedAt.toString(36)}`;
  }

  get runId(): number {
    return this.setup.runId;
  }

  /** True once a batch has been trained: a run that never trained is not worth keeping. */
  get trained(): boolean {
    return this.examplesSeen > 0;
  }

  /** True when the last test evaluation is of the weights as they are now. */
  get testIsCurrent(): boolean {
    return this.test !== null && this.test.examplesSeen === this.examplesSeen;
  }

  observe(event: EngineEvent): void {
    if (!('runId' in event) || event.runId !== this.setup.runId) return;
    switch (event.type) {
      case 'progress': {
        this.examplesSeen = event.examplesSeen;
        if (event.examplesPerSecond > 0) this.trainingSeconds = event.examplesSeen / event.examplesPerSecond;
        if (!Number.isFinite(event.loss)) return;
        const x = event.epoch + (event.batchesPerEpoch > 0 ? event.batch / event.batchesPerEpoch : 0);
        this.curve = thinWhileGrowing([...this.curve, { x, loss: event.loss, accuracy: event.accuracy }]);
        return;
      }
      case 'epochEnd': {
        const { type: _type, runId: _runId, ...metrics } = event;
        this.epochCurve.push(metrics);
        this.epochs = event.epoch + 1;
        return;
      }
      case 'evaluation': {
        const { loss, accuracy, count } = event.evaluation;
        this.test = { loss, accuracy, count, examplesSeen: this.examplesSeen };
        return;
      }
      case 'fault':
        this.message = event.message;
        return;
      default:
        return;
    }
  }

  /** The record of the run as it stands, in state `state`. */
  snapshot(state: KeptRun['state']): TrackedRun {
    const { runId, spec, dataset, options, backend } = this.setup;
    const { startPaused: _startPaused, ...kept } = options;
    return {
      id: this.id,
      runId,
      spec: structuredClone(spec),
      dataset,
      options: kept,
      seed: spec.training.seed,
      backend,
      state,
      ...(state === 'failed' && this.message ? { message: this.message } : {}),
      startedAt: new Date(this.startedAt).toISOString(),
      wallSeconds: Math.max(0, (this.wallClock() - this.startedAt) / 1000),
      trainingSeconds: this.trainingSeconds,
      examplesSeen: this.examplesSeen,
      epochs: this.epochs,
      curve: downsample(this.curve),
      epochCurve: downsample(this.epochCurve),
      test: this.test && { ...this.test },
    };
  }
}
