/**
 * Page-level UI state that several panels share: the open section (tab), and the convolution-explorer
 * setup that "explain this layer" hands over from the builder or the feature maps.
 */
import type { StateCreator } from 'zustand';
import type { SampleImage } from '../engine/explorer/imageKernels';
import type { ExplorerSetup } from '../engine/explorer/setup';

/** 'play' is the home view: the live picture of the network learning. */
export type Section = 'play' | 'build' | 'inside' | 'explorer' | 'data';

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

const SECTIONS: readonly Section[] = ['play', 'build', 'inside', 'explorer', 'data'];

/**
 * `?view=build` opens a view directly (a link for a handout; the browser journeys use it too). It is
 * an instruction for the first screen, not part of the setup: it is taken out of the address at once,
 * so the shared link of the setup stays what it was.
 */
function sectionFromUrl(): Section {
  if (typeof window === 'undefined' || !window.location) return 'play';
  const url = new URL(window.location.href);
  const view = url.searchParams.get('view');
  if (view === null) return 'play';
  url.searchParams.delete('view');
  window.history?.replaceState?.(window.history.state, '', url.href);
  return SECTIONS.includes(view as Section) ? (view as Section) : 'play';
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set, get) => ({
  section: sectionFromUrl(),
  explainSetup: null,
  explainVersion: 0,
  explainImage: null,
  setSection: (section) => set({ section }),
  openExplorer: (setup, image = null) =>
    set({ explainSetup: setup, explainImage: image, explainVersion: get().explainVersion + 1, section: 'explorer' }),
});
