/**
 * The training run as the page sees it: which run is followed (its id, the spec and data it trains
 * on), its state, the latest progress, the metric history the charts draw, the last fault, the last
 * evaluation of the current model, and the saved-model library. `reduceRunEvent` is the one place
 * where worker events become state; it is pure, so the tests drive it with a real engine's events.
 */
import type { StateCreator } from 'zustand';
import type {
  CurrentModelInfo,
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

/**
 * The model the results talk about: the worker's current model, as its last `currentModel` event
 * described it (the last run's, or one loaded from the library or a file), with what the page knows
 * of the run that trains it.
 */
export interface CurrentModel {
  source: 'run' | 'saved' | 'file';
  name: string;
  spec: ModelSpec;
  /** The model's own dataset and class names (an uploaded file's, not the page's selection). */
  dataset: DatasetName;
  classNames: string[];
  /** The run that trains it (source 'run'), or its library key (source 'saved'). */
  runId?: number;
  key?: string;
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
  /** Evaluations the page asked for that have not been answered yet (the test strip says so). */
  evaluating: number;
  savedModels: SavedModelInfo[];
  /** Last message of a library action (saved, deleted, failed …), for a polite live region. */
  libraryMessage: { text: string; error: boolean } | null;
  beginRun: (record: RunRecord) => void;
  applyRunEvent: (event: EngineEvent) => void;
  setRunState: (state: RunPhase, message?: string | null) => void;
  setFault: (fault: RunFault | null) => void;
  setEvaluation: (evaluation: Evaluation | null) => void;
  /** One more (1) or one fewer (-1) evaluation in flight. */
  countEvaluating: (change: 1 | -1) => void;
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
  if (event.type === 'currentModel') return reduceCurrentModel(view, event.model);
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
      return { runState: event.state, runMessage: event.message ?? null };
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

/**
 * The worker changed its current model. A run's model keeps the followed run's view (its curves go
 * on); a loaded or imported one replaces the whole view by its own history; none clears it.
 */
function reduceCurrentModel(view: RunView, info: CurrentModelInfo | null): Partial<RunView> {
  if (!info) return { currentModel: null, evaluation: null };
  const run = view.run && info.source === 'run' && info.runId === view.run.runId ? view.run : null;
  const model: CurrentModel = {
    source: info.source,
    name: info.name,
    spec: info.spec,
    dataset: info.dataset,
    classNames: info.classNames,
    ...(info.runId !== undefined ? { runId: info.runId } : {}),
    ...(info.key !== undefined ? { key: info.key } : {}),
    presetId: run?.presetId ?? null,
    ...(run ? { testLimit: run.options.testLimit, trainLimit: run.options.trainLimit } : {}),
  };
  if (info.source === 'run') return { currentModel: model, evaluation: null };
  // A run the page started that the worker has not set up yet (it has not announced its model and
  // has not ended) reached the worker after this model was opened: the worker sets it up next and
  // its model replaces this one. The page keeps following it, or it would hold a model it does not
  // follow, whose pause and evaluation it ignores. (A run that reached the worker first was stopped
  // by the open, and its end arrived before this event.)
  if (view.run && !runAnnounced(view) && !RUN_ENDED.has(view.runState)) return { currentModel: model, evaluation: null };
  return { ...INITIAL_RUN_VIEW, currentModel: model, epochCurve: info.history, runState: 'idle' };
}

const RUN_ENDED: ReadonlySet<RunPhase> = new Set(['finished', 'stopped', 'failed']);

/** True when the worker has announced the followed run's model. */
function runAnnounced(view: RunView): boolean {
  return view.currentModel?.source === 'run' && view.run !== null && view.currentModel.runId === view.run.runId;
}

export const createRunSlice: StateCreator<RunSlice, [], [], RunSlice> = (set, get) => ({
  ...INITIAL_RUN_VIEW,
  evaluating: 0,
  savedModels: [],
  libraryMessage: null,
  // The model stays the worker's current one (with its evaluation) until the worker announces the
  // run's model: a run whose set-up fails leaves it current.
  beginRun: (record) =>
    set((state) => ({
      ...INITIAL_RUN_VIEW,
      currentModel: state.currentModel,
      evaluation: state.evaluation,
      run: record,
      runState: record.options.startPaused ? 'paused' : 'running',
    })),
  applyRunEvent: (event) => {
    const change = reduceRunEvent(get(), event);
    if (change) set(change);
  },
  setRunState: (runState, runMessage = null) => set({ runState, runMessage }),
  setFault: (fault) => set({ fault }),
  setEvaluation: (evaluation) => set({ evaluation }),
  countEvaluating: (change) => set((state) => ({ evaluating: Math.max(0, state.evaluating + change) })),
  setSavedModels: (savedModels) => set({ savedModels }),
  setLibraryMessage: (text, error = false) => set({ libraryMessage: { text, error } }),
});
