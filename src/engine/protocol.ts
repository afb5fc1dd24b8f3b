/**
 * The one message protocol between the page and the engine worker. Every request and every event is a
 * member of a discriminated union on `type`; both sides import this file, and the worker's handler ends
 * in an exhaustive `never` check so that adding a message without handling it fails to compile.
 *
 * Conventions:
 * - Requests that expect one answer carry a `requestId`; the answer event carries the same id
 *   (or an `error` event does, with a kind). Which event answers which request is fixed by
 *   {@link ANSWER_TYPES}: `EngineClient.request` returns exactly that event's type.
 * - Training runs carry a `runId`, chosen by the page before it sends `train`; controls for a run
 *   (pause / resume / step / stop) are honoured even when they arrive while the run is still being
 *   set up (the dataset loading, the model being built): the worker queues them by run id.
 * - The worker owns the model: every change of the current model (a run's model built, a model
 *   loaded or imported, the model dropped) is announced by one `currentModel` event, and the page
 *   takes its current model from that event only.
 * - Layers are identified by their spec index (`layerIndex`), sent with every activation, kernel and
 *   top-activation answer; tfjs layer names are for display only.
 * - Large arrays (pixels, activations, weights) are typed arrays sent as transferables.
 */
import type { CustomDataset } from './data/customDataset';
import type { DatasetName, ModelSpec, Shape } from './spec/types';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** 'auto' lets the engine choose (fastest measured, falling back on failure). */
export type BackendChoice = BackendName | 'auto';

export interface BackendStatus {
  name: BackendName;
  available: boolean;
  /** Why it is unavailable, or a remark such as "software adapter (SwiftShader)". */
  note: string;
  /** Measured training throughput of the calibration model, if calibrated. */
  examplesPerSecond?: number;
}

/** Training examples per second of the calibration model, per backend, as measured on this machine. */
export type MeasuredSpeeds = Partial<Record<BackendName, number>>;

export interface BackendInfo {
  name: BackendName;
  /** One sentence for the page: why this backend runs. */
  reason: string;
  /** True when the WebGPU adapter is a software rasteriser (SwiftShader / fallback adapter). */
  softwareAdapter: boolean;
  backends: BackendStatus[];
  /** Safari / iPadOS fallbacks (issue 15): what this browser lacks and what the engine does instead (features.ts). */
  fallbacks?: string[];
}

export type Split = 'train' | 'test';

export interface DatasetInfo {
  dataset: DatasetName;
  trainCount: number;
  testCount: number;
  classNames: string[];
  decodeMs: number;
}

export interface TrainOptions {
  /** Use only the first N training images (shuffled subset); undefined = all. */
  trainLimit?: number;
  /** Fraction of the (limited) training set held out for validation; 0 = validate on the test set. */
  validationSplit: number;
  /** Number of test images used for validation / evaluation; undefined = all. */
  testLimit?: number;
  /** Start paused (for single-stepping from the first batch). */
  startPaused?: boolean;
  /**
   * Train the current model further (a loaded or opened one) instead of a freshly initialised network;
   * honoured only when the spec's layers and input are the current model's.
   */
  continueFromCurrent?: boolean;
  /**
   * Kept runs (issue 19): also evaluate the test set every this many batches while training, so that a
   * long run's test results never go stale (the home view's "until I pause"); undefined = epoch ends only.
   */
  evaluateEveryBatches?: number;
}

export interface ProgressEvent {
  type: 'progress';
  runId: number;
  epoch: number; // 0-based
  epochs: number;
  batch: number; // batches done in this epoch
  batchesPerEpoch: number;
  examplesSeen: number;
  examplesPerSecond: number;
  etaSeconds: number;
  /** Smoothed training loss / accuracy over the batches since the last progress event. */
  loss: number;
  accuracy: number;
}

