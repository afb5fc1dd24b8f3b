/**
 * The home view's commands, on top of the run and inspection bridges: the worker always holds a
 * model of the network on the picture (a paused run, so that its untrained maps show before Play),
 * Play resumes it, every change of the network or its settings starts a fresh paused run, and a
 * change that would throw away a trained model asks first. The run trains on the whole dataset and,
 * by default, until paused; the Build view's own settings are left as they are.
 */
import type { TrainOptions } from '../engine/protocol';
import { LIMITS } from '../engine/spec/limits';
import type { ModelSpec } from '../engine/spec/types';
import { hasErrors, validateSpec } from '../engine/spec/validate';
import { engine } from './engineBridge';
import { useAppStore } from './index';
import { INITIAL_RUN_VIEW } from './runSlice';
import { chooseInput, fetchTestImages } from './inspectionBridge';
import { afterOpening, openingModel } from './modelFileBridge';
import { controlRun, evaluateCurrent, type RunOverrides, startRun } from './runBridge';

/** "Until I pause": as many epochs as a spec may have (1,000 epochs of MNIST is days of training). */
export const UNTIL_PAUSED_EPOCHS = LIMITS.maxEpochs;
/** Test images evaluated at each epoch end (the strip and the test curve): enough, and quick. */
export const HOME_TEST_LIMIT = 1000;
/** Changes typed in quick succession (128 typed as 1, 12, 128) start one run, not three. */
const RESTART_DELAY_MS = 250;

/** While Play trains, the worker re-evaluates the test strip every this many batches (issue 13 follow-up). */
export const HOME_EVALUATE_EVERY_BATCHES = 300;

const HOME_OPTIONS: Partial<TrainOptions> = { trainLimit: undefined, validationSplit: 0, testLimit: HOME_TEST_LIMIT, evaluateEveryBatches: HOME_EVALUATE_EVERY_BATCHES };

let restartTimer: ReturnType<typeof setTimeout> | null = null;
/** True when the home view wanted to hold a run while a model was opening (it holds one after, if still needed). */
let holdAfterOpening = false;

/** The overrides of a home-view run: all training images, and until paused unless switched off. */
export function homeOverrides(untilPaused: boolean): RunOverrides {
  return untilPaused ? { epochs: UNTIL_PAUSED_EPOCHS, options: HOME_OPTIONS } : { options: HOME_OPTIONS };
}

/** The same network and settings, ignoring the epochs (the home view overrides them). */
export function sameNetwork(a: ModelSpec, b: ModelSpec): boolean {
  const strip = (spec: ModelSpec) => JSON.stringify({ ...spec, name: '', training: { ...spec.training, epochs: 0 } });
  return strip(a) === strip(b);
}

/** True when the model the worker holds is the network on the picture, trained on its dataset. */
export function modelMatches(): boolean {
  const s = useAppStore.getState();
  const model = s.currentModel;
  return model !== null && model.dataset === s.dataset && sameNetwork(model.spec, s.spec);
}

/** True when the followed run has trained at least one batch of the model the worker holds. */
export function hasTrainedModel(): boolean {
  const s = useAppStore.getState();
  if (!s.currentModel) return false;
  if (s.currentModel.source !== 'run') return true;
  return (s.progress?.examplesSeen ?? 0) > 0 || s.epochCurve.length > 0;
}

function startPaused(): void {
  const s = useAppStore.getState();
  if (s.engineStatus !== 'ready' || hasErrors(validateSpec(s.spec))) return;
  startRun(true, homeOverrides(s.untilPaused));
}

/**
 * Makes sure the worker holds a model of the network on the picture: when it holds none, or another
 * one that was never trained, a paused run is started. A trained model of another network is kept
 * (the user returns from Build, say) until the user changes something here or presses Play.
 */
export function preparePlayground(): void {
  const s = useAppStore.getState();
  if (s.engineStatus !== 'ready') return;
  // The run would reach the worker after the model being opened and replace it there, while the
  // page, told of the opened model, stopped following the run: the opened model would be gone and
  // never evaluated. Wait for the open; a model that opened is kept, and a failed open gets the run.
  if (openingModel()) {
    if (!holdAfterOpening) {
      holdAfterOpening = true;
      afterOpening(() => {
        if (!holdAfterOpening) return;
        holdAfterOpening = false;
        preparePlayground();
      });
    }
    return;
  }
  if (modelMatches()) return;
  if (s.runState === 'running') return;
  if (hasTrainedModel() && s.currentModel !== null) return;
  startPaused();
}

