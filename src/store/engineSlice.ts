/**
 * What the page knows about the engine worker: whether it runs, which backend it chose and why,
 * dataset loading progress, and the last engine-level error.
 */
import type { StateCreator } from 'zustand';
import type { BackendChoice, BackendInfo, DatasetInfo } from '../engine/protocol';
import type { DatasetName } from '../engine/spec/types';

export type EngineStatus = 'starting' | 'ready' | 'failed';

export interface DatasetLoad {
  phase: string;
  fraction: number;
  error?: string;
  info?: DatasetInfo;
}

export interface EngineSlice {
  engineStatus: EngineStatus;
  backendChoice: BackendChoice;
  backend: BackendInfo | null;
  engineError: string | null;
  datasets: Partial<Record<DatasetName, DatasetLoad>>;
  /** True while the worker measures every backend's speed. */
  calibrating: boolean;
  setCalibrating: (calibrating: boolean) => void;
  setEngineStatus: (status: EngineStatus, error?: string | null) => void;
  setBackend: (info: BackendInfo) => void;
  setBackendChoice: (choice: BackendChoice) => void;
  setDatasetLoad: (name: DatasetName, load: Partial<DatasetLoad>) => void;
}

export const createEngineSlice: StateCreator<EngineSlice, [], [], EngineSlice> = (set) => ({
  engineStatus: 'starting',
  backendChoice: 'auto',
  backend: null,
  engineError: null,
  datasets: {},
  calibrating: false,
  setCalibrating: (calibrating) => set({ calibrating }),
  setEngineStatus: (engineStatus, error = null) => set({ engineStatus, engineError: error }),
  setBackend: (backend) => set({ backend, engineStatus: 'ready', engineError: null }),
  setBackendChoice: (backendChoice) => set({ backendChoice }),
  setDatasetLoad: (name, load) =>
    set((state) => ({
      datasets: { ...state.datasets, [name]: { phase: '', fraction: 0, ...state.datasets[name], ...load } },
    })),
});