export interface EpochEvent {
  type: 'epochEnd';
  runId: number;
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

/** One epoch's metrics without the event envelope (a saved model's training history). */
export type EpochMetrics = Omit<EpochEvent, 'type' | 'runId'>;

export type RunState = 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export type FaultKind = 'nan' | 'oom' | 'deviceLost' | 'backend' | 'dataset' | 'spec' | 'storage' | 'internal';

/**
 * What kind of failure an `error` answer reports, so the page can react without reading the text:
 * a fault kind, or `no-model` (the request needs a current model and there is none), `input` (the
 * request itself is wrong: an index out of range, a malformed picture or file) or `not-ready` (the
 * engine was not initialised).
 */
export type ErrorKind = FaultKind | 'no-model' | 'input' | 'not-ready';

export interface LayerActivation {
  /** The spec index of the layer (model.layers[layerIndex] is spec layer layerIndex). */
  layerIndex: number;
  /** The tfjs layer name, for display. */
  name: string;
  layerType: string;
  /** Without the batch dimension. */
  shape: Shape;
  data: Float32Array;
}

export interface KernelWeights {
  name: string;
  /** The spec index of the conv layer. */
  layerIndex: number;
  /** [kh, kw, inChannels, outChannels], as tfjs stores conv kernels. */
  shape: [number, number, number, number];
  data: Float32Array;
  bias?: Float32Array;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  perClassAccuracy: number[];
  /** Test-set indices of the most confidently wrong predictions. */
  worst: { index: number; label: number; predicted: number; confidence: number }[];
  /** Predictions for the first `predictions.length` test images (for the prediction grid). */
  predictions: { index: number; label: number; predicted: number; confidence: number }[];
  count: number;
  /** Epochs the model had trained when it was evaluated (a run stopped mid-epoch: the last whole one). */
  epochs?: number;
  /**
   * Optional: the predicted class of every evaluated image, in test-set order (`count` entries), so
   * that a confusion-matrix cell can list all the images that landed in it. Without it the page can
   * only show the cell's images among `predictions` and `worst`.
   */
  predictedClasses?: number[];
  /** Optional: the true label of every evaluated image, in test-set order (`count` entries). */
  labels?: number[];
}

export interface SavedModelInfo {
  key: string;
  name: string;
  savedAt: string;
  dataset: DatasetName;
  spec: ModelSpec;
  testAccuracy?: number;
  epochs: number;
  /** Per-epoch metrics of the run that produced the model, for redrawing its curves. */
  history?: EpochMetrics[];
  /** A model opened from a file: the import's warnings, and false when the file held no weights. */
  warnings?: string[];
  trained?: boolean;
}

/** Where the current model came from. */
export type ModelSource = 'run' | 'saved' | 'file';

/** The worker's current model, as announced by the `currentModel` event. */
export interface CurrentModelInfo {
  source: ModelSource;
  name: string;
  spec: ModelSpec;
  /** The dataset the model was trained on (a file's own dataset, never the page's choice). */
  dataset: DatasetName;
  classNames: string[];
  /** The run that trains it (source 'run'). */
  runId?: number;
  /** Its key in the library (source 'saved'). */
  key?: string;
  /** Epochs trained so far, and their metrics. */
  epochs: number;
  history: EpochMetrics[];
  /** True when the kernels as initialised are known (a model trained in this worker). */
  hasInitialKernels: boolean;
}

/** A model as files: the tfjs layers format (model.json + one weights .bin). */
export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
}

export type InputImage = { kind: 'test'; index: number } | { kind: 'pixels'; pixels: Float32Array };

