/**
 * The page's side of the insight requests: a gradient-ascent climb (what a channel looks for) with
 * its progress events and a way to cancel it, and the saliency / Grad-CAM maps of the chosen input.
 * The worker does the maths; components keep the answers they asked for. Failures come back as
 * messages, never as throws.
 */
import { RequestError } from '../engine/client';
import type { AnswerTo, EngineEvent, InputImage, LookForImages, LookForStart } from '../engine/protocol';
import { engine } from './engineBridge';
import { useAppStore } from './index';
import type { InspectionInput } from './inspectionSlice';

export type LookedFor = AnswerTo<'lookFor'>;
export type PredictionExplained = AnswerTo<'explainPrediction'>;

/** Job ids are the page's: progress events carry them, and a cancel names one. */
let nextJobId = 1;

export interface Climb {
  jobId: number;
  /** The last images (the answer when done); a string when it failed. */
  done: Promise<LookedFor | string>;
  cancel: () => void;
}

function messageOf(error: unknown): string {
  return error instanceof RequestError || error instanceof Error ? error.message : String(error);
}

/** The chosen input as the protocol sends it (a copy: request arrays are transferred). */
export function protocolInput(input: InspectionInput): InputImage | null {
  if (input.kind === 'test') return { kind: 'test', index: input.index };
  return input.pixels.length > 0 ? { kind: 'pixels', pixels: input.pixels.slice() } : null;
}

/** Where a climb starts: grey noise, or the input the page is looking at (noise when there is none). */
export function climbStart(fromInput: boolean): LookForStart {
  const input = fromInput ? protocolInput(useAppStore.getState().inspectionInput) : null;
  return input ? { kind: 'input', input } : { kind: 'noise' };
}

/**
 * Starts gradient ascent for `units` of spec layer `layerIndex`; `onProgress` gets the images every
 * few steps. `cancel` stops it at the worker's next step (the answer then holds the images so far).
 */
export function lookFor(layerIndex: number, units: number[], start: LookForStart, onProgress: (progress: LookForImages) => void, steps?: number): Climb {
  const jobId = nextJobId++;
  const unsubscribe = engine().subscribe((event: EngineEvent) => {
    if (event.type === 'lookForProgress' && event.jobId === jobId) onProgress(event);
  });
  const done = engine()
    .request({ type: 'lookFor', jobId, layerIndex, units, start, ...(steps !== undefined ? { steps } : {}) })
    .then((answer) => answer as LookedFor | string)
    .catch((error: unknown) => messageOf(error))
    .finally(unsubscribe);
  return {
    jobId,
    done,
    cancel: () => {
      void engine()
        .request({ type: 'cancelLookFor', jobId })
        .catch(() => undefined);
    },
  };
}

/** Saliency and Grad-CAM of the chosen input for `classIndex` (undefined: the predicted class). */
export async function explainPrediction(classIndex?: number): Promise<PredictionExplained | string> {
  const input = protocolInput(useAppStore.getState().inspectionInput);
  if (!input) return 'Draw or choose an image first: there is no input to explain.';
  try {
    return await engine().request({ type: 'explainPrediction', input, ...(classIndex !== undefined ? { classIndex } : {}) });
  } catch (error) {
    return messageOf(error);
  }
}
