/**
 * A dataset the learner makes in the page: 2–10 named classes of small images (28×28 grey or 32×32
 * colour), kept as one byte array of pixels and one of labels. Pure: the seeded train / test split,
 * the "too few images" flags shown before training, and the conversion to the engine's `Dataset` live
 * here so that the page, the worker, the CLI and the tests all use the same rules.
 */
import type { DatasetName } from '../spec/types';
import { deriveSeed, mulberry32, shuffleInPlace } from '../train/prng';
import type { Dataset, DatasetSplit } from './datasets';

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 10;
/** Fewer images than this in a class is flagged: a network cannot learn a class from two pictures. */
export const MIN_IMAGES_PER_CLASS = 5;
/** More images than this per class are refused (IndexedDB and the worker hold them all in memory). */
export const MAX_IMAGES_PER_CLASS = 2000;
export const MAX_CLASS_NAME = 40;
export const MAX_TITLE = 80;
export const DEFAULT_TEST_FRACTION = 0.2;

/** The two sizes a learner can choose, as the network will see them. */
export type CustomFormat = 'grey28' | 'colour32';

export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

export const FORMATS: Record<CustomFormat, ImageShape & { title: string }> = {
  grey28: { height: 28, width: 28, channels: 1, title: '28×28 grey (like MNIST)' },
  colour32: { height: 32, width: 32, channels: 3, title: '32×32 colour (like CIFAR-10)' },
};

export function formatOf(shape: ImageShape): CustomFormat | null {
  for (const [key, value] of Object.entries(FORMATS) as [CustomFormat, ImageShape][]) {
    if (value.height === shape.height && value.width === shape.width && value.channels === shape.channels) return key;
  }
  return null;
}