export type EngineRequest =
  | { type: 'init'; requestId: number; backend: BackendChoice; datasetBaseUrl: string; measured?: MeasuredSpeeds }
  | { type: 'setBackend'; requestId: number; backend: BackendChoice; measured?: MeasuredSpeeds }
  | { type: 'calibrate'; requestId: number; backend: BackendChoice }
  | { type: 'loadDataset'; requestId: number; dataset: DatasetName }
  | { type: 'samples'; requestId: number; dataset: DatasetName; split: Split; indices: number[] }
  | { type: 'train'; runId: number; spec: ModelSpec; dataset: DatasetName; options: TrainOptions }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'step'; runId: number }
  | { type: 'stop'; runId: number }
  | { type: 'inspect'; requestId: number; input: InputImage }
  | { type: 'filters'; requestId: number; initial?: boolean }
  | { type: 'evaluate'; requestId: number; limit?: number }
  | { type: 'topActivations'; requestId: number; layerIndex: number; channel: number; k: number; limit?: number }
  | { type: 'saveModel'; requestId: number; name: string }
  | { type: 'listModels'; requestId: number }
  | { type: 'loadModel'; requestId: number; key: string }
  | { type: 'deleteModel'; requestId: number; key: string }
  | { type: 'exportModel'; requestId: number }
  /** The model's dataset and classes come from the files; `dataset` is used only when they name none. */
  | { type: 'importModel'; requestId: number; files: ModelFiles; dataset?: DatasetName }
  /**
   * Opens any model file (Keras .keras / .h5, tfjs model.json + .bin, Keras JSON, spec, TFANN) as the
   * current model; answered by `modelLoaded`. `dataset` is used when the file names none.
   */
  | { type: 'openModelFile'; requestId: number; files: PickedModelFile[]; dataset: DatasetName }
  /** The current model as a Keras 3 `.keras` file or as a Python project zip; answered by `modelFile`. */
  | { type: 'exportForPython'; requestId: number; format: 'keras' | 'python' }
  // --- Insight (issue 19, items 2–4): what a channel looks for, saliency, Grad-CAM ---
  /**
   * Gradient ascent: one image per unit (conv channel or dense unit) of one layer that maximises its
   * mean activation. `jobId` is the page's, so that it can match `lookForProgress` events and cancel;
   * answered by `lookedFor` (also when cancelled, with the images so far).
   */
  | { type: 'lookFor'; requestId: number; jobId: number; layerIndex: number; units: number[]; start: LookForStart; steps?: number }
  /** Stops the climb `jobId` at its next step; answered by `lookForCancelled`. */
  | { type: 'cancelLookFor'; requestId: number; jobId: number }
  /** Saliency and Grad-CAM of one input for one class (undefined: the predicted one); answered by `predictionExplained`. */
  | { type: 'explainPrediction'; requestId: number; input: InputImage; classIndex?: number }
  // --- end insight ---
  // --- Own datasets (#18 item 3) ---
  /**
   * A learner's dataset, whole, for the worker to train, inspect and evaluate on under the name
   * `custom:<id>` (until the worker ends); sent again after it changed. Answered by `datasetLoaded`.
   */
  | { type: 'putCustomDataset'; requestId: number; dataset: CustomDataset }
  // --- Kept runs (issue 19): every run is recorded by the worker; these list and change the records.
  | { type: 'listRuns'; requestId: number }
  | { type: 'renameRun'; requestId: number; id: string; name: string }
  | { type: 'deleteRun'; requestId: number; id: string }
  | { type: 'exportRun'; requestId: number; id: string }
  /** Keeps the trained weights of a run whose model is still the current one. */
  | { type: 'keepRunWeights'; requestId: number; id: string }
  /** Makes a run's kept weights the current model. */
  | { type: 'openRunModel'; requestId: number; id: string };

// --- Insight (issue 19, items 2–4) ---
/** Where gradient ascent starts: seeded grey noise, or an image (a test image or the page's pixels). */
export type LookForStart = { kind: 'noise'; seed?: number } | { kind: 'input'; input: InputImage };

/** A map over an image grid, row-major, normalised to [0, 1]; `peak` is its maximum before that. */
export interface ClassMapData {
  map: Float32Array;
  height: number;
  width: number;
  peak: number;
}

