/**
 * The training side of the bridge between the engine worker and the store: it follows one run at a
 * time (events of other runs are dropped by `reduceRunEvent`), and offers the commands of the
 * dashboard, the results and the model library. The worker's events reach the run slice through the
 * engine bridge's one subscription; the current model is only ever what the worker announced.
 * Every command reports failures into the store as a message; none throws at its caller.
 */
import type { BackendName, ModelFiles, SavedModelInfo, TrainOptions } from '../engine/protocol';
import { hasErrors, validateSpec } from '../engine/spec/validate';
import { changeBackend, engine, startEngine } from './engineBridge';
import { useAppStore } from './index';

let lastRunId = 0;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Ids grow with time so that a run of a previous worker (before a hard stop) never matches. */
function nextRunId(): number {
  lastRunId = Math.max(lastRunId + 1, Date.now() % 1_000_000_000);
  return lastRunId;
}

/** What the playground's home view trains with instead of the Build view's settings. */
export interface RunOverrides {
  /** Epochs of this run (the home view's "until I pause" is the most the spec allows). */
  epochs?: number;
  options?: Partial<TrainOptions>;
  /** Train the current (loaded or opened) model further instead of a freshly initialised one. */
  continueFromCurrent?: boolean;
}

/**
 * Starts a run of the spec being built, on the chosen dataset with the chosen options. Refuses (with
 * the reason in the store) when the spec has errors. `paused`: start paused, for single-stepping.
 * `overrides` change this run only (the spec in the store keeps its own epochs);
 * `overrides.continueFromCurrent` trains the loaded / opened model further instead of a fresh network.
 */
export function startRun(paused = false, overrides: RunOverrides = {}): number | null {
  engine();
  const store = useAppStore.getState();
  const issues = validateSpec(store.spec);
  if (hasErrors(issues)) {
    store.setFault({
      kind: 'spec',
      message: 'The network has errors, so it cannot be trained yet.',
      hint:
        issues.find((issue) => issue.severity === 'error')?.fix ?? 'Fix the layers marked in the builder.',
    });
    return null;
  }
  const runId = nextRunId();
  const options = { ...store.trainOptions, ...overrides.options, startPaused: paused, ...(overrides.continueFromCurrent ? { continueFromCurrent: true } : {}) };
  const spec = structuredClone(store.spec);
  if (overrides.epochs !== undefined) spec.training.epochs = overrides.epochs;
  store.beginRun({
    runId,
    spec: structuredClone(spec),
    dataset: store.dataset,
    options,
    presetId: store.presetId,
  });
  engine().send({ type: 'train', runId, spec, dataset: store.dataset, options });
  return runId;
}

type Control = 'pause' | 'resume' | 'step' | 'stop';

/**
 * Sends a control message to the followed run (nothing when there is none). The run may still be
 * setting up in the worker (loading the dataset): the worker queues the control until it exists.
 */
export function controlRun(type: Control): void {
  const { run, runState } = useAppStore.getState();
  if (!run || runState === 'finished' || runState === 'stopped' || runState === 'failed') return;
  engine().send({ type, runId: run.runId });
}

/** Single-steps the followed run, or starts a paused run and steps its first batch. */
export function stepRun(): void {
  const { run, runState } = useAppStore.getState();
  if (run && (runState === 'paused' || runState === 'running')) {
    controlRun('step');
    return;
  }
  const runId = startRun(true);
  if (runId !== null) engine().send({ type: 'step', runId });
}

/**
 * Hard stop: terminates the worker (a hung GPU, a runaway run) and starts a fresh one with the same
 * backend choice. The model of the run is lost with the worker; the page keeps its curves.
 */
export async function hardStop(): Promise<void> {
  const store = useAppStore.getState();
  const active = store.runState === 'running' || store.runState === 'paused';
  engine().restart('the engine was restarted by a hard stop');
  if (active) {
    store.setRunState(
      'stopped',
      'Hard stop: the engine was restarted, so the model of this run is gone (its curves stay).',
    );
  } else {
    store.setRunState(store.runState, 'The engine was restarted; the model it held is gone.');
  }
  // The worker that held the model is gone: the fresh one holds none.
  useAppStore.getState().applyRunEvent({ type: 'currentModel', model: null });
  await startEngine(useAppStore.getState().backendChoice);
}

