/**
 * The header's "Lessons" button, the lesson list it opens and the panel of the open lesson. Mounting
 * it starts the lessons (reads `?lesson=&step=` and the stored progress).
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { installLessons } from '../../store/lessonBridge';
import { LessonsIcon } from '../common/icons';
import { LessonList } from './LessonList';
import { LessonPanel } from './LessonPanel';
import './teach.css';

export function LessonsEntry() {
  const open = useAppStore((s) => s.lessonListOpen);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => installLessons(), []);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="button lesson-entry"
        aria-expanded={open}
        aria-controls="lesson-list"
        onClick={() => (open ? useAppStore.getState().closeLessonList() : useAppStore.getState().openLessonList())}
        aria-label="Lessons"
        data-testid="lessons-button"
      >
        <LessonsIcon />
        <span className="lesson-entry__text">Lessons</span>
      </button>
      {open && <LessonList onClose={() => button.current?.focus()} />}
      <LessonPanel />
    </>
  );
}
