/**
 * The runs panel's commands (issue 19), on top of the engine client: list the kept runs, rename,
 * delete, export and keep weights through the worker, which owns the records; load a run's setup as
 * the model being built ("run again with one change"); and a share link of a run's settings. Every
 * command reports failures into the store as a message; none throws at its caller.
 */
import type { KeptRun, TrainOptions } from '../engine/protocol';
import { PRESETS, type PresetId } from '../engine/spec/presets';
import type { DatasetName, ModelSpec } from '../engine/spec/types';
import { engine } from './engineBridge';
import { useAppStore } from './index';
import { changeNetwork, sameNetwork, UNTIL_PAUSED_EPOCHS } from './playgroundBridge';
import { evaluateCurrent } from './runBridge';
import { encodeSetup, type SharedSetup } from './urlState';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Keeps the store's list in step with the worker's records while `active`; returns the unsubscribe. */
export function followKeptRuns(): () => void {
  return engine().subscribe((event) => {
    if (event.type === 'runKept') useAppStore.getState().putKeptRun(event.run);
  });
}

export async function refreshRuns(): Promise<void> {
  const store = useAppStore.getState();
  try {
    const answer = await engine().request({ type: 'listRuns' });
    store.setKeptRuns(answer.runs);
  } catch (error) {
    store.setRunsMessage(`Could not read the kept runs: ${messageOf(error)}`, true);
  }
}

export async function renameKeptRun(id: string, name: string): Promise<boolean> {
  const store = useAppStore.getState();
  try {
    const answer = await engine().request({ type: 'renameRun', id, name });
    store.setKeptRuns(answer.runs);
    store.setRunsMessage(`Renamed the run “${name.trim()}”.`);
    return true;
  } catch (error) {
    store.setRunsMessage(`Could not rename the run: ${messageOf(error)}`, true);
    return false;
  }
}

export async function deleteKeptRun(id: string): Promise<void> {
  const store = useAppStore.getState();
  const name = store.keptRuns.find((r) => r.id === id)?.name ?? 'the run';
  try {
    const answer = await engine().request({ type: 'deleteRun', id });
    store.setKeptRuns(answer.runs);
    store.setRunsMessage(`Deleted “${name}”.`);
  } catch (error) {
    store.setRunsMessage(`Could not delete the run: ${messageOf(error)}`, true);
  }
}

/** The run as a JSON file (settings, curves, metrics), or null with the reason in the store. */
export async function exportKeptRun(id: string): Promise<{ fileName: string; json: string } | null> {
  try {
    const answer = await engine().request({ type: 'exportRun', id });
    return { fileName: answer.fileName, json: answer.json };
  } catch (error) {
    useAppStore.getState().setRunsMessage(`Could not export the run: ${messageOf(error)}`, true);
    return null;
  }
}

export async function keepKeptRunWeights(id: string): Promise<void> {
  const store = useAppStore.getState();
  store.setRunsMessage('Keeping the trained weights…');
  try {
    const answer = await engine().request({ type: 'keepRunWeights', id });
    store.setKeptRuns(answer.runs);
    store.setRunsMessage(`Kept the trained weights of “${answer.runs.find((r) => r.id === id)?.name ?? 'the run'}”.`);
  } catch (error) {
    store.setRunsMessage(`Could not keep the weights: ${messageOf(error)}`, true);
  }
}

/** Makes a run's kept weights the current model, and evaluates it. */
export async function openKeptRunModel(id: string): Promise<void> {
  const store = useAppStore.getState();
  store.setRunsMessage('Opening the trained model…');
  try {
    const answer = await engine().request({ type: 'openRunModel', id });
    store.setKeptRuns(answer.runs);
    store.setRunsMessage(`Opened the trained model of “${answer.runs.find((r) => r.id === id)?.name ?? 'the run'}”.`);
    await evaluateCurrent();
  } catch (error) {
    store.setRunsMessage(`Could not open the model: ${messageOf(error)}`, true);
  }
}

/**
 * A run's settings as a setup to build or share: its spec and data options, without what only that
 * run needed (start paused, train further, the home view's test refresh). A home-view run trained
 * "until paused": its epochs are the ones being built, not the thousand it was allowed.
 */
export function setupOfRun(run: KeptRun, epochsNow = useAppStore.getState().spec.training.epochs): SharedSetup {
  const spec: ModelSpec = structuredClone(run.spec);
  if (spec.training.epochs >= UNTIL_PAUSED_EPOCHS) spec.training.epochs = epochsNow;
  const { startPaused: _p, continueFromCurrent: _c, evaluateEveryBatches: _e, ...options } = run.options;
  const trainOptions: TrainOptions = options;
  const preset = PRESETS.find((p) => p.dataset === run.dataset && sameNetwork({ ...p.spec, training: { ...p.spec.training, epochs: spec.training.epochs } }, spec));
  return { spec, dataset: run.dataset as DatasetName, trainOptions, presetId: (preset?.id ?? null) as PresetId | null };
}

/** An absolute link that opens the playground with the run's settings (never its weights). */
export function shareLinkOfRun(run: KeptRun): string {
  const { origin, pathname, search } = window.location;
  return `${origin}${pathname}${search}#${encodeSetup(setupOfRun(run))}`;
}

/**
 * "Run again with one change": the run's setup becomes the model being built, so the learner edits
 * one thing and trains. On the home view a trained model is only replaced after the learner agrees.
 */
export function runAgain(id: string): void {
  const store = useAppStore.getState();
  const run = store.keptRuns.find((r) => r.id === id);
  if (!run) return;
  const setup = setupOfRun(run);
  const apply = (): void => {
    const s = useAppStore.getState();
    s.setSpec(setup.spec, setup.presetId);
    s.setDataset(setup.dataset);
    s.setTrainOptions(setup.trainOptions);
    s.setRunsMessage(`Loaded the settings of “${run.name}”: change one thing, then train.`);
  };
  store.setRunsOpen(false);
  if (store.section === 'play') changeNetwork(`load the settings of “${run.name}”`, apply);
  else apply();
}
