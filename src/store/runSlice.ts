/**
 * The training run as the page sees it: which run is followed (its id, the spec and data it trains
 * on), its state, the latest progress, the metric history the charts draw, the last fault, the last
 * evaluation of the current model, and the saved-model library. `reduceRunEvent` is the one place
 * where worker events become state; it is pure, so the tests drive it with a real engine's events.
 */
import type { StateCreator } from 'zustand';
import type {
  EngineEvent,
  EpochMetrics,
  Evaluation,
  FaultKind,
  BackendName,
  ProgressEvent,
  RunState,
  SavedModelInfo,
  TrainOptions,
} from '../engine/protocol';
import type { PresetId } from '../engine/spec/presets';
import type { DatasetName, ModelSpec } from '../engine/spec/types';

/** 'idle' until the first run starts (or after a hard stop lost the model). */
export type RunPhase = 'idle' | RunState;

/** One point of the live training curve; x is in epochs (1.5 = half-way through the second epoch). */
export interface TrainPoint {
  x: number;
  loss: number;
  accuracy: number;
}

export interface RunFault {
  kind: FaultKind;
  message: string;
  hint: string;
  nextBackend?: BackendName;
}

/** What a run was started with: kept so that later edits of the spec do not change what it reports. */
export interface RunRecord {
  runId: number;
  spec: ModelSpec;
  dataset: DatasetName;
  options: TrainOptions;
  /** The preset the spec was, unchanged, when the run started. */
  presetId: PresetId | null;
}

/** The model the results talk about: the last run's, or one loaded from the library or a file. */
export interface CurrentModel {
  source: 'run' | 'saved' | 'file';
  name: string;
  spec: ModelSpec;
  dataset: DatasetName;
  presetId: PresetId | null;
  /** Test images the evaluation covers by default (the run's test limit). */
  testLimit?: number;
  trainLimit?: number;
}

/** The part of the state that worker events change. */
export interface RunView {
  run: RunRecord | null;
  runState: RunPhase;
  runMessage: string | null;
  progress: ProgressEvent | null;
  trainCurve: TrainPoint[];
  epochCurve: EpochMetrics[];
  fault: RunFault | null;
  evaluation: Evaluation | null;
  currentModel: CurrentModel | null;
}

export interface RunSlice extends RunView {
  savedModels: SavedModelInfo[];
  /** Last message of a library action (saved, deleted, failed …), for a polite live region. */
  libraryMessage: { text: string; error: boolean } | null;
  beginRun: (record: RunRecord) => void;
  applyRunEvent: (event: EngineEvent) => void;
  setRunState: (state: RunPhase, message?: string | null) => void;
  setFault: (fault: RunFault | null) => void;
  setEvaluation: (evaluation: Evaluation | null) => void;
  adoptModel: (model: CurrentModel, history: EpochMetrics[]) => void;
  setSavedModels: (models: SavedModelInfo[]) => void;
  setLibraryMessage: (text: string, error?: boolean) => void;
}

/** Longest live curve kept: older points are thinned (every other one dropped) beyond it. */
export const MAX_TRAIN_POINTS = 2000;

export const INITIAL_RUN_VIEW: RunView = {
  run: null,
  runState: 'idle',
  runMessage: null,
  progress: null,
  trainCurve: [],
  epochCurve: [],
  fault: null,
  evaluation: null,
  currentModel: null,
};

/** Halves a curve's resolution, keeping its last point, so long runs stay cheap to draw. */
export function thinCurve(points: TrainPoint[]): TrainPoint[] {
  const kept = points.filter((_, i) => i % 2 === 0);
  const last = points[points.length - 1];
  if (last && kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}

/** The run id an event belongs to, or undefined for events that are not about a run. */
function runIdOf(event: EngineEvent): number | undefined {
  switch (event.type) {
    case 'progress':
    case 'epochEnd':
    case 'runState':
      return event.runId;
    case 'fault':
    case 'evaluation':
      return event.runId;
    default:
      return undefined;
  }
}

/**
 * The state change one worker event causes, or null when the event is not for the followed run
 * (another run's late events, answers to requests, dataset progress …).
 */
export function reduceRunEvent(view: RunView, event: EngineEvent): Partial<RunView> | null {
  const run = view.run;
  const runId = runIdOf(event);
  if (!run || runId === undefined || runId !== run.runId) return null;
  switch (event.type) {
    case 'progress': {
      const x = event.epoch + (event.batchesPerEpoch > 0 ? event.batch / event.batchesPerEpoch : 0);
      let curve = view.trainCurve;
      if (Number.isFinite(event.loss)) {
        curve = [...curve, { x, loss: event.loss, accuracy: event.accuracy }];
        if (curve.length > MAX_TRAIN_POINTS) curve = thinCurve(curve);
      }
      return { progress: event, trainCurve: curve };
    }
    case 'epochEnd': {
      const { type: _type, runId: _runId, ...metrics } = event;
      return { epochCurve: [...view.epochCurve.filter((e) => e.epoch !== event.epoch), metrics] };
    }
    case 'runState':
      return {
        runState: event.state,
        runMessage: event.message ?? null,
        // The run's model becomes the current one as soon as it exists, even if stopped early.
        currentModel: view.currentModel?.source === 'run' ? view.currentModel : modelOfRun(run),
      };
    case 'fault':
      return {
        fault: { kind: event.kind, message: event.message, hint: event.hint, nextBackend: event.nextBackend },
      };
    case 'evaluation':
      return { evaluation: event.evaluation };
    default:
      return null;
  }
}

function modelOfRun(run: RunRecord): CurrentModel {
  return {
    source: 'run',
    name: run.spec.name,
    spec: run.spec,
    dataset: run.dataset,
    presetId: run.presetId,
    testLimit: run.options.testLimit,
    trainLimit: run.options.trainLimit,
  };
}

export const createRunSlice: StateCreator<RunSlice, [], [], RunSlice> = (set, get) => ({
  ...INITIAL_RUN_VIEW,
  savedModels: [],
  libraryMessage: null,
  beginRun: (record) =>
    set({
      ...INITIAL_RUN_VIEW,
      run: record,
      runState: record.options.startPaused ? 'paused' : 'running',
      currentModel: modelOfRun(record),
    }),
  applyRunEvent: (event) => {
    const change = reduceRunEvent(get(), event);
    if (change) set(change);
  },
  setRunState: (runState, runMessage = null) => set({ runState, runMessage }),
  setFault: (fault) => set({ fault }),
  setEvaluation: (evaluation) => set({ evaluation }),
  adoptModel: (model, history) =>
    set({
      ...INITIAL_RUN_VIEW,
      currentModel: model,
      epochCurve: history,
      runState: 'idle',
    }),
  setSavedModels: (savedModels) => set({ savedModels }),
  setLibraryMessage: (text, error = false) => set({ libraryMessage: { text, error } }),
});
