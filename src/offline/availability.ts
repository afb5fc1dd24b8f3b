/**
 * What works offline, in words: which datasets the service worker holds (every one of a dataset's
 * files must be cached for it to load) and the one-line notice the header shows. Pure, so that the
 * wording and the "all files" rule are unit-tested; offlineStatus.ts feeds it the real cache.
 */
import { CIFAR_META_FILE, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES } from '../engine/data/cifar';
import { DATASET_FILES, DATASET_NAMES, parseDatasetName } from '../engine/data/datasets';
import type { DatasetName } from '../engine/spec/types';

/**
 * The files a dataset needs to open offline. The IDX datasets' loader reads all four; CIFAR-10's
 * reads its class names, the test batch and only as many training batches as a run asks for, so the
 * first training batch (10,000 images) is enough to open it and train (a larger run offline gets
 * the engine's own "not saved on this device" message).
 */
export function datasetFiles(name: DatasetName): string[] {
  if (name === 'cifar-10') return [CIFAR_META_FILE, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES[0]];
  return Object.values(DATASET_FILES);
}

/**
 * The datasets whose files are all among `cachedUrls` (absolute URLs of the dataset cache's entries),
 * the files living at `<datasetBase><name>/<file>`.
 */
export function availableDatasets(cachedUrls: readonly string[], datasetBase: string, names: readonly DatasetName[] = DATASET_NAMES): DatasetName[] {
  const cached = new Set(cachedUrls.map((url) => new URL(url).href.split(/[?#]/)[0]));
  return names.filter((name) => datasetFiles(name).every((file) => cached.has(new URL(`${name}/${file}`, datasetBase).href)));
}

export interface OfflineFacts {
  online: boolean;
  /** The datasets a reload without network can still open; null until the cache has been read. */
  available: readonly DatasetName[] | null;
  /** Every dataset the app offers, in its order. */
  all: readonly DatasetName[];
  titles: Record<DatasetName, string>;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The header's notice, or null when online (nothing to say then). */
export function offlineNotice({ online, available, all, titles }: OfflineFacts): string | null {
  if (online) return null;
  if (available === null) return 'Offline — looking up what is saved on this device…';
  const have = all.filter((name) => available.includes(name)).map((name) => titles[name]);
  const lack = all.filter((name) => !available.includes(name)).map((name) => titles[name]);
  if (have.length === 0) return 'Offline — no dataset is saved on this device yet: open one while online';
  const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);
  const haveText = `${list(have)} ${verb(have.length, 'is', 'are')} available`;
  if (lack.length === 0) return `Offline — ${haveText}`;
  return `Offline — ${haveText}, ${list(lack)} ${verb(lack.length, 'needs', 'need')} the network`;
}

/**
 * The alert for the dataset the learner has chosen while offline, when it is not saved: it cannot
 * load until the network is back (the engine's own error says the same, in the Build view).
 */
export function chosenDatasetProblem({ online, available, all, titles }: OfflineFacts, picked: DatasetName): string | null {
  // A subset ("cifar-10:3,5") needs its base dataset's files; a learner's own lives in IndexedDB.
  const base = parseDatasetName(picked)?.base;
  if (!base) return null;
  const chosen: DatasetName = base;
  if (online || available === null || available.includes(chosen)) return null;
  const others = all.filter((name) => available.includes(name)).map((name) => titles[name]);
  const instead = others.length > 0 ? `choose ${list(others).replace(/ and /, ' or ')}, or connect` : 'connect';
  return `${titles[chosen]} cannot be opened offline: it is not saved on this device yet — ${instead} and open it once`;
}
