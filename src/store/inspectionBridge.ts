/**
 * The "Inside the network" side of the bridge between the engine worker and the store: it asks the
 * worker for the activations of the chosen input (never more than one request in flight; a newer
 * wish is coalesced into one follow-up), for the kernels, for the images that excite a channel, and
 * keeps all of it live while a run trains, a few times a second at most. Every command reports
 * failures into the store; none throws at its caller.
 */
import { errorKindOf } from '../engine/client';
import type { EngineEvent, Evaluation } from '../engine/protocol';
import type { DatasetName } from '../engine/spec/types';
import { engine } from './engineBridge';
import { useAppStore } from './index';
import type { InspectionInput } from './inspectionSlice';

/** Shortest time between two live activation requests while training (2.5 per second). */
export const LIVE_ACTIVATIONS_MS = 400;
/**
 * Live requests are spaced so that inspecting takes at most 1/LIVE_BUDGET_FACTOR of the worker's time
 * (≈ 5 %): a big network, whose forward pass costs more, is refreshed less often, so that watching it
 * never slows its training by more than a few per cent.
 */
export const LIVE_BUDGET_FACTOR = 20;

/** Worker milliseconds the last activation request cost (0 until measured). */
let lastComputeMs = 0;

/** The interval between live activation requests, given what the last one cost in the worker. */
export function liveInterval(computeMs: number): number {
  return Math.max(LIVE_ACTIVATIONS_MS, computeMs * LIVE_BUDGET_FACTOR);
}
/** Shortest time between two live kernel requests while training. */
export const LIVE_FILTERS_MS = 2000;
/**
 * Shortest time between two live explanations (saliency and Grad-CAM, WhyPanel) while training: each
 * costs two gradients in the worker, ≈ 3–4× an activation request, and the maps drift slowly.
 */
export const LIVE_EXPLAIN_MS = 1500;

