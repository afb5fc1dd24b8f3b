/**
 * The data of one run, resident on the tfjs backend: the (limited) training images, the validation
 * images (a seeded hold-out of the training set, or the official test set) and the test set, each as
 * float32 [n, height, width, channels] in [0, 1] plus int32 labels. Uploaded once; on GPU backends batches are
 * gathered on the device from a per-epoch permutation, so no pixels cross from JavaScript to the
 * backend per batch. On cpu / wasm, where batches are built from the bytes in JavaScript, the
 * training images are never uploaded (`hostBatches`): only what is read goes to the backend.
 */
import * as tf from '@tensorflow/tfjs';
import { type Dataset, type DatasetSplit, splitImageShape } from '../data/datasets';
import type { TrainOptions } from '../protocol';
import { deriveSeed, mulberry32, permutation } from './prng';

/** Purposes for `deriveSeed`, so each stream of randomness has its own seed. */
export const SEED_PURPOSE = { holdOut: 1, epochOrder: 2, dropout: 3 } as const;

/** Images and labels of one split, resident as tensors. */
export interface ResidentSplit {
  /** float32 [count, height, width, channels], pixels / 255. */
  images: tf.Tensor4D;
  /** int32 [count], class indices. */
  labels: tf.Tensor1D;
  /** The same labels in JavaScript, for summaries that need them without a read-back. */
  labelValues: Int32Array;
  /** Rows to use: fewer than the tensors hold when a limit applies to a shared split. */
  count: number;
  /**
   * Where the rows came from: row r is row `rows[r]` of `split`. Lets CPU backends build a batch in
   * JavaScript (`hostBatch`) instead of gathering it from the resident tensor, whose per-element
   * gather costs more than the whole step of a small network. Absent on splits made elsewhere.
   */
  source?: { split: DatasetSplit; rows: ArrayLike<number> };
}

/** What the run trains, validates and evaluates on. `validation === test` when no hold-out is used. */
export interface ResidentData {
  train: ResidentSplit;
  validation: ResidentSplit;
  test: ResidentSplit;
  /** `test` holds the first `test.count` test-set images, in order. */
  numClasses: number;
  /** True when validation is a hold-out of the training set (false: the test set). */
  heldOut: boolean;
  dispose(): void;
}

/** Copies the listed rows of a split into new typed arrays (the order of `rows`). */
function pickRows(split: DatasetSplit, rows: ArrayLike<number>): { images: Float32Array; labels: Int32Array } {
  const images = new Float32Array(rows.length * (split.images.length / split.count));
  const labels = new Int32Array(rows.length);
  fillRows(split, rows, 0, rows.length, images, labels);
  return { images, labels };
}

/** Writes `rows[from..to)` of `split` (pixels / 255) into `images` and their labels into `labels`. */
function fillRows(
  split: DatasetSplit,
  rows: ArrayLike<number>,
  from: number,
  to: number,
  images: Float32Array,
  labels: Int32Array,
  order?: ArrayLike<number>,
): void {
  const pixels = split.images.length / split.count;
  for (let r = from; r < to; r++) {
    const row = rows[order ? order[r] : r];
    const source = row * pixels;
    const target = (r - from) * pixels;
    for (let p = 0; p < pixels; p++) images[target + p] = split.images[source + p] / 255;
    labels[r - from] = split.labels[row];
  }
}

/**
 * The batch of split rows `order[from..to)` as new tensors built in JavaScript: exactly the values
 * (and order) that `tf.gather(resident.images, order[from..to))` gives, without the backend gather.
 * Null when the split does not know its source. The caller disposes the tensors.
 */
export function hostBatch(
  resident: ResidentSplit,
  order: ArrayLike<number>,
  from: number,
  to: number,
): { images: tf.Tensor4D; labels: tf.Tensor1D } | null {
  if (!resident.source) return null;
  const [, height, width, channels] = resident.images.shape;
  const images = new Float32Array((to - from) * height * width * channels);
  const labels = new Int32Array(to - from);
  fillRows(resident.source.split, resident.source.rows, from, to, images, labels, order);
  return {
    images: tf.tensor4d(images, [to - from, height, width, channels], 'float32'),
    labels: tf.tensor1d(labels, 'int32'),
  };
}

/**
 * A split that lives only in JavaScript: its tensors are empty (shape [0, h, w, c] keeps the image
 * size for `hostBatch`), and every batch is built from `source`.
 */
function hostOnly(split: DatasetSplit, rows: ArrayLike<number>): ResidentSplit {
  const [height, width, channels] = splitImageShape(split);
  const labelValues = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) labelValues[r] = split.labels[rows[r]];
  return {
    images: tf.zeros([0, height, width, channels], 'float32') as tf.Tensor4D,
    labels: tf.tensor1d([], 'int32'),
    labelValues,
    count: rows.length,
    source: { split, rows },
  };
}