/** The images of a climb so far: `units.length` images of `shape`, one after the other. */
export interface LookForImages {
  jobId: number;
  layerIndex: number;
  units: number[];
  step: number;
  steps: number;
  /** Mean activation of each unit for its image now. */
  activations: number[];
  images: Float32Array;
  /** [height, width, channels] of one image. */
  shape: [number, number, number];
}
// --- end insight ---

// --- Kept runs (issue 19): what the worker records of every run that trained at least one batch.

/** One point of a kept run's training curve: x in epochs (1.5 = half-way through the second). */
export interface KeptRunPoint {
  x: number;
  loss: number;
  accuracy: number;
}

export interface KeptRun {
  /** Stable key of the record (the run id and its start time). */
  id: string;
  runId: number;
  /** "Run 3", until the learner renames it. */
  name: string;
  /** Position among the runs ever kept in this browser (1, 2, 3 …). */
  ordinal: number;
  spec: ModelSpec;
  dataset: DatasetName;
  /** The run's data options (`startPaused` left out). */
  options: TrainOptions;
  seed: number;
  backend: BackendName;
  /** 'paused': recorded at a pause; the run may still go on (or the tab closed while it was paused). */
  state: 'paused' | 'finished' | 'stopped' | 'failed';
  /** Why a failed run failed (divergence, out of memory …). */
  message?: string;
  /** ISO time the run started. */
  startedAt: string;
  /** Seconds from start to end, pauses included; and seconds spent training, pauses left out. */
  wallSeconds: number;
  trainingSeconds: number;
  examplesSeen: number;
  /** Whole epochs completed. */
  epochs: number;
  /** The training curve, thinned to at most a few hundred points. */
  curve: KeptRunPoint[];
  /** Per-epoch metrics (training and validation). */
  epochCurve: EpochMetrics[];
  /** Test metrics of the model as the run left it (or at its last pause); null if never evaluated. */
  test: { loss: number; accuracy: number; count: number; examplesSeen: number } | null;
  /** True when the run's trained weights are kept too (on request). */
  hasWeights: boolean;
}

/** A file the user picked or dropped, as bytes. */
export interface PickedModelFile {
  name: string;
  bytes: ArrayBuffer;
}

export type EngineEvent =
  | { type: 'ready' }
  | { type: 'backend'; requestId?: number; info: BackendInfo }
  | { type: 'calibration'; requestId: number; speeds: MeasuredSpeeds; info: BackendInfo }
  | { type: 'datasetProgress'; dataset: DatasetName; phase: string; fraction: number }
  | { type: 'datasetLoaded'; requestId?: number; info: DatasetInfo }
  | { type: 'samples'; requestId: number; dataset: DatasetName; split: Split; indices: number[]; images: Uint8Array; labels: Uint8Array }
  | { type: 'runState'; runId: number; state: RunState; message?: string }
  | ProgressEvent
  | EpochEvent
  | { type: 'fault'; runId?: number; kind: FaultKind; message: string; hint: string; nextBackend?: BackendName }
  | {
      type: 'activations';
      requestId: number;
      input: Float32Array;
      layers: LayerActivation[];
      probabilities: Float32Array;
      /** Worker time spent computing them, so live views can pace themselves against training. */
      computeMs?: number;
    }
  | { type: 'filters'; requestId: number; layers: KernelWeights[] }
  | { type: 'evaluation'; requestId?: number; runId?: number; evaluation: Evaluation }
  | { type: 'topActivations'; requestId: number; layerIndex: number; channel: number; indices: number[]; scores: number[] }
  | { type: 'models'; requestId: number; models: SavedModelInfo[] }
  | { type: 'modelSaved'; requestId: number; model: SavedModelInfo }
  | { type: 'modelLoaded'; requestId: number; model: SavedModelInfo }
  | { type: 'modelDeleted'; requestId: number; key: string }
  | { type: 'modelExported'; requestId: number; files: ModelFiles }
  | { type: 'modelFile'; requestId: number; fileName: string; bytes: ArrayBuffer }
  /** Every change of the worker's current model; null when it holds none. */
  | { type: 'currentModel'; model: CurrentModelInfo | null }
  | { type: 'error'; requestId?: number; kind: ErrorKind; message: string }
  // --- Insight (issue 19, items 2–4) ---
  /** A climb's images every few steps (no requestId: it is not the answer). */
  | ({ type: 'lookForProgress' } & LookForImages)
  | ({ type: 'lookedFor'; requestId: number; startActivations: number[]; cancelled: boolean } & LookForImages)
  | { type: 'lookForCancelled'; requestId: number; jobId: number; found: boolean }
  | {
      type: 'predictionExplained';
      requestId: number;
      /** The pixels that went in, [h, w, c] as `inputShape`. */
      input: Float32Array;
      inputShape: [number, number, number];
      classIndex: number;
      predicted: number;
      /** |∂ class score / ∂ pixel|, the largest over colour channels, at the input's size. */
      saliency: ClassMapData;
      /**
       * Grad-CAM at the last conv layer's spatial size; null when the network has no convolution.
       * `method` 'hires-cam' when Grad-CAM's averaged gradients cancelled out (see insight/gradCam.ts).
       */
      gradCam: (ClassMapData & { layerIndex: number; method: 'grad-cam' | 'hires-cam' }) | null;
      /** Why there is no Grad-CAM, when there is none. */
      gradCamNote?: string;
    }
  // --- end insight ---
  // --- Kept runs (issue 19).
  /** The kept runs, oldest first (the answer to every kept-run request). */
  | { type: 'runs'; requestId: number; runs: KeptRun[] }
  /** A run was recorded or its record updated (it paused, ended, was renamed …). */
  | { type: 'runKept'; run: KeptRun }
  | { type: 'runExport'; requestId: number; fileName: string; json: string };

