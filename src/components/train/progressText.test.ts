import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../engine/protocol';
import { formatDuration, formatRate, progressParts, runFraction } from './progressText';

const progress = (patch: Partial<ProgressEvent>): ProgressEvent => ({
  type: 'progress',
  runId: 1,
  epoch: 0,
  epochs: 2,
  batch: 0,
  batchesPerEpoch: 10,
  examplesSeen: 0,
  examplesPerSecond: 0,
  etaSeconds: NaN,
  loss: 1,
  accuracy: 0.5,
  ...patch,
});

describe('progress text', () => {
  it('formats durations in seconds, minutes and hours, and a dash when unknown', () => {
    expect(formatDuration(41.6)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(NaN)).toBe('—');
    expect(formatDuration(Infinity)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });

  it('formats examples per second with a decimal only when small', () => {
    expect(formatRate(3.27)).toBe('3.3');
    expect(formatRate(48.4)).toBe('48');
    expect(formatRate(1250.2)).toBe('1,250');
    expect(formatRate(0)).toBe('—');
  });

  it('counts the fraction over all epochs, clamped to 0..1', () => {
    expect(runFraction(progress({ epoch: 0, batch: 5 }))).toBeCloseTo(0.25);
    expect(runFraction(progress({ epoch: 1, batch: 10 }))).toBe(1);
    expect(runFraction(progress({ epoch: 3, batch: 10 }))).toBe(1);
    expect(runFraction(progress({ batchesPerEpoch: 0 }))).toBe(0);
  });

  it('names epochs from 1 and never past the last', () => {
    const parts = progressParts(progress({ epoch: 1, batch: 3, examplesPerSecond: 12.3, etaSeconds: 65 }));
    expect(parts).toEqual({ epoch: '2 / 2', batch: '3 / 10', rate: '12', eta: '1 min 05 s', fraction: 0.65 });
    expect(progressParts(progress({ epoch: 2, batch: 10 })).epoch).toBe('2 / 2');
    expect(progressParts(null)).toEqual({ epoch: '—', batch: '—', rate: '—', eta: '—', fraction: 0 });
    expect(progressParts(progress({ etaSeconds: 30 }), true).eta).toBe('0 s');
  });
});
