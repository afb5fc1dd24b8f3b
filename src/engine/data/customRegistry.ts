/**
 * Where a learner's dataset becomes known by name (`custom:<id>`), in the page and in the worker: its
 * info record (title, class names, image size) is kept here, and `datasetMeta` in ./datasets.ts
 * answers from it for `custom:` names, so every view that shows a dataset's title, a class name or
 * its image size shows the learner's own. The page registers every stored dataset; the worker each
 * dataset it is sent; the CLI the file it reads. (This file imports nothing from ./datasets.ts,
 * which imports it.)
 */
import type { DatasetName } from '../spec/types';

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
  return meta;
}

export function unregisterCustomDataset(name: DatasetName): void {
  registry.delete(name);
}

/** The info record of a registered learner's dataset, or undefined. */
export function customDatasetMeta(name: DatasetName): CustomDatasetMeta | undefined {
  return registry.get(name);
}

/** Every registered learner's dataset, in registration order (for pickers). */
export function customDatasetMetas(): CustomDatasetMeta[] {
  return [...registry.values()];
}
