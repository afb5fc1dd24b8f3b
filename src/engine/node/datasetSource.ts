/**
 * Dataset bytes from the file system, for the CLI and the unit tests: public/datasets/<name>/ (filled by
 * `npm run datasets`), else ../shared/datasets/<name>/ beside the checkout. Node only.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type Dataset, type FetchBytes, LoadedDatasets, loadDataset } from '../data/datasets';
import type { DatasetName } from '../spec/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Folders searched for a dataset's files, in order. */
export function datasetFolders(name: DatasetName): string[] {
  return [join(root, 'public', 'datasets', name), resolve(root, '..', 'shared', 'datasets', name)];
}

export function diskFetchBytes(name: DatasetName): FetchBytes {
  return async (fileName) => {
    const folders = datasetFolders(name);
    const found = folders.map((folder) => join(folder, fileName)).find((path) => existsSync(path));
    if (!found) {
      throw new Error(`${name}/${fileName} not found in ${folders.join(' or ')}; run \`npm run datasets\` first`);
    }
    return new Uint8Array(await readFile(found));
  };
}

const cache = new LoadedDatasets((name, trainCount, previous) =>
  loadDataset(name, diskFetchBytes(name), { trainCount, previous, gunzip: async (bytes) => new Uint8Array(gunzipSync(bytes)) }),
);

/**
 * Loads (once per process) a dataset from disk, decompressing with node:zlib: at least its first
 * `trainCount` training images (undefined: all; CIFAR-10 loads only the batches that holds them).
 */
export function loadDatasetFromDisk(name: DatasetName, trainCount?: number): Promise<Dataset> {
  return cache.get(name, trainCount);
}
