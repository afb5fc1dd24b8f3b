/**
 * The current lesson step lives in the address: `?lesson=<id>&step=<n>` (n counts from 1, as people
 * do). It is read once at start and written on every move, so that a share link made from the
 * current URL carries the step as it is. A bad id or step is answered with the lesson list and a
 * message naming what was wrong; the rest of the address (its hash, other parameters) is left alone.
 */
import { LESSONS, getLesson } from './lessons';

export type LessonLocation =
  | { kind: 'none' }
  | { kind: 'step'; lessonId: string; step: number }
  | { kind: 'bad'; message: string };

const MAX_SHOWN = 40;
const shown = (text: string) => JSON.stringify(text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text);

/** Reads `?lesson=&step=` from a query string; `step` comes back 0-based. */
export function readLessonLocation(search: string): LessonLocation {
  const params = new URLSearchParams(search);
  const id = params.get('lesson');
  const stepText = params.get('step');
  if (id === null) {
    return stepText === null ? { kind: 'none' } : { kind: 'bad', message: `The link has a step (${shown(stepText)}) but no lesson. Choose a lesson below.` };
  }
  const lesson = getLesson(id);
  if (!lesson) {
    return { kind: 'bad', message: `There is no lesson ${shown(id)}. Choose one of the ${LESSONS.length} lessons below.` };
  }
  if (stepText === null) return { kind: 'step', lessonId: id, step: 0 };
  const n = /^\d{1,4}$/.test(stepText) ? Number(stepText) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > lesson.steps.length) {
    return {
      kind: 'bad',
      message: `Lesson “${lesson.title}” has steps 1 to ${lesson.steps.length}, not ${shown(stepText)}. Open it from the list below.`,
    };
  }
  return { kind: 'step', lessonId: id, step: n - 1 };
}

/** `href` with the lesson step set (0-based `step`), or both parameters removed when `lessonId` is null. */
export function withLessonLocation(href: string, lessonId: string | null, step = 0): string {
  const url = new URL(href);
  if (lessonId === null) {
    url.searchParams.delete('lesson');
    url.searchParams.delete('step');
  } else {
    url.searchParams.set('lesson', lessonId);
    url.searchParams.set('step', String(step + 1));
  }
  return url.href;
}
