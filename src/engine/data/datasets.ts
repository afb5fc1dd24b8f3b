/**
 * The datasets: their info records (image shape, class names), files, and a loader that turns the
 * four gzipped IDX files of MNIST / Fashion-MNIST, or CIFAR-10's gzipped binary batches, into typed
 * arrays. Pure: the caller supplies how bytes are fetched (fetch() in the worker, the file system
 * in Node), so the same code runs in the browser, the CLI and the tests.
 */
import type { BuiltInDatasetName, DatasetName } from '../spec/types';
import { selectClasses } from './subsets';
import { customDatasetMeta } from './customRegistry';
import { type Gunzip, looksGzipped, streamGunzip } from './gunzip';
import { IMAGES_MAGIC, IdxError, LABELS_MAGIC, parseImages, parseLabels } from './idx';
import {
  CIFAR_BATCH_RECORDS,
  CIFAR_CLASS_NAMES,
  CIFAR_IMAGE_BYTES,
  CIFAR_META_FILE,
  CIFAR_TEST_FILE,
  CIFAR_TRAIN_FILES,
  CifarError,
  concatSplits,
  parseCifarBatch,
  parseCifarMeta,
  trainBatchesFor,
} from './cifar';

/** Prefix of a learner's own dataset's name (`custom:<id>`; see ./customDataset.ts). */
const CUSTOM_PREFIX = 'custom:';

/**
 * What the app knows about a dataset apart from its pixels: the one place that says how big its
 * images are and what its classes are called. Everything that sizes an image (specs' inputShape,
 * training tensors, sample slices, pictures) asks `datasetMeta(name)` instead of assuming 28×28×1.
 *
 * Images of every dataset are stored as bytes 0..255, `height × width × channels` per image,
 * row-major with the channels interleaved (HWC: pixel (y, x) channel c is at
 * `((y * width) + x) * channels + c`), which is the layout tfjs takes as [n, height, width, channels].
 * Grey datasets have channels = 1, colour ones channels = 3 (red, green, blue).
 */
export interface DatasetMeta {
  name: DatasetName;
  /** Title for headings and messages: "MNIST digits". */
  title: string;
  /** Short label for a compact picker: "MNIST". */
  shortTitle: string;
  /** What the pictures are, in a few words: "handwritten digits". */
  subject: string;
  /** classNames[label] is the name of class `label`; its length is the number of classes. */
  classNames: string[];
  height: number;
  width: number;
  /** 1 = grey, 3 = RGB. */
  channels: number;
}

const BUILT_IN: Record<BuiltInDatasetName, DatasetMeta> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST digits',
    shortTitle: 'MNIST',
    subject: 'handwritten digits',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    height: 28,
    width: 28,
    channels: 1,
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    shortTitle: 'Fashion-MNIST',
    subject: 'photos of clothing',
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    height: 28,
    width: 28,
    channels: 1,
  },
  'cifar-10': {
    name: 'cifar-10',
    title: 'CIFAR-10',
    shortTitle: 'CIFAR-10',
    subject: 'colour photos, 32×32',
    classNames: CIFAR_CLASS_NAMES,
    height: 32,
    width: 32,
    channels: 3,
  },
};

/** The built-in datasets, in the order pickers list them. */
export const DATASET_NAMES: readonly BuiltInDatasetName[] = Object.keys(BUILT_IN) as BuiltInDatasetName[];

/** A dataset name read as a built-in dataset and, for a subset, the classes it keeps (in their new order). */
export interface ParsedDatasetName {
  base: BuiltInDatasetName;
  /** Labels of the base dataset kept, in the order of the new labels 0..k−1; null: all of them. */
  classes: number[] | null;
}

/**
 * Reads a dataset name, or returns null when it names no dataset: an unknown base, or a subset
 * whose classes are not at least two distinct labels of the base, written as whole numbers.
 */
