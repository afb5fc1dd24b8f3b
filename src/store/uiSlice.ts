/**
 * Page-level UI state that several panels share: the open section (tab), and the convolution-explorer
 * setup that "explain this layer" hands over from the builder or the feature maps.
 */
import type { StateCreator } from 'zustand';
import type { SampleImage } from '../engine/explorer/imageKernels';
import type { ExplorerSetup } from '../engine/explorer/setup';

export type Section = 'build' | 'inside' | 'explorer';

export interface UiSlice {
  section: Section;
  /** A setup to open the explorer with (set by "explain this layer"); bump `explainVersion` to reopen. */
  explainSetup: ExplorerSetup | null;
  explainVersion: number;
  /** The real image the explained setup was taken from (the explorer says which), if any. */
  explainImage: SampleImage | null;
  setSection: (section: Section) => void;
  openExplorer: (setup: ExplorerSetup, image?: SampleImage | null) => void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set, get) => ({
  section: 'build',
  explainSetup: null,
  explainVersion: 0,
  explainImage: null,
  setSection: (section) => set({ section }),
  openExplorer: (setup, image = null) =>
    set({ explainSetup: setup, explainImage: image, explainVersion: get().explainVersion + 1, section: 'explorer' }),
});
