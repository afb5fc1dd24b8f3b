import { describe, expect, it } from 'vitest';
import { EXPLORER_PRESETS } from '../engine/explorer/presets';
import { explorerGeometry } from '../engine/explorer/compute';
import { getPreset, PRESETS } from '../engine/spec/presets';
import type { ModelSpec } from '../engine/spec/types';
import { CONCEPT_IDS } from './conceptIds';
import { effectiveSetup, getLesson, LESSONS, taskSteps, type LessonTask } from './lessons';
import type { ExplorerReport, LessonWorld } from './lessonWorld';

const spec = (id: string): ModelSpec => getPreset(id)!.spec;

function world(patch: Partial<LessonWorld> = {}): LessonWorld {
  return { view: 'play', spec: spec('tiny'), presetId: 'tiny', evaluation: null, examplesSeen: 0, selectedChannel: null, inputIndex: 0, explorer: null, ...patch };
}

/** The explorer's report of an example, as the panel makes it. */
function report(presetId: string, patch: Partial<ExplorerReport> = {}): ExplorerReport {
  const setup = EXPLORER_PRESETS.find((p) => p.id === presetId)!.build();
  const g = explorerGeometry(setup);
  return {
    op: setup.op,
    inputHeight: setup.inputHeight,
    inputWidth: setup.inputWidth,
    kernelHeight: setup.kernelHeight,
    kernelWidth: setup.kernelWidth,
    strides: setup.strides,
    padding: setup.padding,
    outHeight: g.outHeight,
    outWidth: g.outWidth,
    step: -1,
    value: null,
    ...patch,
  };
}

const task = (lesson: string, step: number): LessonTask => getLesson(lesson)!.steps[step].task!;

/** The world each task's own setup opens on (never already done), and a world where it is done. */
const CASES: Record<string, [LessonWorld, LessonWorld]> = {
  'filters/0': [world({ view: 'explorer', explorer: report('halves') }), world({ view: 'explorer', explorer: report('halves', { step: 1, value: 2.5 }) })],
  'stride/0': [world({ view: 'explorer', explorer: report('stride-1') }), world({ view: 'explorer', explorer: report('stride-1', { strides: [2, 2], outHeight: 3, outWidth: 3 }) })],
  'stride/1': [world(), world({ spec: { ...spec('tiny'), layers: [{ ...spec('tiny').layers[0], strides: [2, 2] } as ModelSpec['layers'][number], ...spec('tiny').layers.slice(1)] } })],
  'padding/0': [world({ view: 'explorer', explorer: report('valid-5x5') }), world({ view: 'explorer', explorer: report('valid-5x5', { padding: 'same', outHeight: 5, outWidth: 5 }) })],
  'padding/1': [world(), world({ spec: { ...spec('tiny'), layers: [{ ...spec('tiny').layers[0], padding: 'same' } as ModelSpec['layers'][number], ...spec('tiny').layers.slice(1)] } })],
  'pooling/0': [world({ view: 'explorer', explorer: report('maxpool-2x2', { step: 0 }) }), world({ view: 'explorer', explorer: report('maxpool-2x2', { op: 'avgPool', step: 0 }) })],
  'pooling/1': [world({ spec: spec('mnist-cnn-1000') }), world({ spec: { ...spec('mnist-cnn-1000'), layers: spec('mnist-cnn-1000').layers.filter((_, i) => i !== 3) } })],
  'parameters/1': [world({ spec: spec('fashion-cnn') }), world({ spec: { ...spec('fashion-cnn'), layers: [{ ...spec('fashion-cnn').layers[0], filters: 64 } as ModelSpec['layers'][number], ...spec('fashion-cnn').layers.slice(1)] } })],
  'dense/1': [world({ spec: spec('fashion-cnn') }), world({ spec: { ...spec('fashion-cnn'), layers: spec('fashion-cnn').layers.map((l, i) => (i === 5 ? { ...l, units: 16 } : l)) as ModelSpec['layers'] } })],
  'training/1': [
    world({ evaluation: { accuracy: 0.1, count: 1000, predictions: [] } }),
    world({ evaluation: { accuracy: 0.93, count: 1000, predictions: [] }, examplesSeen: 19_200 }),
  ],
  'slow-notebook/1': [world({ spec: spec('mnist-cnn-course') }), world({ spec: { ...spec('mnist-cnn-course'), training: { ...spec('mnist-cnn-course').training, learningRate: 0.001 } } })],
  'hierarchy/0': [world({ spec: spec('fashion-cnn'), selectedChannel: { layer: 0, channel: 3 } }), world({ spec: spec('fashion-cnn'), selectedChannel: { layer: 2, channel: 5 } })],
  'mistakes/0': [
    world({ inputIndex: 0, evaluation: { accuracy: 0.2, count: 1000, predictions: [{ index: 0, label: 7, predicted: 7 }, { index: 1, label: 2, predicted: 7 }] } }),
    world({ inputIndex: 1, evaluation: { accuracy: 0.2, count: 1000, predictions: [{ index: 0, label: 7, predicted: 7 }, { index: 1, label: 2, predicted: 7 }] } }),
  ],
};

