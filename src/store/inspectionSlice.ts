/**
 * What the "Inside the network" tab looks at: the chosen input (a test image or a drawing), the last
 * activations and kernels the engine sent for it, the display choices (colour scale, before/after),
 * the selected channel, and the notice "explain this layer" leaves for the explorer tab.
 * Big arrays live here as they arrived from the worker; they are replaced, never mutated.
 */
import type { StateCreator } from 'zustand';
import type { ErrorKind, KernelWeights, LayerActivation } from '../engine/protocol';

/** The image the feature maps are computed for. */
export type InspectionInput = { kind: 'test'; index: number; label?: number } | { kind: 'drawing'; pixels: Float32Array };

export interface InspectionActivations {
  /** What was asked for, so a late answer for an old input can be recognised. */
  input: InspectionInput;
  /** The 784 (or h·w·c) pixels in [0, 1] that went into the network. */
  pixels: Float32Array;
  layers: LayerActivation[];
  probabilities: Float32Array;
  /** When it arrived (performance.now()), for "updated n s ago" and change detection. */
  receivedAt: number;
  /** How far the run was when it arrived (null: no run has reported progress). */
  progress?: { runId: number; epoch: number; epochs: number; examplesSeen: number } | null;
}

/** The colour scale of feature maps: one range for the whole layer, or each channel its own. */
export type ColourScaleMode = 'shared' | 'perChannel';

export interface SelectedChannel {
  /** Position in `activations.layers` (the model's computing layers). */
  layer: number;
  channel: number;
}

export interface TopImages {
  layer: number;
  channel: number;
  indices: number[];
  scores: number[];
  /** The images themselves (784 bytes each) and their labels, once fetched. */
  images?: Uint8Array;
  labels?: Uint8Array;
}

export interface InspectionSlice {
  inspectionInput: InspectionInput;
  activations: InspectionActivations | null;
  /** Current kernels and the kernels at initialisation (null when unknown, e.g. a loaded model). */
  kernels: KernelWeights[] | null;
  initialKernels: KernelWeights[] | null;
  /** Why the engine could not inspect (no model yet, wrong input size); null when all is well. */
  inspectionError: string | null;
  /** The engine's kind for that error (`no-model` shows the "train or load a model" page). */
  inspectionErrorKind: ErrorKind | 'restarted' | null;
  colourScale: ColourScaleMode;
  showInitialFilters: boolean;
  selectedChannel: SelectedChannel | null;
  topImages: TopImages | null;
  /** Set by "explain this layer" when it had to fall back or could not explain; shown in the explorer tab. */
  explainNotice: { text: string; severity: 'info' | 'error' } | null;
  setInspectionInput: (input: InspectionInput) => void;
  setActivations: (activations: InspectionActivations | null) => void;
  setKernels: (kernels: KernelWeights[] | null, initial?: KernelWeights[] | null) => void;
  setInspectionError: (message: string | null, kind?: ErrorKind | 'restarted' | null) => void;
  setColourScale: (mode: ColourScaleMode) => void;
  setShowInitialFilters: (show: boolean) => void;
  selectChannel: (selected: SelectedChannel | null) => void;
  setTopImages: (top: TopImages | null) => void;
  setExplainNotice: (notice: InspectionSlice['explainNotice']) => void;
}

export const createInspectionSlice: StateCreator<InspectionSlice, [], [], InspectionSlice> = (set) => ({
  inspectionInput: { kind: 'test', index: 0 },
  activations: null,
  kernels: null,
  initialKernels: null,
  inspectionError: null,
  inspectionErrorKind: null,
  colourScale: 'shared',
  showInitialFilters: false,
  selectedChannel: null,
  topImages: null,
  explainNotice: null,
  setInspectionInput: (inspectionInput) => set({ inspectionInput }),
  setActivations: (activations) => set({ activations, inspectionError: null, inspectionErrorKind: null }),
  setKernels: (kernels, initial) => set(initial === undefined ? { kernels } : { kernels, initialKernels: initial }),
  setInspectionError: (inspectionError, kind = null) => set({ inspectionError, inspectionErrorKind: inspectionError === null ? null : kind }),
  setColourScale: (colourScale) => set({ colourScale }),
  setShowInitialFilters: (showInitialFilters) => set({ showInitialFilters }),
  selectChannel: (selectedChannel) => set({ selectedChannel, topImages: null }),
  setTopImages: (topImages) => set({ topImages }),
  setExplainNotice: (explainNotice) => set({ explainNotice }),
});
