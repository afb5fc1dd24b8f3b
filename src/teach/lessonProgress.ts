/**
 * Lesson progress kept in the browser (IndexedDB, database `cnn-playground-lessons`, one record per
 * lesson: the steps whose task was done). Its own database, so that its schema never collides with
 * the model library's. Without IndexedDB (a private window) progress lasts for the visit only and
 * the lesson panel says so.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const LESSON_DB = 'cnn-playground-lessons';
const VERSION = 1;
const STORE = 'progress';

export interface LessonRecord {
  lessonId: string;
  /** 0-based indices of the steps whose task the app has seen done. */
  doneSteps: number[];
  updatedAt: number;
}

interface LessonSchema extends DBSchema {
  progress: { key: string; value: LessonRecord };
}

let opening: Promise<IDBPDatabase<LessonSchema>> | null = null;

function db(): Promise<IDBPDatabase<LessonSchema>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('This browser keeps no IndexedDB here.'));
  opening ??= openDB<LessonSchema>(LESSON_DB, VERSION, {
    upgrade(database) {
      if (!database.objectStoreNames.contains(STORE)) database.createObjectStore(STORE, { keyPath: 'lessonId' });
    },
  });
  return opening;
}

/** Every lesson's record, by lesson id. */
export async function loadProgress(): Promise<Record<string, number[]>> {
  const all = await (await db()).getAll(STORE);
  return Object.fromEntries(all.map((r) => [r.lessonId, [...r.doneSteps].sort((a, b) => a - b)]));
}

/** Records `step` of `lessonId` as done (idempotent); returns the lesson's done steps. */
export async function markStepDone(lessonId: string, step: number): Promise<number[]> {
  const database = await db();
  const tx = database.transaction(STORE, 'readwrite');
  const current = (await tx.store.get(lessonId))?.doneSteps ?? [];
  const doneSteps = current.includes(step) ? current : [...current, step].sort((a, b) => a - b);
  await tx.store.put({ lessonId, doneSteps, updatedAt: Date.now() });
  await tx.done;
  return doneSteps;
}

/** Forgets every lesson's progress. */
export async function clearProgress(): Promise<void> {
  await (await db()).clear(STORE);
}
