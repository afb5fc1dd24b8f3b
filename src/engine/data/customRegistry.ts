/**
 * Where a learner's dataset becomes known by name (`custom:<id>`), in the page and in the worker: its
 * info record (title, class names, image size) is kept here, and its title and class names also go
 * into the tables the built-in datasets' are read from (`DATASET_TITLES`, `CLASS_NAMES`), so every view
 * that shows a dataset's title or a class name shows the learner's own. The page registers every
 * stored dataset; the worker each dataset it is sent; the CLI the file it reads.
 *
 * The record has the fields of the built-in datasets' info record (name, title, shortTitle, subject,
 * classNames, height, width, channels), so a lookup of dataset info can fall back to
 * `customDatasetMeta(name)` for names it does not know.
 */
import type { DatasetName } from '../spec/types';
import { CLASS_NAMES, DATASET_TITLES } from './datasets';

export interface CustomDatasetMeta {
  name: DatasetName;
  title: string;
  shortTitle: string;
  subject: string;
  classNames: string[];
  height: number;
  width: number;
  channels: number;
}

const registry = new Map<DatasetName, CustomDatasetMeta>();

export function registerCustomDataset(info: Omit<CustomDatasetMeta, 'shortTitle' | 'subject'>): CustomDatasetMeta {
  const meta: CustomDatasetMeta = {
    name: info.name,
    title: info.title,
    height: info.height,
    width: info.width,
    channels: info.channels,
    classNames: [...info.classNames],
    shortTitle: info.title,
    subject: `your own: ${info.classNames.join(', ')}`,
  };
  registry.set(info.name, meta);
  DATASET_TITLES[info.name] = meta.title;
  CLASS_NAMES[info.name] = [...meta.classNames];
  return meta;
}

export function unregisterCustomDataset(name: DatasetName): void {
  registry.delete(name);
  delete DATASET_TITLES[name];
  delete CLASS_NAMES[name];
}

/** The info record of a registered learner's dataset, or undefined. */
export function customDatasetMeta(name: DatasetName): CustomDatasetMeta | undefined {
  return registry.get(name);
}

/** Every registered learner's dataset, in registration order (for pickers). */
export function customDatasetMetas(): CustomDatasetMeta[] {
  return [...registry.values()];
}

/** A dataset's class names, or numbered ones for a dataset not (or no longer) registered here. */
export function classNamesOr(name: DatasetName, count: number): string[] {
  return CLASS_NAMES[name] ?? Array.from({ length: count }, (_, i) => `class ${i}`);
}
