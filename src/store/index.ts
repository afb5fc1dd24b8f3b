/**
 * The one application store, combined from typed slices. Middleware (URL persistence, devtools) is
 * applied here, once, where the slices meet.
 */
import { create } from 'zustand';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice';
import { createEngineSlice, type EngineSlice } from './engineSlice';
import { createSpecSlice, type SpecSlice } from './specSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = EngineSlice & DatasetSlice & SpecSlice & UiSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createEngineSlice(...args),
  ...createDatasetSlice(...args),
  ...createSpecSlice(...args),
  ...createUiSlice(...args),
}));