/** Switches backend after a fault that names a better one. */
export async function switchBackend(name: BackendName): Promise<void> {
  useAppStore.getState().setFault(null);
  await changeBackend(name);
}

/** Evaluates the current model on the first `limit` test images (the run's test limit by default). */
export async function evaluateCurrent(limit?: number): Promise<void> {
  const store = useAppStore.getState();
  const model = store.currentModel;
  store.countEvaluating(1);
  try {
    const answer = await engine().request({
      type: 'evaluate',
      limit: limit ?? model?.testLimit ?? store.trainOptions.testLimit,
    });
    store.setEvaluation(answer.evaluation);
  } catch (error) {
    store.setLibraryMessage(`Could not evaluate the model: ${messageOf(error)}`, true);
  } finally {
    useAppStore.getState().countEvaluating(-1);
  }
}

/** Reloads the list of saved models from the worker's IndexedDB. */
export async function refreshModels(): Promise<void> {
  const store = useAppStore.getState();
  try {
    const answer = await engine().request({ type: 'listModels' });
    store.setSavedModels([...answer.models].sort((a, b) => b.savedAt.localeCompare(a.savedAt)));
  } catch (error) {
    store.setLibraryMessage(`Could not read the saved models: ${messageOf(error)}`, true);
  }
}

/** Saves the current model under `name` (IndexedDB, in the worker). */
export async function saveCurrentModel(name: string): Promise<SavedModelInfo | null> {
  const store = useAppStore.getState();
  const trimmed = name.trim();
  if (!trimmed) {
    store.setLibraryMessage('Give the model a name before saving it.', true);
    return null;
  }
  try {
    const answer = await engine().request({ type: 'saveModel', name: trimmed });
    store.setLibraryMessage(`Saved “${answer.model.name}”.`);
    await refreshModels();
    return answer.model;
  } catch (error) {
    store.setLibraryMessage(`Could not save the model: ${messageOf(error)}`, true);
    return null;
  }
}

/** Loads a saved model into the worker, makes it the current model and evaluates it. */
export async function loadSavedModel(key: string): Promise<void> {
  const store = useAppStore.getState();
  try {
    // The worker announces the loaded model (a `currentModel` event) before it answers.
    const answer = await engine().request({ type: 'loadModel', key });
    store.setLibraryMessage(`Loaded “${answer.model.name}”.`);
    await evaluateCurrent();
  } catch (error) {
    store.setLibraryMessage(`Could not load the model: ${messageOf(error)}`, true);
  }
}

export async function deleteSavedModel(key: string): Promise<void> {
  const store = useAppStore.getState();
  try {
    await engine().request({ type: 'deleteModel', key });
    store.setLibraryMessage('Deleted the saved model.');
    await refreshModels();
  } catch (error) {
    store.setLibraryMessage(`Could not delete the model: ${messageOf(error)}`, true);
  }
}

/** The current model as files (model.json + weights.bin), or null with the reason in the store. */
export async function exportCurrentModel(): Promise<ModelFiles | null> {
  try {
    const answer = await engine().request({ type: 'exportModel' });
    return answer.files;
  } catch (error) {
    useAppStore.getState().setLibraryMessage(`Could not export the model: ${messageOf(error)}`, true);
    return null;
  }
}

/**
 * Loads a model from files the user picked and evaluates it, on the dataset the files name (a
 * Fashion-MNIST model stays one while MNIST is selected; the page then shows Fashion-MNIST).
 */
export async function importModelFiles(files: ModelFiles): Promise<void> {
  const store = useAppStore.getState();
  try {
    const answer = await engine().request({ type: 'importModel', files });
    store.setLibraryMessage(`Loaded “${answer.model.name}” from files.`);
    await evaluateCurrent();
  } catch (error) {
    store.setLibraryMessage(`Could not load those files: ${messageOf(error)}`, true);
  }
}
