/**
 * The model being built and the settings it trains with: the spec (layers + training hyper-parameters),
 * the preset it came from, the training-run options, and an undo / redo history. Every edit goes through
 * `editSpec` so that history is recorded in one place.
 */
import type { StateCreator } from 'zustand';
import type { TrainOptions } from '../engine/protocol';
import { defaultInsertIndex, defaultLayer } from '../engine/spec/layer-defaults';
import { defaultSpec, getPreset, type PresetId } from '../engine/spec/presets';
import type { LayerSpec, LayerType, ModelSpec, TrainingSpec } from '../engine/spec/types';

const HISTORY_LIMIT = 100;
/** Edits of the same field within this time make one undo step (typing "128" is one edit, not three). */
const COALESCE_MS = 1500;

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { trainLimit: 2000, validationSplit: 0, testLimit: 1000 };

export interface SpecSlice {
  spec: ModelSpec;
  /** The preset the spec started from, while it is unchanged; null once edited or built from scratch. */
  presetId: PresetId | null;
  trainOptions: TrainOptions;
  past: ModelSpec[];
  future: ModelSpec[];
  /** What was wrong with the setup in the page's link (shown as a dismissible banner); null if nothing. */
  urlProblem: string | null;
  setUrlProblem: (message: string | null) => void;
  /** The last recorded edit, for coalescing keystrokes into one undo step. */
  lastEdit: { key: string; at: number } | null;
  /**
   * Applies an edit to a copy of the spec and records the previous spec for undo. Edits with the
   * same `coalesceKey` in quick succession share one undo step.
   */
  editSpec: (edit: (draft: ModelSpec) => void, coalesceKey?: string) => void;
  /** Replaces the spec (URL state, import, preset) and records history. */
  setSpec: (spec: ModelSpec, presetId?: PresetId | null) => void;
  loadPreset: (id: PresetId) => void;
  updateLayer: (index: number, patch: Partial<LayerSpec>) => void;
  /** Inserts a default layer at `at`, or where it keeps the network working (see defaultInsertIndex). */
  addLayer: (type: LayerType, at?: number) => void;
  removeLayer: (index: number) => void;
  duplicateLayer: (index: number) => void;
  moveLayer: (from: number, to: number) => void;
  setTraining: (patch: Partial<TrainingSpec>) => void;
  setTrainOptions: (patch: Partial<TrainOptions>) => void;
  /**
   * Settings fields whose typed text is not a usable value, by field label → the reason. The spec
   * keeps the last valid value, so while any is listed Start stays disabled: what a field shows is
   * what runs.
   */
  fieldProblems: Record<string, string>;
  setFieldProblem: (field: string, problem: string | null) => void;
  undo: () => void;
  redo: () => void;
}

export const createSpecSlice: StateCreator<SpecSlice, [], [], SpecSlice> = (set, get) => ({
  spec: defaultSpec(),
  presetId: 'tiny',
  trainOptions: { ...DEFAULT_TRAIN_OPTIONS },
  past: [],
  future: [],
  urlProblem: null,
  setUrlProblem: (urlProblem) => set({ urlProblem }),

  lastEdit: null,

  editSpec: (edit, coalesceKey) => {
    const { spec: previous, past, lastEdit } = get();
    const draft = structuredClone(previous);
    edit(draft);
    const now = Date.now();
    const coalesce = coalesceKey !== undefined && lastEdit?.key === coalesceKey && now - lastEdit.at < COALESCE_MS && past.length > 0;
    set({
      spec: draft,
      presetId: null,
      past: coalesce ? past : [...past, previous].slice(-HISTORY_LIMIT),
      future: [],
      lastEdit: coalesceKey === undefined ? null : { key: coalesceKey, at: now },
    });
  },

  setSpec: (spec, presetId = null) => {
    set({ spec: structuredClone(spec), presetId, past: [...get().past, get().spec].slice(-HISTORY_LIMIT), future: [], lastEdit: null });
  },

  loadPreset: (id) => {
    const preset = getPreset(id);
    if (!preset) return;
    // A preset that trains on part of its dataset (seed 000's 2,048 images) brings that limit; the
    // next preset drops it again unless the user changed it.
    const before = get().presetId ? getPreset(get().presetId!)?.trainLimit : undefined;
    const { trainLimit } = get().trainOptions;
    if (preset.trainLimit !== undefined) set({ trainOptions: { ...get().trainOptions, trainLimit: preset.trainLimit } });
    else if (before !== undefined && trainLimit === before) set({ trainOptions: { ...get().trainOptions, trainLimit: undefined } });
    get().setSpec(preset.spec, id);
  },

  updateLayer: (index, patch) =>
    get().editSpec(
      (draft) => {
        if (draft.layers[index]) draft.layers[index] = { ...draft.layers[index], ...patch } as LayerSpec;
      },
      `layer:${index}:${Object.keys(patch).sort().join(',')}`,
    ),

  addLayer: (type, at) =>
    get().editSpec((draft) => {
      const position = at === undefined ? defaultInsertIndex(draft.layers, type) : Math.max(0, Math.min(at, draft.layers.length));
      draft.layers.splice(position, 0, defaultLayer(type));
    }),

  removeLayer: (index) => get().editSpec((draft) => void draft.layers.splice(index, 1)),

  duplicateLayer: (index) =>
    get().editSpec((draft) => {
      const layer = draft.layers[index];
      if (layer) draft.layers.splice(index + 1, 0, structuredClone(layer));
    }),

  moveLayer: (from, to) =>
    get().editSpec((draft) => {
      if (from < 0 || from >= draft.layers.length || to < 0 || to >= draft.layers.length || from === to) return;
      const [layer] = draft.layers.splice(from, 1);
      draft.layers.splice(to, 0, layer);
    }),

  setTraining: (patch) => get().editSpec((draft) => void Object.assign(draft.training, patch), `training:${Object.keys(patch).sort().join(',')}`),

  setTrainOptions: (patch) => set({ trainOptions: { ...get().trainOptions, ...patch } }),

  fieldProblems: {},
  setFieldProblem: (field, problem) => {
    const current = get().fieldProblems;
    if ((current[field] ?? null) === problem) return;
    const next = { ...current };
    if (problem === null) delete next[field];
    else next[field] = problem;
    set({ fieldProblems: next });
  },

  undo: () => {
    const { past, spec, future } = get();
    const previous = past[past.length - 1];
    if (!previous) return;
    set({ spec: previous, presetId: null, past: past.slice(0, -1), future: [spec, ...future], lastEdit: null });
  },

  redo: () => {
    const { past, spec, future } = get();
    const next = future[0];
    if (!next) return;
    set({ spec: next, presetId: null, past: [...past, spec], future: future.slice(1), lastEdit: null });
  },
});
