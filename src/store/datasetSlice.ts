/** The dataset the user works with, and the samples shown of it. */
import type { StateCreator } from 'zustand';
import { fitSpecToDataset } from '../engine/data/fitSpec';
import type { DatasetName } from '../engine/spec/types';
import type { SpecSlice } from './specSlice';

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

export const createDatasetSlice: StateCreator<DatasetSlice & SpecSlice, [], [], DatasetSlice> = (set, get) => ({
  dataset: 'mnist',
  samples: null,
  // The network follows the dataset: its input takes the dataset's image shape and its head the
  // dataset's classes, so a spec never disagrees with the data it trains on.
  setDataset: (dataset) => {
    const spec = get().spec;
    const fitted = spec ? fitSpecToDataset(spec, dataset).spec : spec;
    set(fitted === spec ? { dataset } : { dataset, spec: fitted });
  },
  setSamples: (samples) => set({ samples }),
});
