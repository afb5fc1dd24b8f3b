/**
 * What the share link carries beyond the spec slice: the classroom restriction this page was opened
 * with (null outside classroom mode) and the convolution explorer's setup as it is on screen (the
 * explorer keeps its state locally and reports it here so that a link can carry it).
 */
import type { StateCreator } from 'zustand';
import type { ExplorerSetup } from '../engine/explorer/setup';
import type { PresetId } from '../engine/spec/presets';
import type { ControlId } from './classroomControls';

export interface ShareSlice {
  /** The controls a classroom link allows; null = not a classroom link, every control shown. */
  classroom: readonly ControlId[] | null;
  /** The explorer setup on screen (the last valid one); null until the explorer has been opened. */
  explorerShown: ExplorerSetup | null;
  /** The preset whose pre-trained copy is being fetched and opened, if any. */
  pretrainedOpening: PresetId | null;
  /** Why the last pre-trained model could not be opened (shown beside its buttons). */
  pretrainedError: string | null;
  setClassroom: (allowed: readonly ControlId[] | null) => void;
  setExplorerShown: (setup: ExplorerSetup | null) => void;
}

export const createShareSlice: StateCreator<ShareSlice, [], [], ShareSlice> = (set) => ({
  classroom: null,
  explorerShown: null,
  pretrainedOpening: null,
  pretrainedError: null,
  setClassroom: (classroom) => set({ classroom }),
  setExplorerShown: (explorerShown) => set({ explorerShown }),
});