export function parseDatasetName(name: string): ParsedDatasetName | null {
  const [base, list, ...rest] = name.split(':');
  if (rest.length > 0 || !Object.hasOwn(BUILT_IN, base)) return null;
  const meta = BUILT_IN[base as BuiltInDatasetName];
  if (list === undefined) return { base: meta.name as BuiltInDatasetName, classes: null };
  const parts = list.split(',');
  if (!parts.every((p) => /^(0|[1-9]\d*)$/.test(p))) return null;
  const classes = parts.map(Number);
  if (classes.length < 2 || new Set(classes).size !== classes.length || classes.some((c) => c >= meta.classNames.length)) return null;
  return { base: meta.name as BuiltInDatasetName, classes };
}

/**
 * The name of the subset of `base` that keeps `classes` (labels of `base`), relabelled 0..k−1 in
 * the order given: subsetName('cifar-10', [3, 5]) = 'cifar-10:3,5', cats 0 and dogs 1.
 */
export function subsetName(base: BuiltInDatasetName, classes: readonly number[]): DatasetName {
  const name = `${base}:${classes.join(',')}` as DatasetName;
  if (!parseDatasetName(name)) throw new Error(`${name} is not a subset of ${base}: give two or more distinct labels below ${BUILT_IN[base].classNames.length}`);
  return name;
}

const subsetMetas = new Map<string, DatasetMeta>();

/**
 * The info record of a dataset. Throws a named error for a name it does not know (a stale URL or
 * file is caught earlier by `isDatasetName`, so this is a programming error).
 */
export function datasetMeta(name: DatasetName): DatasetMeta {
  if (name.startsWith(CUSTOM_PREFIX)) {
    const custom = customDatasetMeta(name);
    if (!custom) throw new Error(`your dataset ${name} is not loaded here: open it again under Your data`);
    return custom;
  }
  const parsed = parseDatasetName(name);
  if (!parsed) throw new Error(`unknown dataset "${String(name)}" (known: ${DATASET_NAMES.join(', ')}, or a subset such as cifar-10:3,5)`);
  const base = BUILT_IN[parsed.base];
  if (!parsed.classes) return base;
  let meta = subsetMetas.get(name);
  if (!meta) {
    const classNames = parsed.classes.map((c) => base.classNames[c]);
    const which = classNames.length === 2 ? `${classNames[0]} vs ${classNames[1]}` : classNames.join(', ');
    meta = { ...base, name, title: `${base.title}: ${which}`, shortTitle: `${base.shortTitle}: ${which}`, subject: `${which} from ${base.title}`, classNames };
    subsetMetas.set(name, meta);
  }
  return meta;
}

/**
 * A dataset's class names; for a learner's dataset this side has not been told about (a saved model
 * opened before its dataset), numbered ones, `count` of them.
 */
export function classNamesOr(name: DatasetName, count: number): string[] {
  if (name.startsWith(CUSTOM_PREFIX) && !customDatasetMeta(name)) return Array.from({ length: count }, (_, i) => `class ${i}`);
  return datasetMeta(name).classNames;
}

/** Bytes (values) one image of the dataset has: height × width × channels (784 for MNIST). */
export function imageValues(name: DatasetName): number {
  const { height, width, channels } = datasetMeta(name);
  return height * width * channels;
}

/** The [height, width, channels] a network needs to take this dataset's images. */
export function inputShapeOf(name: DatasetName): [number, number, number] {
  const { height, width, channels } = datasetMeta(name);
  return [height, width, channels];
}

