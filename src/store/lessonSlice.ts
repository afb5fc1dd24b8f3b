/**
 * The guided lessons as the page sees them: which lesson step is open (mirrored in the address as
 * `?lesson=&step=`, see lessonBridge), whether the list is open and why (a bad link's message), the
 * progress read from IndexedDB, and the explorer's window as the explorer panel reports it (its
 * state is the panel's own; lessons only read it).
 */
import type { StateCreator } from 'zustand';
import type { ExplorerReport } from '../teach/lessonWorld';

export interface LessonSlice {
  /** The open lesson's id, or null when no lesson is open. */
  lessonId: string | null;
  /** The open step, 0-based. */
  lessonStep: number;
  lessonListOpen: boolean;
  /** Why the list was opened instead of a lesson (a bad link), or null. */
  lessonMessage: string | null;
  /** Done steps (0-based) by lesson id, as stored. */
  lessonProgress: Record<string, number[]>;
  /** 'unavailable' when IndexedDB cannot be used: progress then lasts for this visit only. */
  lessonStorage: 'loading' | 'ready' | 'unavailable';
  lessonPanelMinimised: boolean;
  explorerReport: ExplorerReport | null;
  setLessonStep: (lessonId: string | null, step?: number) => void;
  openLessonList: (message?: string | null) => void;
  closeLessonList: () => void;
  setLessonProgress: (progress: Record<string, number[]>, storage?: LessonSlice['lessonStorage']) => void;
  setLessonPanelMinimised: (minimised: boolean) => void;
  setExplorerReport: (report: ExplorerReport | null) => void;
}

export const createLessonSlice: StateCreator<LessonSlice, [], [], LessonSlice> = (set, get) => ({
  lessonId: null,
  lessonStep: 0,
  lessonListOpen: false,
  lessonMessage: null,
  lessonProgress: {},
  lessonStorage: 'loading',
  lessonPanelMinimised: false,
  explorerReport: null,
  setLessonStep: (lessonId, step = 0) => set({ lessonId, lessonStep: lessonId === null ? 0 : step, lessonListOpen: false, lessonMessage: null, lessonPanelMinimised: false }),
  openLessonList: (message = null) => set({ lessonListOpen: true, lessonMessage: message }),
  closeLessonList: () => set({ lessonListOpen: false, lessonMessage: null }),
  setLessonProgress: (lessonProgress, storage) => set(storage ? { lessonProgress, lessonStorage: storage } : { lessonProgress }),
  setLessonPanelMinimised: (lessonPanelMinimised) => set({ lessonPanelMinimised }),
  setExplorerReport: (report) => {
    const current = get().explorerReport;
    if (current && report && JSON.stringify(current) === JSON.stringify(report)) return;
    set({ explorerReport: report });
  },
});
