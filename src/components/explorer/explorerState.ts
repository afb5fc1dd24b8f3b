/**
 * The explorer panel's local state and its reducer: the setup being edited, the last valid setup
 * (the one drawn), the animation position and speed. Pure, so it is unit-tested without a page.
 */
import { computeExplorer, stepCount, type ExplorerResult } from '../../engine/explorer/compute';
import { EXPLORER_PRESETS } from '../../engine/explorer/presets';
import type { SampleImage } from '../../engine/explorer/imageKernels';
import { resizeSetup, sizeErrors, validateSetup, type ExplorerSetup } from '../../engine/explorer/setup';

export interface ExplorerState {
  /** What the controls show, possibly invalid while the user types. */
  setup: ExplorerSetup;
  /** The last setup that passed validation: what is drawn and computed. */
  valid: ExplorerSetup;
  result: ExplorerResult;
  errors: string[];
  /** Current window position; −1 = before the first step. */
  step: number;
  playing: boolean;
  /** Window positions per second. */
  speed: number;
  presetId: string | null;
}

export type ExplorerAction =
  | { type: 'edit'; patch: Partial<ExplorerSetup> }
  | { type: 'load'; setup: ExplorerSetup; presetId?: string | null }
  | { type: 'preset'; id: string; image?: SampleImage }
  | { type: 'step'; delta: number }
  | { type: 'seek'; step: number }
  | { type: 'tick' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'speed'; speed: number };

export const SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;

export function initialState(setup: ExplorerSetup, presetId: string | null = null): ExplorerState {
  const errors = validateSetup(setup);
  // An invalid starting setup (e.g. a layer too large to draw) still needs something to draw.
  const valid = errors.length === 0 ? setup : EXPLORER_PRESETS[0].build();
  return { setup, valid, result: computeExplorer(valid), errors, step: 0, playing: false, speed: 2, presetId };
}

function lastStep(state: Pick<ExplorerState, 'result'>): number {
  return stepCount(state.result.geometry) - 1;
}

function clampStep(state: ExplorerState, step: number): number {
  return Math.max(-1, Math.min(lastStep(state), Math.round(step)));
}

export function explorerReducer(state: ExplorerState, action: ExplorerAction): ExplorerState {
  switch (action.type) {
    case 'edit': {
      const merged: ExplorerSetup = { ...state.setup, ...action.patch };
      // Arrays can only follow the sizes once the sizes make sense.
      const candidate = sizeErrors(merged).length > 0 ? merged : resizeSetup(state.setup, action.patch);
      return accept(state, candidate, state.presetId);
    }
    case 'load':
      return { ...accept(state, action.setup, action.presetId ?? null), playing: false };
    case 'preset': {
      const preset = EXPLORER_PRESETS.find((p) => p.id === action.id);
      if (!preset) return { ...state, errors: [`There is no preset "${action.id}"; pick one from the list.`] };
      return { ...accept(state, preset.build(action.image), preset.id), playing: false };
    }
    case 'step':
      return { ...state, playing: false, step: clampStep(state, state.step + action.delta) };
    case 'seek':
      return { ...state, playing: false, step: clampStep(state, action.step) };
    case 'tick': {
      const next = state.step + 1;
      if (next > lastStep(state)) return { ...state, playing: false };
      return { ...state, step: next, playing: next < lastStep(state) && state.playing };
    }
    case 'play':
      // Playing from the end starts over, as a video player does.
      return { ...state, playing: true, step: state.step >= lastStep(state) ? -1 : state.step };
    case 'pause':
      return { ...state, playing: false };
    case 'speed':
      return { ...state, speed: Number.isFinite(action.speed) && action.speed > 0 ? action.speed : state.speed };
  }
}

function accept(state: ExplorerState, candidate: ExplorerSetup, presetId: string | null): ExplorerState {
  const errors = validateSetup(candidate);
  if (errors.length > 0) return { ...state, setup: candidate, errors, presetId, playing: false };
  const result = computeExplorer(candidate);
  const steps = stepCount(result.geometry);
  return {
    ...state,
    setup: candidate,
    valid: candidate,
    result,
    errors: [],
    presetId,
    step: Math.min(Math.max(state.step, 0), steps - 1),
  };
}
