/**
 * The open lesson step: what to look at, the concepts it is about ("?"), the task with the app's own
 * verdict on it (checked from the store and the worker's answers), and Back / Next. It places itself
 * in the largest free band beside the step's target, so it never covers the picture the learner
 * must look at; it can be made small.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { CONCEPT_TITLES } from '../../teach/conceptIds';
import { getLesson } from '../../teach/lessons';
import { placePanelClearOf, type Box, type Placement } from '../../teach/panelPlacement';
import { useAppStore } from '../../store';
import { goToStep, leaveLesson, lessonWorld } from '../../store/lessonBridge';
import { ConceptButton } from './ConceptButton';

const box = (r: DOMRect): Box => ({ left: r.left, top: r.top, width: r.width, height: r.height });

/**
 * Re-places the panel whenever the layout may have moved under it: when the step or the view
 * changes, when the window, the header, the target or anything around it changes size (a column
 * growing, the explorer's grids scaling to their width after mounting), and when elements are added
 * or removed (the target appearing after the step opened, or being replaced). No timer: nothing
 * runs while nothing changes.
 */
function usePlacement(target: string | undefined, alsoClear: string, active: boolean, view: string): Placement | null {
  const [placement, setPlacement] = useState<Placement | null>(null);
  useLayoutEffect(() => {
    if (!active) return;
    const header = document.querySelector('.app__header');
    let observed: Element | null | undefined;
    // A ResizeObserver reports once a frame, after layout: place at once, in that frame.
    const sizes = new ResizeObserver(() => place());
    // The target and its ancestors: a change of size in any of them can move the target.
    const observe = (element: Element | null): void => {
      if (element === observed) return;
      observed = element;
      sizes.disconnect();
      if (header) sizes.observe(header);
      for (let e = element; e && e !== document.documentElement; e = e.parentElement) sizes.observe(e);
    };
    const place = (): void => {
      const element = target ? document.querySelector(`[data-testid="${target}"]`) : null;
      observe(element);
      const others = alsoClear
        .split(' ')
        .filter(Boolean)
        .map((id) => document.querySelector(`[data-testid="${id}"]`))
        .filter((e): e is Element => e !== null);
      const top = header ? header.getBoundingClientRect().bottom : 0;
      const bounds = { left: 0, top, width: window.innerWidth, height: window.innerHeight - top };
      const next = placePanelClearOf([element, ...others].filter((e): e is Element => e !== null).map((e) => box(e.getBoundingClientRect())), bounds);
      setPlacement((current) => (current && JSON.stringify(current) === JSON.stringify(next) ? current : next));
    };
    // Added and removed elements come in bursts: one placement in the next frame.
    let frame = 0;
    const schedule = (): void => {
      if (frame === 0) {
        frame = window.requestAnimationFrame(() => {
          frame = 0;
          place();
        });
      }
    };
    place();
    const mutations = new MutationObserver(schedule);
    mutations.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', place);
    return () => {
      window.cancelAnimationFrame(frame);
      sizes.disconnect();
      mutations.disconnect();
      window.removeEventListener('resize', place);
    };
  }, [target, alsoClear, active, view]);
  return placement;
}

export function LessonPanel() {
  const lessonId = useAppStore((s) => s.lessonId);
  const stepIndex = useAppStore((s) => s.lessonStep);
  const minimised = useAppStore((s) => s.lessonPanelMinimised);
  const done = useAppStore((s) => (s.lessonId ? (s.lessonProgress[s.lessonId] ?? []).includes(s.lessonStep) : false));
  // The task's note follows the app (re-rendered on every store change while a task is open).
  const note = useAppStore((s) => {
    const step = s.lessonId ? getLesson(s.lessonId)?.steps[s.lessonStep] : undefined;
    return step?.task ? step.task.check(lessonWorld(s)).note : null;
  });
  const lesson = lessonId ? getLesson(lessonId) : undefined;
  const step = lesson?.steps[stepIndex];
  const view = useAppStore((s) => s.section);
  const placement = usePlacement(step?.target, (step?.alsoClear ?? []).join(' '), step !== undefined && !minimised, view);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus({ preventScroll: true }), [lessonId, stepIndex]);

  if (!lesson || !step) return null;
  const last = stepIndex === lesson.steps.length - 1;
  const go = (n: number) => goToStep(lesson.id, n);

  if (minimised) {
    return (
      <div className="lesson-panel lesson-panel--min" style={{ right: 8, bottom: 8 }} data-testid="lesson-panel" data-minimised="true">
        <button type="button" className="button" onClick={() => useAppStore.getState().setLessonPanelMinimised(false)} data-testid="lesson-restore">
          {lesson.title.split('.')[0]}. step {stepIndex + 1} of {lesson.steps.length} {done ? '✓' : ''} — show
        </button>
      </div>
    );
  }

  return (
    <section
      className="lesson-panel"
      aria-labelledby="lesson-panel-title"
      data-testid="lesson-panel"
      data-lesson={lesson.id}
      data-step={stepIndex + 1}
      data-done={done ? 'true' : 'false'}
      data-clear={placement?.clear ? 'true' : 'false'}
      style={placement ? { left: placement.left, top: placement.top, width: placement.width, maxHeight: placement.maxHeight } : { visibility: 'hidden' }}
    >
      <div className="lesson-panel__head">
        <h2 id="lesson-panel-title" className="lesson-panel__title" ref={heading} tabIndex={-1}>
          {lesson.title}
        </h2>
        <span>
          <button type="button" className="concept-pop__close" onClick={() => useAppStore.getState().setLessonPanelMinimised(true)} aria-label="Make the lesson small" data-testid="lesson-minimise">
            _
          </button>{' '}
          <button type="button" className="concept-pop__close" onClick={leaveLesson} aria-label="Leave the lesson" data-testid="lesson-leave">
            ✕
          </button>
        </span>
      </div>
      <p className="lesson-panel__step" data-testid="lesson-step-title">
        Step {stepIndex + 1} of {lesson.steps.length}: <strong>{step.title}</strong>
      </p>
      <p data-testid="lesson-text">{step.text}</p>
      {step.task && (
        <div className="lesson-panel__task" data-testid="lesson-task">
          <p>
            <strong>Your turn:</strong> {step.task.prompt}
          </p>
          <p className={done ? 'lesson-panel__status--done' : undefined} role="status" data-testid="lesson-status">
            {done ? '✓ Done! ' : ''}
            {note}
          </p>
        </div>
      )}
      <div className="lesson-panel__concepts">
        Explained:{' '}
        {step.concepts.map((c) => (
          <span key={c} className="lesson-panel__concept">
            {CONCEPT_TITLES[c]}
            <ConceptButton concept={c} />
          </span>
        ))}
      </div>
      <div className="lesson-panel__nav">
        <button type="button" className="button" onClick={() => useAppStore.getState().openLessonList()} data-testid="lesson-all">
          All lessons
        </button>
        <button type="button" className="button" onClick={() => go(stepIndex - 1)} disabled={stepIndex === 0} data-testid="lesson-back">
          Back
        </button>
        {last ? (
          <button type="button" className="button button--primary" onClick={leaveLesson} data-testid="lesson-finish">
            Finish
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={() => go(stepIndex + 1)} data-testid="lesson-next">
            Next
          </button>
        )}
      </div>
    </section>
  );
}
