/**
 * Some classes of a dataset as a dataset of their own ("cat vs dog" of CIFAR-10): the images of the
 * kept classes, in their original order, relabelled 0..k−1 in the order the classes are given.
 */
import type { Dataset, DatasetSplit } from './datasets';
import type { DatasetName } from '../spec/types';

function selectSplit(split: DatasetSplit, newLabel: Int16Array): DatasetSplit {
  const size = split.count === 0 ? 0 : split.images.length / split.count;
  let count = 0;
  for (let i = 0; i < split.count; i++) if (newLabel[split.labels[i]] >= 0) count++;
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  let k = 0;
  for (let i = 0; i < split.count; i++) {
    const label = newLabel[split.labels[i]];
    if (label < 0) continue;
    images.set(split.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k++] = label;
  }
  return { images, labels, count, ...(split.imageShape ? { imageShape: split.imageShape } : {}) };
}

/**
 * The subset of `dataset` keeping the labels `classes` (class `classes[j]` becomes label j). When the
 * base holds only part of its training set, `trainTotal` is estimated by the classes' share of it
 * (exact for datasets with equally many images per class, as CIFAR-10 has).
 */
export function selectClasses(dataset: Dataset, name: DatasetName, classes: readonly number[], classNames: string[]): Dataset {
  const newLabel = new Int16Array(256).fill(-1);
  classes.forEach((c, j) => (newLabel[c] = j));
  const train = selectSplit(dataset.train, newLabel);
  const test = selectSplit(dataset.test, newLabel);
  const share = classes.length / dataset.classNames.length;
  return {
    name,
    classNames,
    train,
    test,
    ...(dataset.trainTotal !== undefined ? { trainTotal: Math.round(dataset.trainTotal * share) } : {}),
  };
}
