/**
 * The two datasets: their files, class names, and a loader that turns the four gzipped IDX files into
 * typed arrays. Pure: the caller supplies how bytes are fetched (fetch() in the worker, the file system
 * in Node), so the same code runs in the browser, the CLI and the tests.
 */
import type { DatasetName } from '../spec/types';
import { type Gunzip, looksGzipped, streamGunzip } from './gunzip';
import { IMAGES_MAGIC, IdxError, LABELS_MAGIC, parseImages, parseLabels } from './idx';

export const DATASET_NAMES: readonly DatasetName[] = ['mnist', 'fashion-mnist'];

export const DATASET_TITLES: Record<DatasetName, string> = {
  mnist: 'MNIST digits',
  'fashion-mnist': 'Fashion-MNIST',
};

export const CLASS_NAMES: Record<DatasetName, string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'fashion-mnist': [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
};

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

export const DATASET_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

export interface DatasetSplit {
  /** count × 28 × 28 bytes, row-major, 0..255. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
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
  const labels = parseLabels(`${name}/${labelsFile}`, labelsRaw, CLASS_NAMES[name].length);
  if (images.count !== labels.length) {
    throw new IdxError(
      `${name}/${labelsFile}`,
      `${labels.length} labels for ${images.count} images in ${imagesFile}: the files do not belong together`,
    );
  }
  return { images: images.pixels, labels, count: images.count };
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
  return { name, classNames: CLASS_NAMES[name], train, test };
}
