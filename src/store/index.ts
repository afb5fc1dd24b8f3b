/**
 * The one application store, combined from typed slices. Middleware (URL persistence, devtools) is
 * applied here, once, where the slices meet.
 */
import { create } from 'zustand';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createEngineSlice, type EngineSlice } from './engineSlice';
import { createRunSlice, type RunSlice } from './runSlice';
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { createInspectionSlice, type InspectionSlice } from './inspectionSlice';
import { createLessonSlice, type LessonSlice } from './lessonSlice';
import { createPlaygroundSlice, type PlaygroundSlice } from './playgroundSlice';
import { createSpecSlice, type SpecSlice } from './specSlice';
import { createShareSlice, type ShareSlice } from './shareSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { installUrlPersistence } from './urlState';

export type AppState = EngineSlice & DatasetSlice & SpecSlice & UiSlice & InspectionSlice & RunSlice & PlaygroundSlice & ShareSlice & RunsSlice & LessonSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createEngineSlice(...args),
  ...createDatasetSlice(...args),
  ...createSpecSlice(...args),
  ...createUiSlice(...args),
  ...createRunSlice(...args),
  ...createInspectionSlice(...args),
  ...createPlaygroundSlice(...args),
  ...createShareSlice(...args),
  // Kept runs (issue 19).
  ...createRunsSlice(...args),
  ...createLessonSlice(...args),
}));

// The setup lives in the URL hash: read it before the first render, then keep the hash in step.
if (typeof window !== 'undefined' && typeof window.history?.replaceState === 'function') {
  installUrlPersistence(useAppStore);
}
