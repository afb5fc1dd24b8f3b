/**
 * Every lesson with what it teaches and how far the learner got (kept in IndexedDB); a bad lesson
 * link opens it with the message that says what was wrong. Escape or ✕ closes it.
 */
import { useEffect, useRef } from 'react';
import { LESSONS, taskSteps } from '../../teach/lessons';
import { CONCEPT_TITLES } from '../../teach/conceptIds';
import { useAppStore } from '../../store';
import { goToStep } from '../../store/lessonBridge';

export function LessonList({ onClose }: { onClose: () => void }) {
  const message = useAppStore((s) => s.lessonMessage);
  const progress = useAppStore((s) => s.lessonProgress);
  const storage = useAppStore((s) => s.lessonStorage);
  const root = useRef<HTMLDivElement>(null);
  const close = (): void => {
    useAppStore.getState().closeLessonList();
    onClose();
  };
  useEffect(() => root.current?.focus(), []);

  return (
    <div
      ref={root}
      id="lesson-list"
      className="lesson-list"
      role="dialog"
      aria-labelledby="lesson-list-title"
      tabIndex={-1}
      data-testid="lesson-list"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          close();
        }
      }}
    >
      <div className="concept-pop__head">
        <h2 id="lesson-list-title">Lessons</h2>
        <button type="button" className="concept-pop__close" onClick={close} aria-label="Close the lessons">
          ✕
        </button>
      </div>
      {message && (
        <p className="lesson-list__message" role="alert" data-testid="lesson-message">
          {message}
        </p>
      )}
      {storage === 'unavailable' && <p className="lesson-list__message">This browser does not let the page keep your progress; it lasts for this visit.</p>}
      <ol>
        {LESSONS.map((lesson) => {
          const tasks = taskSteps(lesson);
          const done = tasks.filter((t) => (progress[lesson.id] ?? []).includes(t)).length;
          const concepts = [...new Set(lesson.steps.flatMap((s) => s.concepts))];
          return (
            <li key={lesson.id} className="lesson-list__item" data-testid={`lesson-item-${lesson.id}`} data-done={done} data-tasks={tasks.length}>
              <div>
                <strong>{lesson.title}</strong>
                <p>{lesson.summary}</p>
                <p>Teaches: {concepts.map((c) => CONCEPT_TITLES[c]).join(', ')}</p>
              </div>
              <span className={done === tasks.length ? 'lesson-list__done' : undefined} data-testid={`lesson-progress-${lesson.id}`}>
                {done === tasks.length ? '✓ done' : `${done} of ${tasks.length} done`}
              </span>
              <button type="button" className="button button--primary" onClick={() => goToStep(lesson.id, 0)} data-testid={`lesson-start-${lesson.id}`}>
                {done > 0 ? 'Again' : 'Start'}
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
