/**
 * The two datasets: their files, class names, and a loader that turns the four gzipped IDX files into
 * typed arrays. Pure: the caller supplies how bytes are fetched (fetch() in the worker, the file system
 * in Node), so the same code runs in the browser, the CLI and the tests.
 */
import type { DatasetName, ModelSpec } from '../spec/types';
import { type Gunzip, looksGzipped, streamGunzip } from './gunzip';
import { IMAGES_MAGIC, IdxError, LABELS_MAGIC, parseImages, parseLabels } from './idx';

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

const BUILT_IN: Record<DatasetName, DatasetMeta> = {
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
};

/** The built-in datasets, in the order pickers list them. */
export const DATASET_NAMES: readonly DatasetName[] = Object.keys(BUILT_IN) as DatasetName[];

/**
 * The info record of a dataset. Throws a named error for a name it does not know (a stale URL or
 * file is caught earlier by `isDatasetName`, so this is a programming error).
 */
export function datasetMeta(name: DatasetName): DatasetMeta {
  const meta = BUILT_IN[name];
  if (!meta) throw new Error(`unknown dataset "${String(name)}" (known: ${DATASET_NAMES.join(', ')})`);
  return meta;
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

/**
 * The spec made to fit a dataset: its inputShape becomes the dataset's [height, width, channels],
 * and when the class count differs, numClasses and the head (a last Dense layer with numClasses
 * units) change with it. Everything else is kept. Returns the same object when it already fits.
 */
export function fitSpecToDataset(spec: ModelSpec, name: DatasetName): ModelSpec {
  const shape = inputShapeOf(name);
  const classes = datasetMeta(name).classNames.length;
  if (spec.inputShape.every((d, i) => d === shape[i]) && spec.numClasses === classes) return spec;
  const fitted: ModelSpec = { ...spec, inputShape: shape, numClasses: classes, layers: [...spec.layers] };
  const last = fitted.layers.length - 1;
  const head = fitted.layers[last];
  if (head && head.type === 'dense' && head.units === spec.numClasses) fitted.layers[last] = { ...head, units: classes };
  return fitted;
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
export const DATASET_TITLES: Record<DatasetName, string> = Object.fromEntries(
  DATASET_NAMES.map((name) => [name, BUILT_IN[name].title]),
) as Record<DatasetName, string>;

/** Class names by dataset (kept for existing imports; the same as `datasetMeta(name).classNames`). */
export const CLASS_NAMES: Record<DatasetName, string[]> = Object.fromEntries(
  DATASET_NAMES.map((name) => [name, [...BUILT_IN[name].classNames]]),
) as Record<DatasetName, string[]>;

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
  train: DatasetSplit;
  test: DatasetSplit;
}

/** Fetches one of the dataset's files by name, e.g. 'train-images-idx3-ubyte.gz'. */
export type FetchBytes = (fileName: string) => Promise<Uint8Array>;

export interface LoadOptions {
  gunzip?: Gunzip;
  onProgress?: (phase: string, fraction: number) => void;
}

export function isDatasetName(value: unknown): value is DatasetName {
  return typeof value === 'string' && (DATASET_NAMES as readonly string[]).includes(value);
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

/**
 * Loads and validates one dataset. Rejects with an IdxError naming the file and the problem when any
 * file is missing, not gzip, of the wrong kind, truncated, or does not match its partner.
 */
export async function loadDataset(name: DatasetName, fetchBytes: FetchBytes, options: LoadOptions = {}): Promise<Dataset> {
  const gunzip = options.gunzip ?? streamGunzip;
  options.onProgress?.('test set', 0);
  const test = await loadSplit(name, DATASET_FILES.testImages, DATASET_FILES.testLabels, fetchBytes, gunzip);
  options.onProgress?.('training set', 0.15);
  const train = await loadSplit(name, DATASET_FILES.trainImages, DATASET_FILES.trainLabels, fetchBytes, gunzip);
  options.onProgress?.('done', 1);
  return { name, classNames: [...datasetMeta(name).classNames], train, test };
}
