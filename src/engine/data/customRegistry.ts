/**
 * Where a learner's dataset becomes known by name (`custom:<id>`), in the page and in the worker: its
 * info record (title, class names, image size) is kept here, and `datasetMeta` in ./datasets.ts
 * answers from it for `custom:` names, so every view that shows a dataset's title, a class name or
 * its image size shows the learner's own. The page registers every stored dataset; the worker each
 * dataset it is sent; the CLI the file it reads. (./datasets.ts imports this file; the only import
 * back is of a type, which leaves no import cycle at run time.)
 */
import type { DatasetName } from '../spec/types';
import type { DatasetMeta } from './datasets';

const registry = new Map<DatasetName, DatasetMeta>();

/** Makes a learner's dataset known by its name; its short title is its title, its subject its classes. */
export function registerCustomDataset(info: Omit<DatasetMeta, 'shortTitle' | 'subject'>): DatasetMeta {
  const meta: DatasetMeta = {
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
export function customDatasetMeta(name: DatasetName): DatasetMeta | undefined {
  return registry.get(name);
}

/** Every registered learner's dataset, in registration order (for pickers). */
export function customDatasetMetas(): DatasetMeta[] {
  return [...registry.values()];
}
