import { describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { datasetMeta, isDatasetName, parseDatasetName, subsetName } from './datasets';
import { fitSpecToDataset } from './fitSpec';
import { getPreset } from '../spec/presets';

describe('dataset subsets (some classes of a dataset)', () => {
  it('reads and writes subset names, refusing ones that name no subset', () => {
    expect(subsetName('cifar-10', [3, 5])).toBe('cifar-10:3,5');
    expect(parseDatasetName('cifar-10:3,5')).toEqual({ base: 'cifar-10', classes: [3, 5] });
    expect(parseDatasetName('mnist')).toEqual({ base: 'mnist', classes: null });
    for (const bad of ['cifar-10:3', 'cifar-10:3,3', 'cifar-10:3,10', 'mnist:1,02', 'mnist:-1,2', 'svhn:1,2', 'mnist:1,2:3', 'mnist:']) {
      expect(isDatasetName(bad)).toBe(false);
    }
    expect(() => subsetName('mnist', [4])).toThrow(/two or more distinct labels below 10/);
  });

  it('names the kept classes in their new order', () => {
    const meta = datasetMeta('cifar-10:3,5');
    expect(meta).toMatchObject({ title: 'CIFAR-10: cat vs dog', classNames: ['cat', 'dog'], height: 32, width: 32, channels: 3 });
    expect(datasetMeta('fashion-mnist:9,0,5').classNames).toEqual(['Ankle boot', 'T-shirt/top', 'Sandal']);
    const { spec } = fitSpecToDataset(getPreset('fashion-cnn')!.spec, 'mnist:7,1');
    expect([spec.numClasses, spec.layers.at(-1)]).toEqual([2, expect.objectContaining({ units: 2 })]);
  });

  it('keeps only the images of the classes, in order, relabelled 0..k−1 (MNIST 7 vs 1)', async () => {
    const base = await loadDatasetFromDisk('mnist');
    const subset = await loadDatasetFromDisk('mnist:7,1');
    expect(subset.classNames).toEqual(['7', '1']);
    const expected = [...base.test.labels].map((l, i) => [l, i] as const).filter(([l]) => l === 7 || l === 1);
    expect(subset.test.count).toBe(expected.length);
    expect([...subset.test.labels]).toEqual(expected.map(([l]) => (l === 7 ? 0 : 1)));
    // Image 2 of the subset is base image expected[2], byte for byte.
    const k = expected[2][1];
    expect([...subset.test.images.subarray(2 * 784, 3 * 784)]).toEqual([...base.test.images.subarray(k * 784, (k + 1) * 784)]);
  });

  it("loads enough of CIFAR-10's batches for 2,048 cats and dogs, and all 2,000 test ones", async () => {
    const data = await loadDatasetFromDisk('cifar-10:3,5', 2048);
    expect(data.train.count).toBeGreaterThanOrEqual(2048);
    expect(data.trainTotal).toBe(10_000);
    expect(data.test.count).toBe(2000);
    expect(new Set(data.train.labels)).toEqual(new Set([0, 1]));
    expect(data.train.images.length).toBe(data.train.count * 3072);
  });
});