/** One image of a dataset's image bytes, with its size: what a picture of it needs. */
export interface SizedImage {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** Image `k` of `images` (count × imageValues bytes of dataset `name`), as a view, with its size. */
export function imageAt(name: DatasetName, images: Uint8Array, k: number): SizedImage {
  const { height, width, channels } = datasetMeta(name);
  const size = height * width * channels;
  return { pixels: images.subarray(k * size, (k + 1) * size), width, height, channels };
}

/** Titles by dataset (kept for existing imports; the same as `datasetMeta(name).title`). */
export const DATASET_TITLES: Record<BuiltInDatasetName, string> = Object.fromEntries(
  DATASET_NAMES.map((name) => [name, BUILT_IN[name].title]),
) as Record<BuiltInDatasetName, string>;

/** Class names by dataset (kept for existing imports; the same as `datasetMeta(name).classNames`). */
export const CLASS_NAMES: Record<BuiltInDatasetName, string[]> = Object.fromEntries(
  DATASET_NAMES.map((name) => [name, [...BUILT_IN[name].classNames]]),
) as Record<BuiltInDatasetName, string[]>;

/** @deprecated 28×28×1 datasets only: use `datasetMeta(name).height` / `.width`. */
export const IMAGE_SIZE = 28;
/** @deprecated 28×28×1 datasets only: use `imageValues(name)`. */
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

export const DATASET_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

export interface DatasetSplit {
  /** count × height × width × channels bytes, 0..255, laid out as `DatasetMeta` says. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  /** [height, width, channels] of each image; absent means square grey (older code's splits). */
  imageShape?: [number, number, number];
}

/** The [height, width, channels] of a split's images. */
export function splitImageShape(split: DatasetSplit): [number, number, number] {
  if (split.imageShape) return split.imageShape;
  const side = Math.round(Math.sqrt(split.images.length / Math.max(split.count, 1)));
  return [side, side, 1];
}

export interface Dataset {
  name: DatasetName;
  classNames: string[];
  /** The training images loaded: all of them, or (CIFAR-10, see `LoadOptions.trainCount`) the first batches. */
  train: DatasetSplit;
  test: DatasetSplit;
  /** Images the whole training set has, when `train` holds fewer (only part of it was loaded). */
  trainTotal?: number;
}

/** Fetches one of the dataset's files by name, e.g. 'train-images-idx3-ubyte.gz'. */
export type FetchBytes = (fileName: string) => Promise<Uint8Array>;

export interface LoadOptions {
  gunzip?: Gunzip;
  onProgress?: (phase: string, fraction: number) => void;
  /**
   * Training images needed (0: only the test set). Formats stored in parts (CIFAR-10's five batches)
   * load only the parts that hold the first `trainCount` images; IDX files always load whole.
   * Undefined: all.
   */
  trainCount?: number;
  /** What an earlier call loaded of this dataset: its parts are reused, not fetched again. */
  previous?: Dataset;
}

/** True when `dataset` holds the first `trainCount` training images (undefined: all of them). */
export function coversTrainCount(dataset: Dataset, trainCount: number | undefined): boolean {
  if (dataset.trainTotal === undefined) return true;
  return trainCount !== undefined && dataset.train.count >= Math.min(trainCount, dataset.trainTotal);
}

/**
 * Keeps one loaded dataset per name and loads more of it only when a caller needs more training
 * images than are loaded (CIFAR-10's batches); a failed load leaves what was loaded before.
 * Shared by the worker's cache and the Node one.
 */
export class LoadedDatasets {
  private readonly pending = new Map<DatasetName, Promise<Dataset>>();

  constructor(private readonly load: (name: DatasetName, trainCount: number | undefined, previous: Dataset | undefined) => Promise<Dataset>) {}

  get(name: DatasetName, trainCount?: number): Promise<Dataset> {
    const parsed = parseDatasetName(name);
    if (parsed?.classes) return this.subset(name, parsed.base, parsed.classes, trainCount);
    const before = this.pending.get(name);
    const next = (before ?? Promise.resolve(undefined)).then((previous) =>
      previous && coversTrainCount(previous, trainCount) ? previous : this.load(name, trainCount, previous),
    );
    this.pending.set(name, next);
    // A failure must not stick: a later request retries (the network may be back, the files fixed).
    next.catch(() => {
      if (this.pending.get(name) !== next) return;
      if (before) this.pending.set(name, before);
      else this.pending.delete(name);
    });
    return next;
  }

  private readonly subsets = new WeakMap<Dataset, Map<string, Dataset>>();

