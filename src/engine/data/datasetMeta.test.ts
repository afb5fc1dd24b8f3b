import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '../spec/presets';
import { hostBatch, makeResidentData } from '../train/residentData';
import { type Dataset, DATASET_NAMES, datasetMeta, imageAt, imageValues, inputShapeOf, splitImageShape } from './datasets';
import { fitSpecToDataset } from './fitSpec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tiny non-square RGB dataset whose every byte says where it is: image k, pixel p, channel c. */
function rgbDataset(count: number, height: number, width: number): Dataset {
  const images = new Uint8Array(count * height * width * 3);
  for (let i = 0; i < images.length; i++) images[i] = i % 251;
  const labels = Uint8Array.from({ length: count }, (_, k) => k % 2);
  const split = { images, labels, count, imageShape: [height, width, 3] as [number, number, number] };
  return { name: 'mnist', classNames: ['a', 'b'], train: split, test: split };
}

describe('dataset info records', () => {
  it('describes each built-in dataset by its image shape and classes', () => {
    expect(DATASET_NAMES).toContain('mnist');
    expect(datasetMeta('mnist')).toMatchObject({ title: 'MNIST digits', height: 28, width: 28, channels: 1 });
    expect(datasetMeta('fashion-mnist').classNames[9]).toBe('Ankle boot');
    expect(inputShapeOf('fashion-mnist')).toEqual([28, 28, 1]);
    expect(imageValues('mnist')).toBe(784);
    expect(() => datasetMeta('nope' as 'mnist')).toThrow(/unknown dataset "nope"/);
  });

  it('slices image k with its size', () => {
    const bytes = Uint8Array.from({ length: 3 * 784 }, (_, i) => Math.floor(i / 784));
    const image = imageAt('mnist', bytes, 2);
    expect([image.width, image.height, image.channels, image.pixels.length]).toEqual([28, 28, 1, 784]);
    expect(image.pixels.every((v) => v === 2)).toBe(true);
  });

  it('fits a spec to a dataset: input shape, class count and the head change, nothing else', () => {
    const preset = getPreset('fashion-cnn')!;
    expect(fitSpecToDataset(preset.spec, 'fashion-mnist')).toEqual({ spec: preset.spec, changes: [] });
    expect(fitSpecToDataset(preset.spec, 'fashion-mnist').spec).toBe(preset.spec);
    const other = { ...preset.spec, inputShape: [32, 32, 3] as [number, number, number], numClasses: 2 };
    other.layers = [...other.layers.slice(0, -1), { ...(other.layers.at(-1) as object), units: 2 } as (typeof other.layers)[number]];
    const fitted = fitSpecToDataset(other, 'mnist').spec;
    expect(fitted.inputShape).toEqual([28, 28, 1]);
    expect(fitted.numClasses).toBe(10);
    expect(fitted.layers.at(-1)).toMatchObject({ type: 'dense', units: 10 });
    expect(fitted.layers.slice(0, -1)).toEqual(preset.spec.layers.slice(0, -1));
    // The input was not edited in place.
    expect(other.inputShape).toEqual([32, 32, 3]);
  });

  it('keeps the shape of non-square colour images through training tensors and host batches', async () => {
    const data = rgbDataset(8, 4, 5);
    expect(splitImageShape(data.train)).toEqual([4, 5, 3]);
    expect(splitImageShape({ images: new Uint8Array(2 * 784), labels: new Uint8Array(2), count: 2 })).toEqual([28, 28, 1]);
    const resident = makeResidentData(data, { validationSplit: 0 }, 2, 1);
    const hostOnly = makeResidentData(data, { validationSplit: 0.25 }, 2, 1, undefined, true);
    try {
      expect(resident.train.images.shape).toEqual([8, 4, 5, 3]);
      // Image 1, row 2, column 3, channel 1 sits at ((1·4 + 2)·5 + 3)·3 + 1 of the bytes.
      const picked = resident.train.images.slice([1, 2, 3, 1], [1, 1, 1, 1]);
      const value = (await picked.data())[0];
      picked.dispose();
      expect(Math.round(value * 255)).toBe((((1 * 4 + 2) * 5 + 3) * 3 + 1) % 251);
      expect(hostOnly.train.images.shape).toEqual([0, 4, 5, 3]);
      const batch = hostBatch(hostOnly.train, [0, 1], 0, 2)!;
      expect(batch.images.shape).toEqual([2, 4, 5, 3]);
      tf.dispose([batch.images, batch.labels]);
    } finally {
      resident.dispose();
      hostOnly.dispose();
    }
  });
});
