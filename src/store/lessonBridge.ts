/**
 * The lessons' link to the rest of the app: reads `?lesson=&step=` at start and keeps it in the
 * address as the learner moves (history.replaceState, the hash and other parameters kept), applies a
 * step's setup (a network, a view, an explorer example) through the same commands the page uses,
 * watches the store and runs the open step's check on what the app and the worker say, and records
 * a done step in IndexedDB.
 */
import { EXPLORER_PRESETS } from '../engine/explorer/presets';
import { getPreset } from '../engine/spec/presets';
import { specIndexOfLayerName } from '../engine/spec/layer-names';
import { effectiveSetup, getLesson, type StepSetup } from '../teach/lessons';
import { loadProgress, markStepDone } from '../teach/lessonProgress';
import { readLessonLocation, withLessonLocation } from '../teach/lessonUrl';
import type { LessonWorld } from '../teach/lessonWorld';
import { useAppStore, type AppState } from './index';
import { changeNetwork, modelMatches } from './playgroundBridge';

let installed = false;

/** The world a lesson's check sees, from the store as it is now. */
export function lessonWorld(s: AppState = useAppStore.getState()): LessonWorld {
  const matches = modelMatches();
  const selected = s.selectedChannel;
  const activation = selected && s.activations ? s.activations.layers[selected.layer] : undefined;
  const selectedLayer = activation ? specIndexOfLayerName(activation.name) : null;
  return {
    view: s.section,
    spec: s.spec,
    presetId: s.presetId,
    evaluation:
      matches && s.evaluation
        ? { accuracy: s.evaluation.accuracy, count: s.evaluation.count, predictions: s.evaluation.predictions }
        : null,
    examplesSeen: matches ? (s.progress?.examplesSeen ?? 0) : 0,
    selectedChannel: selected && selectedLayer !== null ? { layer: selectedLayer, channel: selected.channel } : null,
    inputIndex: s.inspectionInput.kind === 'test' ? s.inspectionInput.index : null,
    explorer: s.section === 'explorer' ? s.explorerReport : null,
  };
}

/** Puts the app in a step's setup: the network (asking before a trained one is discarded), the view, the explorer example. */
export function applySetup(setup: StepSetup): void {
  const s = useAppStore.getState();
  const preset = setup.preset ? getPreset(setup.preset) : undefined;
  const needsNetwork = preset !== undefined && (s.presetId !== preset.id || s.dataset !== preset.dataset);
  const loadNetwork = (): void => {
    if (!preset) return;
    useAppStore.getState().loadPreset(preset.id);
    useAppStore.getState().setDataset(preset.dataset);
  };
  const explorer = setup.view === 'explorer' && setup.explorer ? EXPLORER_PRESETS.find((p) => p.id === setup.explorer) : undefined;
  if (explorer) {
    s.openExplorer(explorer.build());
  } else if (setup.view) {
    s.setSection(setup.view);
  }
  if (!needsNetwork) return;
  // On the home view a change of network goes through its own command (a fresh paused run, and the
  // question before a trained model is thrown away); elsewhere the spec is simply replaced.
  if (useAppStore.getState().section === 'play') changeNetwork(`open the lesson’s network, the ${preset.title}`, loadNetwork);
  else loadNetwork();
}

/** Opens step `step` (0-based) of a lesson and sets the app up for it. */
export function goToStep(lessonId: string, step: number, fullSetup = false): void {
  const lesson = getLesson(lessonId);
  if (!lesson || step < 0 || step >= lesson.steps.length) {
    useAppStore.getState().openLessonList(`That step does not exist. Choose a lesson below.`);
    return;
  }
  useAppStore.getState().setLessonStep(lessonId, step);
  applySetup(fullSetup ? effectiveSetup(lesson, step) : (lesson.steps[step].setup ?? {}));
}

/** Closes the lesson (the app stays as it is). */
export function leaveLesson(): void {
  useAppStore.getState().setLessonStep(null);
}

function writeUrl(lessonId: string | null, step: number): void {
  const next = withLessonLocation(window.location.href, lessonId, step);
  if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
}

async function recordDone(lessonId: string, step: number): Promise<void> {
  const s = useAppStore.getState();
  const local = { ...s.lessonProgress, [lessonId]: [...new Set([...(s.lessonProgress[lessonId] ?? []), step])].sort((a, b) => a - b) };
  s.setLessonProgress(local);
  if (s.lessonStorage === 'unavailable') return;
  try {
    const stored = await markStepDone(lessonId, step);
    const now = useAppStore.getState();
    now.setLessonProgress({ ...now.lessonProgress, [lessonId]: stored });
  } catch {
    useAppStore.getState().setLessonProgress(useAppStore.getState().lessonProgress, 'unavailable');
  }
}

/** Runs the open step's check; a first success is recorded. */
function checkOpenStep(s: AppState): void {
  if (s.lessonId === null) return;
  const step = getLesson(s.lessonId)?.steps[s.lessonStep];
  if (!step?.task) return;
  if ((s.lessonProgress[s.lessonId] ?? []).includes(s.lessonStep)) return;
  if (step.task.check(lessonWorld(s)).done) void recordDone(s.lessonId, s.lessonStep);
}

/**
 * Starts the lessons once: reads the address, loads the progress, then follows the store (the
 * address mirrors the open step; the open step's check runs on every change). Returns the uninstaller.
 */
export function installLessons(): () => void {
  if (installed) return () => undefined;
  installed = true;
  const location = readLessonLocation(window.location.search);
  if (location.kind === 'step') {
    goToStep(location.lessonId, location.step, true);
    writeUrl(location.lessonId, location.step);
  } else if (location.kind === 'bad') {
    writeUrl(null, 0);
    useAppStore.getState().openLessonList(location.message);
  }
  void loadProgress()
    .then((stored) => {
      const s = useAppStore.getState();
      // Steps done before the database answered are kept too.
      const merged: Record<string, number[]> = { ...stored };
      for (const [id, steps] of Object.entries(s.lessonProgress)) merged[id] = [...new Set([...(stored[id] ?? []), ...steps])].sort((a, b) => a - b);
      s.setLessonProgress(merged, 'ready');
      checkOpenStep(useAppStore.getState());
    })
    .catch(() => useAppStore.getState().setLessonProgress(useAppStore.getState().lessonProgress, 'unavailable'));

  const unsubscribe = useAppStore.subscribe((state, previous) => {
    if (state.lessonId !== previous.lessonId || state.lessonStep !== previous.lessonStep) writeUrl(state.lessonId, state.lessonStep);
    if (state.lessonStorage === 'loading') return;
    checkOpenStep(state);
  });
  return () => {
    unsubscribe();
    installed = false;
  };
}