/** Play: resumes the paused run of this network, or starts one (asking before replacing a trained one). */
export function play(): void {
  const s = useAppStore.getState();
  if (s.runState === 'running') return;
  if (s.runState === 'paused' && modelMatches()) {
    controlRun('resume');
    return;
  }
  const start = (): void => {
    const now = useAppStore.getState();
    startRun(false, homeOverrides(now.untilPaused));
  };
  // A finished or stopped run cannot go on: Play trains a new one, so a trained model is only
  // replaced after the user agrees.
  if (hasTrainedModel()) {
    s.askDiscard({ what: 'train this network again from the start', apply: start });
    return;
  }
  start();
}

export function pause(): void {
  controlRun('pause');
}

/** Trains exactly one batch (starting a paused run first when needed). */
export function stepOnce(): void {
  const s = useAppStore.getState();
  if ((s.runState === 'paused' || s.runState === 'running') && modelMatches()) {
    controlRun('step');
    return;
  }
  const start = (): void => {
    const runId = startRun(true, homeOverrides(useAppStore.getState().untilPaused));
    if (runId !== null) controlRun('step');
  };
  if (hasTrainedModel()) {
    s.askDiscard({ what: 'train this network again from the start', apply: start });
    return;
  }
  start();
}

/** Restarts with a paused run soon, once a burst of changes has settled. */
function restartSoon(): void {
  if (restartTimer) clearTimeout(restartTimer);
  restartTimer = setTimeout(() => {
    restartTimer = null;
    startPaused();
  }, RESTART_DELAY_MS);
}

/**
 * Applies a change of the network, the dataset or the training settings, then starts a fresh
 * paused run of the result. When the worker holds a trained model, asks first (`what` names the
 * change in the question).
 */
export function changeNetwork(what: string, change: () => void): void {
  const apply = (): void => {
    change();
    restartSoon();
  };
  if (hasTrainedModel()) {
    useAppStore.getState().askDiscard({ what, apply });
    return;
  }
  apply();
}

/** Reset: new random weights (a new seed), untrained, paused. */
export function resetWeights(): void {
  changeNetwork('start again from new random weights', () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    useAppStore.getState().setTraining({ seed });
  });
}

/** Answers the pending question: apply the change (true) or keep the trained model (false). */
export function answerDiscard(apply: boolean): void {
  const s = useAppStore.getState();
  const pending = s.pendingDiscard;
  s.askDiscard(null);
  if (apply && pending) pending.apply();
}

/** True while the home view holds an untrained paused run just to show the untrained maps. */
export function holdsUntrainedRun(): boolean {
  const s = useAppStore.getState();
  return s.run !== null && s.runState === 'paused' && !hasTrainedModel();
}

/**
 * Lets go of the untrained paused run the home view holds, so that another view (Build's Start,
 * the backend switch) finds no run in its way. The store stops following it at once; the worker
 * drops it with the stop, or at the latest when the next run starts.
 */
export function releaseHeldRun(): void {
  holdAfterOpening = false;
  if (restartTimer) {
    clearTimeout(restartTimer);
    restartTimer = null;
  }
  if (!holdsUntrainedRun()) return;
  controlRun('stop');
  useAppStore.setState({ ...INITIAL_RUN_VIEW });
}

/** Runs `task` (a backend switch, a speed measurement) without the held run, then holds a fresh one. */
export async function withoutHeldRun(task: () => Promise<void>): Promise<void> {
  const held = holdsUntrainedRun();
  releaseHeldRun();
  try {
    await task();
  } finally {
    if (held) preparePlayground();
  }
}

/** Evaluates the model once when there is no evaluation yet, so the test strip is never blank. */
export async function evaluateIfNone(): Promise<void> {
  const s = useAppStore.getState();
  if (s.evaluation || !s.currentModel) return;
  await evaluateCurrent(HOME_TEST_LIMIT);
}

/**
 * While the home view is on screen: whenever the followed run pauses (including the moment its
 * untrained model exists) or ends, evaluate the model, so the test strip shows how it does now:
 * chance-level answers before Play, the learned ones at every pause.
 */
export function followPlaygroundRuns(): () => void {
  return engine().subscribe((event) => {
    if (event.type !== 'runState' || event.runId !== useAppStore.getState().run?.runId) return;
    if (event.state === 'paused' || event.state === 'finished' || event.state === 'stopped') void evaluateCurrent(HOME_TEST_LIMIT);
  });
}

/** Chooses test image `index` as the picture's input, with its true class. */
export async function chooseTestImage(index: number): Promise<void> {
  const batch = await fetchTestImages([index]);
  if (typeof batch === 'string' || batch.indices.length === 0) {
    chooseInput({ kind: 'test', index });
    return;
  }
  chooseInput({ kind: 'test', index, label: batch.labels[0] });
}
