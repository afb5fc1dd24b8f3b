/**
 * Where a learner's dataset becomes known by name: its title and class names go into the same tables
 * the built-in datasets' are read from (`DATASET_TITLES`, `CLASS_NAMES`), so every view that shows a
 * dataset's title or a class name shows the learner's own. Both the page (for every stored dataset)
 * and the worker (for each dataset it receives) register here. This is the one place to change when
 * the dataset tables change shape.
 */
import type { DatasetName } from '../spec/types';
import { CLASS_NAMES, DATASET_TITLES } from './datasets';

export interface CustomDatasetInfo {
  name: DatasetName;
  title: string;
  classNames: string[];
}

export function registerCustomDataset(info: CustomDatasetInfo): void {
  DATASET_TITLES[info.name] = info.title;
  CLASS_NAMES[info.name] = [...info.classNames];
}

export function unregisterCustomDataset(name: DatasetName): void {
  delete DATASET_TITLES[name];
  delete CLASS_NAMES[name];
}

/** A dataset's class names, or numbered ones for a dataset not (or no longer) registered here. */
export function classNamesOr(name: DatasetName, count: number): string[] {
  return CLASS_NAMES[name] ?? Array.from({ length: count }, (_, i) => `class ${i}`);
}
