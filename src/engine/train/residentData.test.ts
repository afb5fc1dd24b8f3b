import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/datasets';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { checkDataOptions, hostBatch, makeResidentData, uploadSplit } from './residentData';
import { mulberry32, permutation } from './prng';

let mnist: Dataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  mnist = await loadDatasetFromDisk('mnist');
});

/** Pixel sums identify images well enough to check which rows went where. */
function rowSums(images: Float32Array, rows: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let p = 0; p < 784; p++) s += images[r * 784 + p];
    out.push(Math.round(s * 255));
  }
  return out;
}

describe('resident data', () => {
  it('explains unusable options', () => {
    expect(checkDataOptions(mnist, { trainLimit: 0, validationSplit: 0 }, 32)).toMatch(/Training-subset size 0 is not a positive whole number/);
    expect(checkDataOptions(mnist, { validationSplit: 1 }, 32)).toMatch(/Validation split 1 must be at least 0 and below 1/);
    expect(checkDataOptions(mnist, { trainLimit: 3, validationSplit: 0.2 }, 1)).toMatch(/holds out no image/);
    expect(checkDataOptions(mnist, { trainLimit: 100, validationSplit: 0.5 }, 64)).toMatch(/Only 50 training images remain for a batch size of 64/);
    expect(checkDataOptions(mnist, { trainLimit: 100, validationSplit: 0.5 }, 50)).toBeNull();
  });

  it('holds out a seeded tail of the limited training set, disjoint from the rest, and validates on the test set otherwise', async () => {
    const data = makeResidentData(mnist, { trainLimit: 200, validationSplit: 0.25, testLimit: 50 }, 10, 3);
    try {
      expect([data.train.count, data.validation.count, data.test.count, data.heldOut]).toEqual([150, 50, 50, true]);
      expect(data.train.images.shape).toEqual([150, 28, 28, 1]);
      const train = rowSums((await data.train.images.data()) as Float32Array, 150);
      const held = rowSums((await data.validation.images.data()) as Float32Array, 50);
      const subset = rowSums(Float32Array.from(mnist.train.images.subarray(0, 200 * 784), (v) => v / 255), 200);
      expect([...train, ...held].sort()).toEqual([...subset].sort());
      // Labels travel with their images.
      const labelOf = new Map(subset.map((s, i) => [s, mnist.train.labels[i]]));
      held.forEach((s, i) => expect(data.validation.labelValues[i]).toBe(labelOf.get(s)));
      // The same seed gives the same split; another seed another.
      const again = makeResidentData(mnist, { trainLimit: 200, validationSplit: 0.25 }, 10, 3);
      const other = makeResidentData(mnist, { trainLimit: 200, validationSplit: 0.25 }, 10, 4);
      expect(Array.from(again.validation.labelValues)).toEqual(Array.from(data.validation.labelValues));
      expect(Array.from(other.validation.labelValues)).not.toEqual(Array.from(data.validation.labelValues));
      again.dispose();
      other.dispose();
    } finally {
      data.dispose();
    }
    const plain = makeResidentData(mnist, { trainLimit: 64, validationSplit: 0, testLimit: 30 }, 8, 1);
    expect(plain.validation).toBe(plain.test);
    expect(Array.from(plain.test.labelValues)).toEqual(Array.from(mnist.test.labels.subarray(0, 30)));
    plain.dispose();
  });

  it('shares an already resident test set without freeing it', () => {
    const before = tf.memory().numTensors;
    const shared = uploadSplit(mnist.test, 100);
    const data = makeResidentData(mnist, { trainLimit: 64, validationSplit: 0, testLimit: 40 }, 8, 1, shared);
    expect(data.test.images).toBe(shared.images);
    expect(data.test.count).toBe(40);
    data.dispose();
    expect(shared.images.isDisposed).toBe(false);
    tf.dispose([shared.images, shared.labels]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds a batch in JavaScript bit-identical to gathering it from the resident tensors', () => {
    // A held-out split, so the split's rows are a permutation of the dataset's, not its first rows.
    const data = makeResidentData(mnist, { trainLimit: 500, validationSplit: 0.2, testLimit: 10 }, 16, 5);
    try {
      const order = permutation(data.train.count, mulberry32(9));
      const built = hostBatch(data.train, order, 32, 64);
      expect(built).not.toBeNull();
      const rows = tf.tensor1d(order.subarray(32, 64), 'int32');
      const gathered = [tf.gather(data.train.images, rows), tf.gather(data.train.labels, rows)];
      expect(built!.images.shape).toEqual([32, 28, 28, 1]);
      expect(Array.from(built!.images.dataSync())).toEqual(Array.from(gathered[0].dataSync()));
      expect(Array.from(built!.labels.dataSync())).toEqual(Array.from(gathered[1].dataSync()));
      expect(built!.labels.dtype).toBe('int32');
      tf.dispose([rows, built!.images, built!.labels, ...gathered]);
      expect(hostBatch({ ...data.train, source: undefined }, order, 0, 8)).toBeNull();
    } finally {
      data.dispose();
    }
  });

  it('on cpu / wasm only what is read is uploaded: the training images stay in JavaScript, the batches are the same', () => {
    const options = { trainLimit: 20_000, validationSplit: 0.1, testLimit: 10 };
    const before = tf.memory().numBytes;
    const hostOnly = makeResidentData(mnist, options, 32, 5, undefined, true);
    const uploaded = hostOnly.heldOut ? tf.memory().numBytes - before : NaN;
    const full = makeResidentData(mnist, options, 32, 5);
    try {
      // The hold-out (2,000 images) and the 10 test images, not the 18,000 training images.
      const holdOutBytes = 2_000 * 784 * 4;
      expect(uploaded).toBeGreaterThanOrEqual(holdOutBytes);
      expect(uploaded).toBeLessThan(holdOutBytes + 100 * 784 * 4);
      expect(hostOnly.train.count).toBe(18_000);
      expect(Array.from(hostOnly.train.labelValues)).toEqual(Array.from(full.train.labelValues));
      const order = permutation(18_000, mulberry32(2));
      const a = hostBatch(hostOnly.train, order, 64, 96)!;
      const b = hostBatch(full.train, order, 64, 96)!;
      expect(Array.from(a.images.dataSync())).toEqual(Array.from(b.images.dataSync()));
      expect(Array.from(a.labels.dataSync())).toEqual(Array.from(b.labels.dataSync()));
      tf.dispose([a.images, a.labels, b.images, b.labels]);
    } finally {
      hostOnly.dispose();
      full.dispose();
    }
  });
});
