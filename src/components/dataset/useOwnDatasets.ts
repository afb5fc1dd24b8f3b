/** The learner's stored datasets for the dataset pickers, as `custom:<id>` options (loaded once). */
import { useEffect } from 'react';
import { customDatasetName, isCustomDatasetName } from '../../engine/data/customDataset';
import type { DatasetName } from '../../engine/spec/types';
import { chooseDataset, useCustomDatasets, watchDatasets } from '../../store/customDatasets';

export interface OwnDatasetOption {
  name: DatasetName;
  title: string;
}

export function useOwnDatasets(): OwnDatasetOption[] {
  const list = useCustomDatasets((s) => s.list);
  useEffect(() => watchDatasets(), []);
  return list.map((s) => ({ name: customDatasetName(s.id), title: s.title }));
}

/** True when the picked name was a learner's dataset, which is then sent to the worker and used. */
export function pickOwnDataset(name: string): boolean {
  if (!isCustomDatasetName(name)) return false;
  void chooseDataset(name.slice('custom:'.length));
  return true;
}
