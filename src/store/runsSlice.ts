/**
 * Kept runs as the page sees them (issue 19): the worker's records, exactly as its last `runs` answer
 * or `runKept` event gave them, which of them are overlaid on the comparison chart, whether the runs
 * panel is open, and the last message of a runs action for a polite live region.
 */
import type { StateCreator } from 'zustand';
import type { KeptRun } from '../engine/protocol';

export interface RunsSlice {
  keptRuns: KeptRun[];
  /** True once the worker has answered a listing (before that, "loading" rather than "no runs"). */
  keptRunsLoaded: boolean;
  /** Ids of the runs overlaid on the chart, in the order they were picked (their colours follow it). */
  comparedRuns: string[];
  runsOpen: boolean;
  runsMessage: { text: string; error: boolean } | null;
  setKeptRuns: (runs: KeptRun[]) => void;
  /** A record the worker wrote or changed (a run paused or ended, a rename). */
  putKeptRun: (run: KeptRun) => void;
  toggleCompared: (id: string) => void;
  setRunsOpen: (open: boolean) => void;
  setRunsMessage: (text: string | null, error?: boolean) => void;
}

/** Oldest first, as the worker lists them. */
function ordered(runs: KeptRun[]): KeptRun[] {
  return [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.ordinal - b.ordinal);
}

export const createRunsSlice: StateCreator<RunsSlice, [], [], RunsSlice> = (set, get) => ({
  keptRuns: [],
  keptRunsLoaded: false,
  comparedRuns: [],
  runsOpen: false,
  runsMessage: null,
  setKeptRuns: (runs) => {
    const ids = new Set(runs.map((r) => r.id));
    set({ keptRuns: ordered(runs), keptRunsLoaded: true, comparedRuns: get().comparedRuns.filter((id) => ids.has(id)) });
  },
  putKeptRun: (run) => set({ keptRuns: ordered([...get().keptRuns.filter((r) => r.id !== run.id), run]) }),
  toggleCompared: (id) => {
    const compared = get().comparedRuns;
    set({ comparedRuns: compared.includes(id) ? compared.filter((c) => c !== id) : [...compared, id] });
  },
  setRunsOpen: (runsOpen) => set({ runsOpen }),
  setRunsMessage: (text, error = false) => set({ runsMessage: text === null ? null : { text, error } }),
});