  /**
   * A subset holds the first `trainCount` of its classes' images once enough of the base is loaded:
   * first as many base images as the subset's share suggests (with a margin), then, if that falls
   * short, all of them.
   */
  private async subset(name: DatasetName, base: BuiltInDatasetName, classes: number[], trainCount: number | undefined): Promise<Dataset> {
    const share = classes.length / BUILT_IN[base].classNames.length;
    const pick = (full: Dataset): Dataset => {
      let byName = this.subsets.get(full);
      if (!byName) this.subsets.set(full, (byName = new Map()));
      let picked = byName.get(name);
      if (!picked) byName.set(name, (picked = selectClasses(full, name, classes, datasetMeta(name).classNames)));
      return picked;
    };
    const guess = trainCount === undefined || trainCount === 0 ? trainCount : Math.ceil((trainCount / share) * 1.2);
    const first = pick(await this.get(base, guess));
    if (coversTrainCount(first, trainCount) || (trainCount !== undefined && first.train.count >= trainCount)) return first;
    return pick(await this.get(base, undefined));
  }
}

/**
 * True for a built-in dataset's name, a valid subset of one (see `parseDatasetName`), or a learner's
 * dataset registered here (see ./customRegistry.ts).
 */
export function isDatasetName(value: unknown): value is DatasetName {
  if (typeof value !== 'string') return false;
  if (value.startsWith(CUSTOM_PREFIX)) return customDatasetMeta(value as DatasetName) !== undefined;
  return parseDatasetName(value) !== null;
}

function startsWithIdxMagic(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return magic === IMAGES_MAGIC || magic === LABELS_MAGIC;
}

/** The words a user reads when a dataset file is not on the server. */
export const MISSING_FILE = 'is missing on this server';

/** True when the bytes are a web page (a server's fallback page stands in for a missing file). */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  // Neither gzip (1f 8b) nor IDX (00 00 08 …) starts with "<", and every HTML page does.
  return new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().startsWith('<');
}