/** Requests that expect exactly one answer. */
export type AskRequest = Extract<EngineRequest, { requestId: number }>;
/** Requests that steer a run and expect no answer (the run's events follow). */
export type RunControlRequest = Extract<EngineRequest, { runId: number }>;

/** Which event answers each request (or an `error` event with the same requestId). */
export const ANSWER_TYPES = {
  init: 'backend',
  setBackend: 'backend',
  calibrate: 'calibration',
  loadDataset: 'datasetLoaded',
  samples: 'samples',
  inspect: 'activations',
  filters: 'filters',
  evaluate: 'evaluation',
  topActivations: 'topActivations',
  saveModel: 'modelSaved',
  listModels: 'models',
  loadModel: 'modelLoaded',
  deleteModel: 'modelDeleted',
  exportModel: 'modelExported',
  importModel: 'modelLoaded',
  openModelFile: 'modelLoaded',
  exportForPython: 'modelFile',
  // Insight (issue 19, items 2–4)
  lookFor: 'lookedFor',
  cancelLookFor: 'lookForCancelled',
  explainPrediction: 'predictionExplained',
  putCustomDataset: 'datasetLoaded',
  // Kept runs (issue 19).
  listRuns: 'runs',
  renameRun: 'runs',
  deleteRun: 'runs',
  exportRun: 'runExport',
  keepRunWeights: 'runs',
  openRunModel: 'runs',
} as const satisfies Record<AskRequest['type'], EngineEvent['type']>;

/** The event that answers a request of type `R`. */
export type AnswerTo<R extends AskRequest['type']> = Extract<EngineEvent, { type: (typeof ANSWER_TYPES)[R] }>;

/** Typed arrays in a message that can be moved rather than copied. */
export function transferablesOf(event: EngineEvent | EngineRequest): Transferable[] {
  const out: Transferable[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    if (ArrayBuffer.isView(value)) {
      const buffer = value.buffer;
      if (buffer instanceof ArrayBuffer && !out.includes(buffer)) out.push(buffer);
      return;
    }
    if (value instanceof ArrayBuffer) {
      if (!out.includes(value)) out.push(value);
      return;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child, depth + 1);
  };
  visit(event, 0);
  return out;
}
