/**
 * A learner's dataset through the engine host, as the page's worker gets it: sent whole
 * (putCustomDataset), then loaded, sampled, trained on and evaluated by its name `custom:<id>`; sent
 * again after a change, the next run trains on the new images.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { addImages, emptyDataset, splitIndices } from './data/customDataset';
import { fitSpecToDataset } from './data/fitSpec';
import { EngineHost } from './host';
import { loadDatasetFromDisk } from './node/datasetSource';
import type { EngineEvent } from './protocol';
import { getPreset } from './spec/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function digits(perClass: number) {
  const mnist = await loadDatasetFromDisk('mnist');
  let dataset = { ...emptyDataset('grey28', 'Digits', new Date('2026-01-01'), 'digits'), classNames: ['zero', 'one', 'two'] };
  for (let c = 0; c < 3; c++) {
    const images: Uint8Array[] = [];
    for (let i = 0; images.length < perClass; i++) if (mnist.test.labels[i] === c) images.push(mnist.test.images.slice(i * 784, (i + 1) * 784));
    dataset = addImages(dataset, c, images, new Date(`2026-01-0${perClass > 9 ? 3 : 2}`));
  }
  return dataset;
}

it('answers load, samples, train and evaluate for a dataset the page sent, and names one it never sent', async () => {
  const events: EngineEvent[] = [];
  const host = new EngineHost({ post: (event) => events.push(event), datasets: () => ({ get: () => loadDatasetFromDisk('mnist'), decodeMs: () => 0 }) });
  const last = <T extends EngineEvent['type']>(type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type).at(-1)!;
  const dataset = await digits(8);
  const { test } = splitIndices(dataset.labels, 3, dataset.seed);

  await host.handle({ type: 'putCustomDataset', requestId: 1, dataset: { ...dataset, images: dataset.images.slice(), labels: dataset.labels.slice() } });
  expect(last('datasetLoaded')).toMatchObject({ requestId: 1, info: { dataset: 'custom:digits', trainCount: 18, testCount: 6, classNames: ['zero', 'one', 'two'] } });

  await host.handle({ type: 'samples', requestId: 2, dataset: 'custom:digits', split: 'test', indices: [0, 1, 99] });
  const samples = last('samples');
  expect(samples.indices).toEqual([0, 1]);
  expect([...samples.images.subarray(784, 1568)]).toEqual([...dataset.images.subarray(test[1] * 784, (test[1] + 1) * 784)]);
  expect([...samples.labels]).toEqual([dataset.labels[test[0]], dataset.labels[test[1]]]);

  // The engine registered the dataset by its name when it was sent: the network fits it by that name.
  const spec = fitSpecToDataset(getPreset('tiny')!.spec, 'custom:digits', { trainCount: 18 }).spec;
  await host.handle({ type: 'train', runId: 7, spec: { ...spec, training: { ...spec.training, epochs: 1 } }, dataset: 'custom:digits', options: { validationSplit: 0 } });
  await host.session().idle();
  expect(last('runState')).toMatchObject({ runId: 7, state: 'finished' });
  expect(last('currentModel').model).toMatchObject({ dataset: 'custom:digits', classNames: ['zero', 'one', 'two'] });
  await host.handle({ type: 'evaluate', requestId: 3 });
  expect(last('evaluation').evaluation.count).toBe(6);

  // Changed images: the test split is uploaded again, so evaluation sees the new test set.
  const grown = await digits(15);
  await host.handle({ type: 'putCustomDataset', requestId: 4, dataset: grown });
  expect(last('datasetLoaded').info).toMatchObject({ trainCount: 36, testCount: 9 });
  await host.handle({ type: 'train', runId: 8, spec: { ...spec, training: { ...spec.training, epochs: 1 } }, dataset: 'custom:digits', options: { validationSplit: 0 } });
  await host.session().idle();
  expect(last('runState')).toMatchObject({ runId: 8, state: 'finished' });
  await host.handle({ type: 'evaluate', requestId: 6 });
  expect(last('evaluation').evaluation.count).toBe(9);

  await host.handle({ type: 'loadDataset', requestId: 5, dataset: 'custom:never-sent' });
  expect(last('error')).toMatchObject({ requestId: 5, kind: 'dataset', message: expect.stringContaining('your dataset custom:never-sent was not sent to the engine') });
  host.dispose();
});
