/**
 * A custom dataset as one portable file: a zip (fflate) holding `dataset.json` (title, classes, image
 * shape, split seed) and the raw bytes `images.bin` (count × height × width × channels, channels last)
 * and `labels.bin` (one class index per image). Any language reads it without an image decoder:
 * Node, Python (`zipfile` + `numpy.frombuffer`), a shell. A file from anywhere is hostile until it
 * passed `readDatasetFile`: every field is checked (valibot) and every size compared, and a problem is
 * a DatasetFileError naming the part of the file and what is wrong with it.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as v from 'valibot';
import {
  type CustomDataset,
  DEFAULT_TEST_FRACTION,
  formatOf,
  imageBytes,
  MAX_CLASS_NAME,
  MAX_CLASSES,
  MAX_IMAGES_PER_CLASS,
  MAX_TITLE,
  MIN_CLASSES,
  newDatasetId,
} from './customDataset';

export const FILE_FORMAT = 'cnn-playground-dataset';
export const FILE_VERSION = 1;
export const FILE_EXTENSION = '.cnnp-dataset.zip';
const META = 'dataset.json';
const IMAGES = 'images.bin';
const LABELS = 'labels.bin';
/** Far above any real dataset (10 classes × 2,000 colour images is 61 MB): refuses zip bombs unread. */
const MAX_ENTRY_BYTES = 80 * 1024 * 1024;

export class DatasetFileError extends Error {
  constructor(
    readonly part: string,
    reason: string,
  ) {
    super(`${part}: ${reason}`);
    this.name = 'DatasetFileError';
  }
}

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(max, `is longer than ${max} characters`));

const metaSchema = v.object({
  format: v.literal(FILE_FORMAT, `is not "${FILE_FORMAT}": this is not a CNN Playground dataset`),
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(FILE_VERSION, `is newer than this playground reads (${FILE_VERSION}): update the playground`)),
  id: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'has characters other than letters, digits and dashes'))),
  title: text(MAX_TITLE),
  height: v.pipe(v.number(), v.integer()),
  width: v.pipe(v.number(), v.integer()),
  channels: v.picklist([1, 3], 'must be 1 (grey) or 3 (colour)'),
  classNames: v.pipe(
    v.array(text(MAX_CLASS_NAME)),
    v.minLength(MIN_CLASSES, `has fewer than ${MIN_CLASSES} classes`),
    v.maxLength(MAX_CLASSES, `has more than ${MAX_CLASSES} classes`),
  ),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
  seed: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 32 - 1)),
  testFraction: v.optional(v.pipe(v.number(), v.minValue(0.05), v.maxValue(0.5)), DEFAULT_TEST_FRACTION),
  createdAt: v.optional(v.string()),
  updatedAt: v.optional(v.string()),
});

/** The dataset as one zip file's bytes. */
export function writeDatasetFile(dataset: CustomDataset): Uint8Array {
  const meta = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    id: dataset.id,
    title: dataset.title,
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    classNames: dataset.classNames,
    count: dataset.labels.length,
    seed: dataset.seed,
    testFraction: dataset.testFraction,
    createdAt: dataset.createdAt,
    updatedAt: dataset.updatedAt,
    layout: `${IMAGES}: count × height × width × channels bytes (0-255, channels last); ${LABELS}: one byte per image, the index into classNames`,
  };
  return zipSync(
    {
      [META]: strToU8(JSON.stringify(meta, null, 2)),
      [IMAGES]: dataset.images,
      [LABELS]: dataset.labels,
    },
    { level: 6 },
  );
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DatasetFileError('the file', 'is not a zip file (a dataset file starts with the bytes "PK")');
  }
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        if (![META, IMAGES, LABELS].includes(file.name)) return false;
        if (file.originalSize > MAX_ENTRY_BYTES) throw new DatasetFileError(file.name, `says it is ${file.originalSize} bytes, more than any dataset holds`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof DatasetFileError) throw error;
    throw new DatasetFileError('the file', `the zip is damaged or truncated (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Reads and checks a dataset file. Rejects with a DatasetFileError naming the part and the problem
 * for a file that is not a zip, lacks a part, has a field of the wrong kind, sizes that disagree, or a
 * label naming no class. `now` and `random` give an id when the file carries none.
 */
export function readDatasetFile(bytes: Uint8Array, now = new Date()): CustomDataset {
  const entries = unzip(bytes);
  for (const part of [META, IMAGES, LABELS]) {
    if (!entries[part]) throw new DatasetFileError(part, 'is missing from the zip');
  }
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(entries[META]));
  } catch (error) {
    throw new DatasetFileError(META, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = v.safeParse(metaSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = v.getDotPath(issue) ?? 'the document';
    throw new DatasetFileError(`${META} ${path}`, issue.message);
  }
  const meta = parsed.output;
  if (!formatOf(meta)) {
    throw new DatasetFileError(`${META} height/width/channels`, `${meta.height}×${meta.width}×${meta.channels} is neither 28×28×1 nor 32×32×3`);
  }
  const names = meta.classNames.map((n) => n.toLowerCase());
  const repeated = names.findIndex((n, i) => names.indexOf(n) !== i);
  if (repeated >= 0) throw new DatasetFileError(`${META} classNames`, `“${meta.classNames[repeated]}” is listed twice`);
  const images = entries[IMAGES];
  const labels = entries[LABELS];
  if (labels.length !== meta.count) {
    throw new DatasetFileError(LABELS, `holds ${labels.length} labels but ${META} says there are ${meta.count} images`);
  }
  const size = imageBytes(meta);
  if (images.length !== meta.count * size) {
    throw new DatasetFileError(IMAGES, `holds ${images.length} bytes; ${meta.count} images of ${meta.height}×${meta.width}×${meta.channels} are ${meta.count * size}`);
  }
  const perClass = new Array<number>(meta.classNames.length).fill(0);
  labels.forEach((label, index) => {
    if (label >= meta.classNames.length) {
      throw new DatasetFileError(LABELS, `image ${index} has label ${label}, but there are only ${meta.classNames.length} classes (0–${meta.classNames.length - 1})`);
    }
    perClass[label]++;
  });
  const over = perClass.findIndex((n) => n > MAX_IMAGES_PER_CLASS);
  if (over >= 0) throw new DatasetFileError(LABELS, `class “${meta.classNames[over]}” has ${perClass[over]} images, more than ${MAX_IMAGES_PER_CLASS}`);
  return {
    id: meta.id ?? newDatasetId(now.getTime()),
    title: meta.title,
    classNames: meta.classNames,
    height: meta.height,
    width: meta.width,
    channels: meta.channels,
    // Copies that own their buffers (the unzipped parts may share one) so they can be transferred.
    images: images.slice(),
    labels: labels.slice(),
    seed: meta.seed,
    testFraction: meta.testFraction,
    createdAt: meta.createdAt ?? now.toISOString(),
    updatedAt: meta.updatedAt ?? now.toISOString(),
  };
}

/** A file name for the dataset: its title in safe characters. */
export function datasetFileName(title: string): string {
  const safe = title.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'dataset';
  return `${safe}${FILE_EXTENSION}`;
}
