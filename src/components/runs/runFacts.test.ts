import { describe, expect, it } from 'vitest';
import type { KeptRun } from '../../engine/protocol';
import { getPreset } from '../../engine/spec/presets';
import { changesLine, duration, factsLine, progressText, testText } from './runFacts';

function run(patch: Partial<KeptRun> = {}): KeptRun {
  const spec = structuredClone(getPreset('tiny')!.spec);
  return {
    id: 'run-1', runId: 1, name: 'Run 1', ordinal: 1, spec, dataset: 'mnist', options: { trainLimit: 128, validationSplit: 0, testLimit: 100 },
    seed: spec.training.seed, backend: 'webgpu', state: 'finished', startedAt: '2026-12-02T00:53:00.000Z', wallSeconds: 4, trainingSeconds: 3.2,
    examplesSeen: 128, epochs: 1, curve: [], epochCurve: [], test: { loss: 2, accuracy: 0.456, count: 100, examplesSeen: 128 }, hasWeights: false, ...patch,
  };
}

describe('a kept run in words', () => {
  it('says how far it trained: epochs, or batches inside the first epoch', () => {
    expect(progressText(run())).toBe('1 epoch (128 images)');
    expect(progressText(run({ epochs: 0, examplesSeen: 64 }))).toBe('1 batch (64 images)');
    expect(progressText(run({ epochs: 0, examplesSeen: 192 }))).toBe('3 batches (192 images)');
  });

  it('says how well and how long', () => {
    expect(testText(run())).toBe('test 45.6 % right of 100');
    expect(testText(run({ test: null }))).toBe('not tested');
    expect(duration(3.2)).toBe('3.2 s');
    expect(duration(185)).toBe('3 min 05 s');
    expect(factsLine(run())).toMatch(/^Tiny CNN · MNIST · 1 epoch \(128 images\) · test 45\.6 % right of 100 · 3\.2 s · webgpu · /);
  });

  it('names the change since the run before it, by that run’s name', () => {
    const before = run();
    const after = run({ id: 'run-2', name: 'Run 2', spec: { ...before.spec, training: { ...before.spec.training, learningRate: 0.01 } } });
    expect(changesLine(after, { ...before, name: 'slow lr' })).toBe(`vs slow lr: lr ${before.spec.training.learningRate} → 0.01`);
    expect(changesLine(before, undefined)).toBe('the first run kept');
  });
});