let inFlight = false;
let again = false;
let filtersInFlight = false;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The dataset the current model was trained on (the builder's choice when there is none). */
export function modelDataset(): DatasetName {
  const state = useAppStore.getState();
  return state.currentModel?.dataset ?? state.dataset;
}

/** Asks for the activations of the chosen input; coalesces calls made while one is in flight. */
export function inspectNow(): void {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  again = false;
  const store = useAppStore.getState();
  const input = store.inspectionInput;
  if (input.kind === 'drawing' && input.pixels.length === 0) {
    // An empty drawing pad: nothing to classify.
    inFlight = false;
    return;
  }
  engine()
    .request({
      type: 'inspect',
      // A copy: the request's arrays are transferred to the worker and would be detached here.
      input: input.kind === 'test' ? { kind: 'test', index: input.index } : { kind: 'pixels', pixels: input.pixels.slice() },
    })
    .then((answer) => {
      lastComputeMs = answer.computeMs ?? 0;
      const progress = useAppStore.getState().progress;
      useAppStore.getState().setActivations({
        progress: progress ? { runId: progress.runId, epoch: progress.epoch, epochs: progress.epochs, examplesSeen: progress.examplesSeen } : null,
        input,
        pixels: answer.input,
        layers: answer.layers,
        probabilities: answer.probabilities,
        receivedAt: performance.now(),
      });
    })
    .catch((error: unknown) => useAppStore.getState().setInspectionError(messageOf(error), errorKindOf(error)))
    .finally(() => {
      inFlight = false;
      if (again) inspectNow();
    });
}

/** Fetches the current kernels, and the kernels at initialisation when `initial` is true. */
export async function refreshFilters(initial = false): Promise<void> {
  if (filtersInFlight) return;
  filtersInFlight = true;
  try {
    const now = await engine().request({ type: 'filters' });
    let first: typeof now.layers | null | undefined;
    if (initial) {
      // A loaded model has no initial kernels: that is not an error, the toggle just says so.
      first = await engine()
        .request({ type: 'filters', initial: true })
        .then((answer) => answer.layers)
        .catch(() => null);
    }
    useAppStore.getState().setKernels(now.layers, first);
  } catch (error) {
    useAppStore.getState().setInspectionError(messageOf(error), errorKindOf(error));
  } finally {
    filtersInFlight = false;
  }
}

/**
 * The drawing pad was cleared (or holds nothing a network can read): the prediction and maps of the
 * old drawing must go, and live updates must not bring them back.
 */
export function clearDrawing(): void {
  const store = useAppStore.getState();
  store.setInspectionInput({ kind: 'drawing', pixels: new Float32Array(0) });
  store.setActivations(null);
}

/** Chooses the input the maps are computed for, and asks for its activations. */
export function chooseInput(input: InspectionInput): void {
  useAppStore.getState().setInspectionInput(input);
  inspectNow();
}

/**
 * Keeps activations and kernels up to date while this returns's cleanup has not run: on training
 * progress (throttled), when a run ends or pauses, and when a model is loaded. Call it while the
 * panel is visible only; the returned function stops it.
 */
export function startLiveInspection(): () => void {
  let lastActivations = 0;
  let lastFilters = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const visible = (): boolean => typeof document === 'undefined' || document.visibilityState === 'visible';
  const tick = (): void => {
    timer = null;
    if (!visible()) return;
    const now = performance.now();
    if (now - lastActivations >= liveInterval(lastComputeMs)) {
      lastActivations = now;
      inspectNow();
    }
    if (now - lastFilters >= LIVE_FILTERS_MS) {
      lastFilters = now;
      void refreshFilters(false);
    }
  };
  const listener = (event: EngineEvent): void => {
    if (event.type === 'progress' || event.type === 'epochEnd') {
      // Trailing call: the last state of a burst is always shown.
      if (!timer) timer = setTimeout(tick, Math.max(0, liveInterval(lastComputeMs) - (performance.now() - lastActivations)));
    } else if (event.type === 'runState' || event.type === 'currentModel') {
      inspectNow();
      void refreshFilters(true);
    }
  };
  const unsubscribe = engine().subscribe(listener);
  inspectNow();
  void refreshFilters(true);
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}

/** Test images with labels, for browsing by class. */
export async function fetchTestImages(indices: number[]): Promise<{ indices: number[]; images: Uint8Array; labels: Uint8Array } | string> {
  const dataset = modelDataset();
  try {
    await engine().request({ type: 'loadDataset', dataset });
    const answer = await engine().request({ type: 'samples', dataset, split: 'test', indices });
    return { indices: answer.indices, images: answer.images, labels: answer.labels };
  } catch (error) {
    return `Could not load test images: ${messageOf(error)}`;
  }
}

/** The first image after `after` whose predicted class is not its label, in an evaluation's lists. */
export function firstWrongAfter(evaluation: Evaluation, after: number): { index: number; label: number } | null {
  const { predictedClasses: predicted, labels } = evaluation;
  if (!predicted || !labels) return null;
  for (let i = Math.max(0, after + 1); i < Math.min(predicted.length, labels.length); i++) {
    if (predicted[i] !== labels[i]) return { index: i, label: labels[i] };
  }
  return null;
}

/**
 * Moves to the next misclassified test image after the current one. The evaluation already lists
 * every evaluated image's predicted class and label: it is searched first; past its end the engine
 * evaluates the next `scan` images in one request (no image-by-image round trips). Returns a message
 * when none was found.
 */
export async function nextMisclassified(scan = 1000): Promise<string | null> {
  const state = useAppStore.getState();
  const current = state.inspectionInput.kind === 'test' ? state.inspectionInput.index : -1;
  const known = state.evaluation ? firstWrongAfter(state.evaluation, current) : null;
  if (known) {
    chooseInput({ kind: 'test', ...known });
    return null;
  }
  try {
    const { evaluation } = await engine().request({ type: 'evaluate', limit: current + 1 + scan });
    const found = firstWrongAfter(evaluation, current);
    if (found) {
      chooseInput({ kind: 'test', ...found });
      return null;
    }
    if (evaluation.count <= current + 1) return `There are no test images after #${current}.`;
    return `The model classifies test images ${current + 1} to ${evaluation.count - 1} all correctly.`;
  } catch (error) {
    return messageOf(error);
  }
}

/** Selects a channel of the feature maps (position `layer` in the activations) and ranks its top images. */
export function selectChannel(layer: number, channel: number): void {
  useAppStore.getState().selectChannel({ layer, channel });
  void loadTopImages(layer, channel);
}

/** Finds the test images that excite a channel the most (top-k by mean activation) and fetches them. */
export async function loadTopImages(layer: number, channel: number, k = 8): Promise<void> {
  const store = useAppStore.getState();
  // The worker names each layer by its spec index.
  const layerIndex = store.activations?.layers[layer]?.layerIndex ?? layer;
  try {
    const top = await engine().request({ type: 'topActivations', layerIndex, channel, k, limit: 1000 });
    const images = await fetchTestImages(top.indices);
    const selected = useAppStore.getState().selectedChannel;
    if (selected?.layer !== layer || selected.channel !== channel) return; // the user moved on
    useAppStore.getState().setTopImages({
      layer,
      channel,
      indices: top.indices,
      scores: top.scores,
      ...(typeof images === 'string' ? {} : { images: images.images, labels: images.labels }),
    });
  } catch (error) {
    useAppStore.getState().setInspectionError(messageOf(error), errorKindOf(error));
  }
}
