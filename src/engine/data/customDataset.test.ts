import { describe, expect, it } from 'vitest';
import {
  addImages,
  classFlags,
  customDatasetName,
  emptyDataset,
  isCustomDatasetName,
  MIN_IMAGES_PER_CLASS,
  readyToTrain,
  removeClass,
  splitIndices,
  testCountFor,
  toEngineDataset,
} from './customDataset';

const at = new Date('2026-01-01T00:00:00Z');

function datasetWith(perClass: number[]) {
  let dataset = { ...emptyDataset('grey28', 'Test', at, 'abc'), classNames: perClass.map((_, c) => `c${c}`) };
  perClass.forEach((n, c) => {
    // Every image's first pixel is its own number, so the split can be followed image by image.
    const images = Array.from({ length: n }, (_, k) => new Uint8Array(784).fill(c * 50 + k));
    dataset = addImages(dataset, c, images, at);
  });
  return dataset;
}

describe('custom dataset split', () => {
  it('keeps a fifth of each class for testing, at least one once a class has two images', () => {
    expect([0, 1, 2, 4, 5, 10, 11, 100].map((n) => testCountFor(n))).toEqual([0, 0, 1, 1, 1, 2, 2, 20]);
  });

  it('is stratified, deterministic by seed, and covers every image once', () => {
    const dataset = datasetWith([10, 7, 5]);
    const a = splitIndices(dataset.labels, 3, 1);
    const b = splitIndices(dataset.labels, 3, 1);
    expect(a).toEqual(b);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual([...dataset.labels.keys()]);
    const testPerClass = [0, 1, 2].map((c) => a.test.filter((i) => dataset.labels[i] === c).length);
    expect(testPerClass).toEqual([2, 1, 1]);
    const other = splitIndices(dataset.labels, 3, 2);
    expect(other.test).not.toEqual(a.test);
  });

  it('does not move one class’s test images when another class grows', () => {
    const small = datasetWith([10, 5]);
    const grown = addImages(small, 1, [new Uint8Array(784), new Uint8Array(784)], at);
    const classZero = (d: typeof small) => splitIndices(d.labels, 2, 1).test.filter((i) => d.labels[i] === 0);
    expect(classZero(grown)).toEqual(classZero(small));
  });

  it('gives the engine a Dataset with the images gathered by split', () => {
    const dataset = datasetWith([6, 5]);
    const engine = toEngineDataset(dataset);
    expect(engine.name).toBe('custom:abc');
    expect(engine.train.count + engine.test.count).toBe(11);
    expect(engine.test.count).toBe(2);
    expect(engine.train.images.length).toBe(engine.train.count * 784);
    const { test } = splitIndices(dataset.labels, 2, dataset.seed);
    test.forEach((index, k) => {
      expect(engine.test.images[k * 784]).toBe(dataset.images[index * 784]);
      expect(engine.test.labels[k]).toBe(dataset.labels[index]);
    });
  });

  it('removes a class and renumbers the later ones', () => {
    const dataset = removeClass(datasetWith([5, 6, 7]), 1, at);
    expect(dataset.classNames).toEqual(['c0', 'c2']);
    expect(dataset.labels.length).toBe(12);
    expect([...new Set(dataset.labels)]).toEqual([0, 1]);
    expect(dataset.images[5 * 784]).toBe(100);
  });

  it('names custom datasets custom:<id> and refuses odd ids', () => {
    expect(isCustomDatasetName(customDatasetName('x-1'))).toBe(true);
    expect(isCustomDatasetName('custom:../etc')).toBe(false);
    expect(isCustomDatasetName('mnist')).toBe(false);
  });
});

describe('class flags', () => {
  it('says how many images a small class needs', () => {
    const flags = classFlags(['cat', 'dog', 'cow'], [5, 2, 0]);
    expect(flags.map((f) => f.classIndex)).toEqual([1, 2]);
    expect(flags[0].message).toContain('“dog” has 2 images: add at least 3 more');
    expect(flags[1].message).toContain('“cow” has 0 images: add at least 5 more');
    expect(readyToTrain(flags)).toBe(false);
  });

  it('passes a dataset whose every class has enough images, and flags one class, empty or repeated names', () => {
    expect(readyToTrain(classFlags(['a', 'b'], [MIN_IMAGES_PER_CLASS, 9]))).toBe(true);
    expect(classFlags(['a'], [10])[0].message).toBe('A dataset needs at least 2 classes: add 1 more.');
    expect(classFlags(['a', ' '], [5, 5])[0].message).toBe('Class 2 has no name: type one.');
    expect(classFlags(['Cat', 'cat'], [5, 5])[0].message).toContain('“cat” is the name of class 1 too');
  });
});