async function decompress(name: DatasetName, file: string, bytes: Uint8Array, gunzip: Gunzip): Promise<Uint8Array> {
  const label = `${name}/${file}`;
  // Many static servers (Vite's preview among them) send .gz files with Content-Encoding: gzip, so
  // fetch() has already decompressed them: accept bytes that already start with an IDX magic number.
  if (startsWithIdxMagic(bytes)) return bytes;
  // A single-page-app server answers a missing file with its index page (HTTP 200, text/html).
  if (looksLikeHtml(bytes)) throw new IdxError(label, `${MISSING_FILE} (it answered with a web page instead of the file)`);
  if (!looksGzipped(bytes)) throw new IdxError(label, 'not a gzip file (it does not start with the bytes 1f 8b)');
  try {
    return await gunzip(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IdxError(label, `the gzip data is damaged or truncated (${reason})`);
  }
}

async function loadSplit(
  name: DatasetName,
  imagesFile: string,
  labelsFile: string,
  fetchBytes: FetchBytes,
  gunzip: Gunzip,
): Promise<DatasetSplit> {
  const [imageBytes, labelBytes] = await Promise.all([fetchBytes(imagesFile), fetchBytes(labelsFile)]);
  const [imagesRaw, labelsRaw] = await Promise.all([
    decompress(name, imagesFile, imageBytes, gunzip),
    decompress(name, labelsFile, labelBytes, gunzip),
  ]);
  const images = parseImages(`${name}/${imagesFile}`, imagesRaw);
  const labels = parseLabels(`${name}/${labelsFile}`, labelsRaw, datasetMeta(name).classNames.length);
  if (images.count !== labels.length) {
    throw new IdxError(
      `${name}/${labelsFile}`,
      `${labels.length} labels for ${images.count} images in ${imagesFile}: the files do not belong together`,
    );
  }
  return { images: images.pixels, labels, count: images.count, imageShape: inputShapeOf(name) };
}

/** Decompresses a CIFAR-10 batch; bytes that are not gzip were decompressed by the server already. */
async function cifarBytes(file: string, bytes: Uint8Array, gunzip: Gunzip): Promise<Uint8Array> {
  const label = `cifar-10/${file}`;
  if (looksGzipped(bytes)) {
    try {
      return await gunzip(bytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CifarError(label, `the gzip data is damaged or truncated (${reason})`);
    }
  }
  // A record starts with its label byte (0–9); a web page with "<" (a server's stand-in for a missing file).
  if (bytes.length > 0 && bytes[0] > 9 && looksLikeHtml(bytes)) {
    throw new CifarError(label, `${MISSING_FILE} (it answered with a web page instead of the file)`);
  }
  return bytes;
}

async function loadCifar(fetchBytes: FetchBytes, options: LoadOptions): Promise<Dataset> {
  const gunzip = options.gunzip ?? streamGunzip;
  const batch = async (file: string): Promise<DatasetSplit> =>
    parseCifarBatch(`cifar-10/${file}`, await cifarBytes(file, await fetchBytes(file), gunzip));
  const previous = options.previous?.name === 'cifar-10' ? options.previous : undefined;
  const want = trainBatchesFor(options.trainCount);
  const have = previous ? previous.train.count / CIFAR_BATCH_RECORDS : 0;
  const steps = 1 + Math.max(0, want - have);
  options.onProgress?.('class names', 0);
  const classNames = previous?.classNames ?? parseCifarMeta(`cifar-10/${CIFAR_META_FILE}`, await fetchBytes(CIFAR_META_FILE));
  if (classNames.join(',') !== CIFAR_CLASS_NAMES.join(',')) {
    throw new CifarError(`cifar-10/${CIFAR_META_FILE}`, `names the classes ${classNames.join(', ')}; CIFAR-10's are ${CIFAR_CLASS_NAMES.join(', ')}`);
  }
  options.onProgress?.('test batch', 0);
  const test = previous?.test ?? (await batch(CIFAR_TEST_FILE));
  const batches: DatasetSplit[] = [];
  const size = CIFAR_BATCH_RECORDS * CIFAR_IMAGE_BYTES;
  for (let k = 0; k < Math.min(have, want); k++) {
    // Views of the batches loaded before: nothing is fetched or copied twice.
    const images = previous!.train.images.subarray(k * size, (k + 1) * size);
    const labels = previous!.train.labels.subarray(k * CIFAR_BATCH_RECORDS, (k + 1) * CIFAR_BATCH_RECORDS);
    batches.push({ images, labels, count: CIFAR_BATCH_RECORDS, imageShape: [32, 32, 3] });
  }
  for (let k = have; k < want; k++) {
    options.onProgress?.(`training batch ${k + 1} of ${want}`, (1 + k - have) / steps);
    batches.push(await batch(CIFAR_TRAIN_FILES[k]));
  }
  const train =
    previous && want <= have
      ? previous.train
      : batches.length === 0
        ? { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0, imageShape: [32, 32, 3] as [number, number, number] }
        : concatSplits(batches);
  options.onProgress?.('done', 1);
  const total = CIFAR_TRAIN_FILES.length * CIFAR_BATCH_RECORDS;
  return { name: 'cifar-10', classNames, train, test, ...(train.count < total ? { trainTotal: total } : {}) };
}

/**
 * Loads and validates one dataset. Rejects with an IdxError (CifarError for CIFAR-10) naming the
 * file and the problem when any file is missing, not gzip, of the wrong kind, truncated, or does
 * not match its partner.
 */
export async function loadDataset(name: DatasetName, fetchBytes: FetchBytes, options: LoadOptions = {}): Promise<Dataset> {
  if (name === 'cifar-10') return loadCifar(fetchBytes, options);
  const gunzip = options.gunzip ?? streamGunzip;
  options.onProgress?.('test set', 0);
  const test = await loadSplit(name, DATASET_FILES.testImages, DATASET_FILES.testLabels, fetchBytes, gunzip);
  options.onProgress?.('training set', 0.15);
  const train = await loadSplit(name, DATASET_FILES.trainImages, DATASET_FILES.trainLabels, fetchBytes, gunzip);
  options.onProgress?.('done', 1);
  return { name, classNames: [...datasetMeta(name).classNames], train, test };
}
