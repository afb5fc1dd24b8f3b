/** The dataset the user works with, and the samples shown of it. */
import type { StateCreator } from 'zustand';
import type { DatasetName } from '../engine/spec/types';

export interface Samples {
  dataset: DatasetName;
  indices: number[];
  images: Uint8Array;
  labels: Uint8Array;
}

export interface DatasetSlice {
  dataset: DatasetName;
  samples: Samples | null;
  setDataset: (dataset: DatasetName) => void;
  setSamples: (samples: Samples) => void;
}

export const createDatasetSlice: StateCreator<DatasetSlice, [], [], DatasetSlice> = (set) => ({
  dataset: 'mnist',
  samples: null,
  setDataset: (dataset) => set({ dataset }),
  setSamples: (samples) => set({ samples }),
});