export function imageBytes(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

/** A learner's dataset as it is stored and sent to the worker. */
export interface CustomDataset extends ImageShape {
  /** Stable id (letters, digits, dashes), part of the dataset's engine name `custom:<id>`. */
  id: string;
  title: string;
  classNames: string[];
  /** count × height × width × channels bytes, row-major, channels last (as tfjs and IDX/CIFAR). */
  images: Uint8Array;
  /** One class index per image. */
  labels: Uint8Array;
  /** The split's seed: the same seed and images always give the same test images. */
  seed: number;
  testFraction: number;
  createdAt: string;
  updatedAt: string;
}

/** A custom dataset without its pixels: what the list of datasets shows. */
export type CustomDatasetSummary = Omit<CustomDataset, 'images' | 'labels'> & { count: number; perClass: number[] };

export const CUSTOM_PREFIX = 'custom:';

export type CustomDatasetName = `custom:${string}`;

export function customDatasetName(id: string): CustomDatasetName {
  return `${CUSTOM_PREFIX}${id}`;
}

export function isCustomDatasetName(name: string): name is CustomDatasetName {
  return name.startsWith(CUSTOM_PREFIX) && /^[A-Za-z0-9-]{1,64}$/.test(name.slice(CUSTOM_PREFIX.length));
}

/** A fresh id: time and randomness, so two tabs making datasets at once never collide. */
export function newDatasetId(now = Date.now(), random: () => number = Math.random): string {
  return `${now.toString(36)}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

export function countPerClass(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) if (label < classes) counts[label]++;
  return counts;
}

export function summarise(dataset: CustomDataset): CustomDatasetSummary {
  const { images: _images, labels, ...rest } = dataset;
  return { ...rest, count: labels.length, perClass: countPerClass(labels, dataset.classNames.length) };
}

/** How many of a class's `n` images go to the test split: a fifth, at least one when there are two. */
export function testCountFor(n: number, testFraction = DEFAULT_TEST_FRACTION): number {
  if (n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
}

export interface SplitIndices {
  train: number[];
  test: number[];
}

/**
 * A stratified split: each class's images are shuffled with a seed derived from the dataset's seed
 * and the class index, and the first `testCountFor(n)` go to the test set. Adding an image to one
 * class never moves the images of another. Both lists are in ascending image order.
 */
export function splitIndices(labels: Uint8Array, classes: number, seed: number, testFraction = DEFAULT_TEST_FRACTION): SplitIndices {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((label, index) => byClass[label]?.push(index));
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((indices, c) => {
    const shuffled = shuffleInPlace([...indices], mulberry32(deriveSeed(seed, 100 + c)));
    const k = testCountFor(indices.length, testFraction);
    test.push(...shuffled.slice(0, k));
    train.push(...shuffled.slice(k));
  });
  const ascending = (a: number, b: number) => a - b;
  return { train: train.sort(ascending), test: test.sort(ascending) };
}

/** A problem that stops training, or a warning, about one class or the whole dataset. */
export interface ClassFlag {
  /** The class index, or -1 for the dataset as a whole. */
  classIndex: number;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * What to fix before training, in words a learner can act on: too few or too many classes, a class
 * with fewer than MIN_IMAGES_PER_CLASS images (saying how many to add), a class with no test image,
 * names that are empty or repeated.
 */
export function classFlags(classNames: string[], perClass: number[], testFraction = DEFAULT_TEST_FRACTION): ClassFlag[] {
  const flags: ClassFlag[] = [];
  if (classNames.length < MIN_CLASSES) {
    flags.push({ classIndex: -1, severity: 'error', message: `A dataset needs at least ${MIN_CLASSES} classes: add ${MIN_CLASSES - classNames.length} more.` });
  }
  if (classNames.length > MAX_CLASSES) {
    flags.push({ classIndex: -1, severity: 'error', message: `A dataset has at most ${MAX_CLASSES} classes: remove ${classNames.length - MAX_CLASSES}.` });
  }
  const seen = new Map<string, number>();
  classNames.forEach((raw, c) => {
    const name = raw.trim();
    const label = name || `Class ${c + 1}`;
    if (!name) flags.push({ classIndex: c, severity: 'error', message: `Class ${c + 1} has no name: type one.` });
    const key = name.toLowerCase();
    if (name && seen.has(key)) {
      flags.push({ classIndex: c, severity: 'error', message: `“${name}” is the name of class ${seen.get(key)! + 1} too: give each class its own name.` });
    } else if (name) seen.set(key, c);
    const n = perClass[c] ?? 0;
    if (n < MIN_IMAGES_PER_CLASS) {
      const more = MIN_IMAGES_PER_CLASS - n;
      flags.push({
        classIndex: c,
        severity: 'error',
        message: `“${label}” has ${n} image${n === 1 ? '' : 's'}: add at least ${more} more (${MIN_IMAGES_PER_CLASS} is the least a class can be learnt from, and one of them is kept for testing).`,
      });
    } else if (testCountFor(n, testFraction) === 0) {
      flags.push({ classIndex: c, severity: 'error', message: `“${label}” has no test image: add another image.` });
    }
    if (n > MAX_IMAGES_PER_CLASS) {
      flags.push({ classIndex: c, severity: 'error', message: `“${label}” has ${n} images; the most a class can hold is ${MAX_IMAGES_PER_CLASS}: remove ${n - MAX_IMAGES_PER_CLASS}.` });
    }
  });
  return flags;
}

export function readyToTrain(flags: ClassFlag[]): boolean {
  return !flags.some((f) => f.severity === 'error');
}

function gather(images: Uint8Array, labels: Uint8Array, indices: number[], size: number): DatasetSplit {
  const out = new Uint8Array(indices.length * size);
  const outLabels = new Uint8Array(indices.length);
  indices.forEach((index, k) => {
    out.set(images.subarray(index * size, (index + 1) * size), k * size);
    outLabels[k] = labels[index];
  });
  return { images: out, labels: outLabels, count: indices.length };
}

/**
 * The engine's Dataset for a custom dataset: the split applied, images and labels gathered into
 * their own arrays. The name is `custom:<id>`; the shape rides along for engines that read it.
 */
export function toEngineDataset(dataset: CustomDataset): Dataset & ImageShape & { title: string } {
  const size = imageBytes(dataset);
  const { train, test } = splitIndices(dataset.labels, dataset.classNames.length, dataset.seed, dataset.testFraction);
  return {
    name: customDatasetName(dataset.id) as DatasetName,
    title: dataset.title,
    classNames: [...dataset.classNames],
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    train: gather(dataset.images, dataset.labels, train, size),
    test: gather(dataset.images, dataset.labels, test, size),
  };
}

/** Appends images of one class (each `imageBytes(shape)` long) to a dataset, returning a new one. */
export function addImages(dataset: CustomDataset, classIndex: number, newImages: Uint8Array[], now = new Date()): CustomDataset {
  const size = imageBytes(dataset);
  const images = new Uint8Array(dataset.images.length + newImages.length * size);
  images.set(dataset.images);
  const labels = new Uint8Array(dataset.labels.length + newImages.length);
  labels.set(dataset.labels);
  newImages.forEach((image, k) => {
    if (image.length !== size) throw new Error(`an image of ${image.length} bytes does not fit ${dataset.width}×${dataset.height}×${dataset.channels}`);
    images.set(image, dataset.images.length + k * size);
    labels[dataset.labels.length + k] = classIndex;
  });
  return { ...dataset, images, labels, updatedAt: now.toISOString() };
}

/** Removes the images whose indices are listed. */
export function removeImages(dataset: CustomDataset, indices: number[], now = new Date()): CustomDataset {
  const drop = new Set(indices);
  const keep = [...dataset.labels.keys()].filter((i) => !drop.has(i));
  const kept = gather(dataset.images, dataset.labels, keep, imageBytes(dataset));
  return { ...dataset, images: kept.images, labels: kept.labels, updatedAt: now.toISOString() };
}

/** Removes a class and its images; later classes move down one index. */
export function removeClass(dataset: CustomDataset, classIndex: number, now = new Date()): CustomDataset {
  const indices = [...dataset.labels.keys()].filter((i) => dataset.labels[i] === classIndex);
  const without = removeImages(dataset, indices, now);
  const labels = without.labels.map((label) => (label > classIndex ? label - 1 : label));
  return { ...without, labels, classNames: dataset.classNames.filter((_, c) => c !== classIndex) };
}

/** An empty dataset of the chosen format with two unnamed-yet classes. */
export function emptyDataset(format: CustomFormat, title = 'My dataset', now = new Date(), id = newDatasetId(now.getTime())): CustomDataset {
  const { height, width, channels } = FORMATS[format];
  return {
    id,
    title,
    classNames: ['Class 1', 'Class 2'],
    height,
    width,
    channels,
    images: new Uint8Array(0),
    labels: new Uint8Array(0),
    seed: 1,
    testFraction: DEFAULT_TEST_FRACTION,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
