/**
 * A kept run in words for its row of the runs panel: what trained on what, how far, how well, how
 * long, and the difference to the run before it (runDiff.ts). Pure, so the tests read the sentences.
 */
import { datasetName, runChangesLine } from '../../engine/runs/runDiff';
import type { KeptRun } from '../../engine/protocol';

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : words}`;
}

/** "12 s", "3 min 05 s". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
}

/** How far the run trained: whole epochs, or batches when it stopped inside the first one. */
export function progressText(run: KeptRun): string {
  const batches = Math.round(run.examplesSeen / Math.max(1, run.spec.training.batchSize));
  const images = `${run.examplesSeen.toLocaleString('en-US')} images`;
  return run.epochs > 0 ? `${plural(run.epochs, 'epoch')} (${images})` : `${plural(batches, 'batch', 'batches')} (${images})`;
}

export function testText(run: KeptRun): string {
  if (!run.test || !Number.isFinite(run.test.accuracy)) return 'not tested';
  return `test ${(run.test.accuracy * 100).toFixed(1)} % right of ${run.test.count.toLocaleString('en-US')}`;
}

export const STATE_WORDS: Record<KeptRun['state'], string> = {
  finished: 'finished',
  stopped: 'stopped',
  paused: 'paused',
  failed: 'failed',
};

/** One line of facts: network · dataset · how far · test · time · backend · when. */
export function factsLine(run: KeptRun): string {
  const when = new Date(run.startedAt);
  const clock = Number.isNaN(when.getTime()) ? '' : when.toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' });
  return [run.spec.name, datasetName(run.dataset), progressText(run), testText(run), duration(run.trainingSeconds), run.backend, clock].filter(Boolean).join(' · ');
}

/** The difference to the run before it, or what a first run is. */
export function changesLine(run: KeptRun, previous: KeptRun | undefined): string {
  if (!previous) return 'the first run kept';
  return `vs ${previous.name}: ${runChangesLine(previous, run)}`;
}
