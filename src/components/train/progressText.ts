/**
 * The words and numbers of the progress line: epoch and batch counters, examples per second, the
 * time left, and the overall fraction done. Pure, so the wording is tested without a browser.
 */
import type { ProgressEvent } from '../../engine/protocol';

/** "42 s", "3 min 05 s", "1 h 02 min"; a dash when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Examples per second with sensible precision: 3.3, 48, 1,250. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '—';
  if (perSecond < 10) return perSecond.toFixed(1);
  return Math.round(perSecond).toLocaleString('en-US');
}

/** Fraction of the whole run done (all epochs), in 0..1. */
export function runFraction(
  progress: Pick<ProgressEvent, 'epoch' | 'epochs' | 'batch' | 'batchesPerEpoch'>,
): number {
  const { epoch, epochs, batch, batchesPerEpoch } = progress;
  if (epochs <= 0 || batchesPerEpoch <= 0) return 0;
  return Math.max(0, Math.min(1, (epoch + batch / batchesPerEpoch) / epochs));
}

export interface ProgressParts {
  epoch: string;
  batch: string;
  rate: string;
  eta: string;
  fraction: number;
}

/** The separate parts of the progress line (each shown in its own fixed-width slot). */
export function progressParts(progress: ProgressEvent | null, finished = false): ProgressParts {
  if (!progress) return { epoch: '—', batch: '—', rate: '—', eta: '—', fraction: finished ? 1 : 0 };
  return {
    epoch: `${Math.min(progress.epoch + 1, progress.epochs)} / ${progress.epochs}`,
    batch: `${progress.batch} / ${progress.batchesPerEpoch}`,
    rate: formatRate(progress.examplesPerSecond),
    eta: finished ? '0 s' : formatDuration(progress.etaSeconds),
    fraction: finished ? 1 : runFraction(progress),
  };
}