describe('the guided lessons', () => {
  it('are at least eight, each a few steps, together covering all 17 concepts', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) {
      expect(lesson.steps.length, lesson.id).toBeGreaterThanOrEqual(2);
      expect(taskSteps(lesson).length, lesson.id).toBeGreaterThanOrEqual(1);
      expect(lesson.steps[0].setup, lesson.id).toBeDefined();
    }
    const covered = new Set(LESSONS.flatMap((l) => l.steps.flatMap((s) => s.concepts)));
    expect([...CONCEPT_IDS].filter((c) => !covered.has(c))).toEqual([]);
  });

  it('set up only real presets and explorer examples', () => {
    for (const lesson of LESSONS) {
      for (const step of lesson.steps) {
        if (step.setup?.preset) expect(PRESETS.map((p) => p.id)).toContain(step.setup.preset);
        if (step.setup?.explorer) {
          expect(EXPLORER_PRESETS.map((p) => p.id)).toContain(step.setup.explorer);
          expect(step.setup.view).toBe('explorer');
        }
      }
    }
  });

  it('has a test case for every task, which its own setup does not already satisfy', () => {
    const all = LESSONS.flatMap((l) => taskSteps(l).map((i) => `${l.id}/${i}`));
    expect(Object.keys(CASES).sort()).toEqual(all.sort());
    for (const [key, [before, after]] of Object.entries(CASES)) {
      const [lesson, step] = key.split('/');
      const t = task(lesson, Number(step));
      expect(t.check(before).done, `${key} before`).toBe(false);
      expect(t.check(after).done, `${key} after`).toBe(true);
      expect(t.check(before).note.length).toBeGreaterThan(0);
    }
  });

  it('the setup a step opens on is its own preset’s: each task is unsolved there', () => {
    for (const lesson of LESSONS) {
      for (const i of taskSteps(lesson)) {
        const setup = effectiveSetup(lesson, i);
        if (!setup.preset || setup.view === 'explorer') continue;
        const w = world({ spec: spec(setup.preset), presetId: setup.preset, view: setup.view ?? 'play' });
        expect(lesson.steps[i].task!.check(w).done, `${lesson.id} step ${i + 1}`).toBe(false);
      }
    }
  });

  it('the seed facts carry over: 4.25 then 2.5, 28 → 14 → 7, 3,136, 421,642', () => {
    const halves = EXPLORER_PRESETS.find((p) => p.id === 'halves')!.build();
    const text = LESSONS.flatMap((l) => l.steps.map((s) => s.text)).join(' ');
    expect(halves.kernel).toEqual([0.5, 0.5, 0.5, 0.5]);
    for (const fact of ['4.25', '2.5', '3,136', '421,642', '19,694,080', '0.00001']) expect(text).toContain(fact);
  });

  it('explorer checks say where the learner stands, and ask for the explorer when it is closed', () => {
    expect(task('filters', 0).check(world()).note).toMatch(/Open the Convolution explorer/);
    expect(task('stride', 0).check(world({ explorer: report('stride-1') })).note).toBe('The output is 5×5 now.');
    expect(task('stride', 1).check(world()).note).toBe('Layer 1 gives 26×26×8 now.');
  });
});
