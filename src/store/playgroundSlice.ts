/**
 * The home view's own UI state: projector mode, whether Play trains until paused, which column's
 * editor or "all channels" view is open, the question asked before an edit throws a trained model
 * away, and whether the first-visit line was dismissed. The model, the run and the live maps are
 * the other slices' business; this slice only says how the picture is shown.
 */
import type { StateCreator } from 'zustand';

/** An edit that would discard a trained model, waiting for the user's answer. */
export interface PendingDiscard {
  /** What the edit does, in words ("add a filter to layer 1"). */
  what: string;
  apply: () => void;
}

export interface PlaygroundSlice {
  /** Larger type (≥ 18 px) and maps, the second row of settings hidden. */
  projector: boolean;
  /** Play trains until paused (the home view's default) rather than for the spec's epochs. */
  untilPaused: boolean;
  /** Spec index of the layer whose fields are open for editing on the picture, or null. */
  editingLayer: number | null;
  /** Position in the activations of the layer whose every channel is shown, or null. */
  allChannelsOf: number | null;
  pendingDiscard: PendingDiscard | null;
  firstVisitDismissed: boolean;
  setProjector: (on: boolean) => void;
  setUntilPaused: (on: boolean) => void;
  setEditingLayer: (index: number | null) => void;
  setAllChannelsOf: (layer: number | null) => void;
  askDiscard: (pending: PendingDiscard | null) => void;
  dismissFirstVisit: () => void;
}

const PROJECTOR_KEY = 'cnnp-projector';
const FIRST_VISIT_KEY = 'cnnp-first-visit-done';

function stored(key: string): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function store(key: string, on: boolean): void {
  try {
    localStorage.setItem(key, on ? '1' : '0');
  } catch {
    /* private mode: the choice lasts for this visit only */
  }
}

export const createPlaygroundSlice: StateCreator<PlaygroundSlice, [], [], PlaygroundSlice> = (set) => ({
  projector: stored(PROJECTOR_KEY),
  untilPaused: true,
  editingLayer: null,
  allChannelsOf: null,
  pendingDiscard: null,
  firstVisitDismissed: stored(FIRST_VISIT_KEY),
  setProjector: (projector) => {
    store(PROJECTOR_KEY, projector);
    set({ projector });
  },
  setUntilPaused: (untilPaused) => set({ untilPaused }),
  setEditingLayer: (editingLayer) => set({ editingLayer }),
  setAllChannelsOf: (allChannelsOf) => set({ allChannelsOf }),
  askDiscard: (pendingDiscard) => set({ pendingDiscard }),
  dismissFirstVisit: () => {
    store(FIRST_VISIT_KEY, true);
    set({ firstVisitDismissed: true });
  },
});