function upload(split: DatasetSplit, rows: ArrayLike<number>): ResidentSplit {
  const [height, width, channels] = splitImageShape(split);
  const { images, labels } = pickRows(split, rows);
  return {
    images: tf.tensor4d(images, [rows.length, height, width, channels], 'float32'),
    labels: tf.tensor1d(labels, 'int32'),
    labelValues: labels,
    count: rows.length,
    source: { split, rows },
  };
}

/** Uploads the first `count` rows of a split (all by default). */
export function uploadSplit(split: DatasetSplit, count = split.count): ResidentSplit {
  return upload(split, firstRows(Math.min(count, split.count)));
}

function firstRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** A problem with the run's data options, phrased for the person who set them. */
export class DataOptionsError extends Error {}

/**
 * Checks the options against the dataset and the batch size. Returns a message naming the problem
 * and the fix, or null when they are usable.
 */
export function checkDataOptions(dataset: Dataset, options: TrainOptions, batchSize: number): string | null {
  const { trainLimit, validationSplit, testLimit } = options;
  if (trainLimit !== undefined && (!Number.isInteger(trainLimit) || trainLimit < 1)) {
    return `Training-subset size ${trainLimit} is not a positive whole number: leave it empty to use all ${dataset.train.count} images.`;
  }
  if (!Number.isFinite(validationSplit) || validationSplit < 0 || validationSplit >= 1) {
    return `Validation split ${validationSplit} must be at least 0 and below 1 (0 validates on the test set).`;
  }
  if (testLimit !== undefined && (!Number.isInteger(testLimit) || testLimit < 1)) {
    return `Test-set limit ${testLimit} is not a positive whole number: leave it empty to use all ${dataset.test.count} test images.`;
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    return `Batch size ${batchSize} is not a positive whole number.`;
  }
  const total = Math.min(trainLimit ?? dataset.train.count, dataset.train.count);
  const heldOut = Math.floor(total * validationSplit);
  if (validationSplit > 0 && heldOut < 1) {
    return `A validation split of ${validationSplit} of ${total} images holds out no image: raise the split or the subset size.`;
  }
  if (total - heldOut < batchSize) {
    return `Only ${total - heldOut} training images remain for a batch size of ${batchSize}: lower the batch size or raise the training-subset size.`;
  }
  return null;
}

/**
 * Uploads the run's data. The training subset is the first `trainLimit` images; the hold-out is the
 * tail of a seeded shuffle of that subset. `sharedTest`, when given, is the whole test set already
 * resident (it is used, limited to `testLimit` rows, and not disposed with the run's data).
 * Throws DataOptionsError when the options do not fit.
 */
export function makeResidentData(
  dataset: Dataset,
  options: TrainOptions,
  batchSize: number,
  seed: number,
  sharedTest?: ResidentSplit,
  /** Batches are built in JavaScript (cpu / wasm): the training images stay there. */
  hostBatches = false,
): ResidentData {
  const problem = checkDataOptions(dataset, options, batchSize);
  if (problem) throw new DataOptionsError(problem);
  const total = Math.min(options.trainLimit ?? dataset.train.count, dataset.train.count);
  const testCount = Math.min(options.testLimit ?? dataset.test.count, dataset.test.count);
  const owned: ResidentSplit[] = [];
  const test = sharedTest ? { ...sharedTest, count: Math.min(testCount, sharedTest.count) } : uploadSplit(dataset.test, testCount);
  if (!sharedTest) owned.push(test);
  const heldOutCount = Math.floor(total * options.validationSplit);
  let train: ResidentSplit;
  let validation: ResidentSplit = test;
  if (heldOutCount > 0) {
    const order = permutation(total, mulberry32(deriveSeed(seed, SEED_PURPOSE.holdOut)));
    const trainRows = order.subarray(0, total - heldOutCount);
    train = hostBatches ? hostOnly(dataset.train, trainRows) : upload(dataset.train, trainRows);
    validation = upload(dataset.train, order.subarray(total - heldOutCount));
    owned.push(train, validation);
  } else {
    train = hostBatches ? hostOnly(dataset.train, firstRows(total)) : uploadSplit(dataset.train, total);
    owned.push(train);
  }
  return {
    train,
    validation,
    test,
    numClasses: dataset.classNames.length,
    heldOut: heldOutCount > 0,
    dispose() {
      for (const split of owned) tf.dispose([split.images, split.labels]);
    },
  };
}
