/** What the offline notice says, and the rule that a dataset is available only with all its files cached. */
import { describe, expect, it } from 'vitest';
import { DATASET_FILES } from '../engine/data/datasets';
import type { DatasetName } from '../engine/spec/types';
import { availableDatasets, chosenDatasetProblem, offlineNotice } from './availability';

const BASE = 'https://school.example/app/datasets/';
const urls = (name: string, files: string[] = Object.values(DATASET_FILES)) => files.map((file) => `${BASE}${name}/${file}`);
const TITLES = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST', 'cifar-10': 'CIFAR-10' } as Record<DatasetName, string>;
const ALL: DatasetName[] = ['mnist', 'fashion-mnist'];

describe('availableDatasets', () => {
  it('counts a dataset whose four files are all cached', () => {
    expect(availableDatasets(urls('mnist'), BASE)).toEqual(['mnist']);
    expect(availableDatasets([...urls('fashion-mnist'), ...urls('mnist')], BASE)).toEqual(['mnist', 'fashion-mnist']);
  });

  it('does not count a dataset with a file missing (a download cut short)', () => {
    expect(availableDatasets(urls('mnist', [DATASET_FILES.trainImages, DATASET_FILES.trainLabels, DATASET_FILES.testImages]), BASE)).toEqual([]);
  });

  it('ignores files of another app on the same origin and query strings', () => {
    const other = urls('mnist').map((url) => url.replace('/app/', '/other/'));
    expect(availableDatasets(other, BASE)).toEqual([]);
    expect(availableDatasets(urls('mnist').map((url) => `${url}?v=1`), BASE)).toEqual(['mnist']);
  });
});

describe('offlineNotice', () => {
  it('says nothing while online', () => {
    expect(offlineNotice({ online: true, available: [], all: ALL, titles: TITLES })).toBeNull();
  });

  it('names what works and what needs the network', () => {
    expect(offlineNotice({ online: false, available: ['mnist'], all: ALL, titles: TITLES })).toBe('Offline — MNIST is available, Fashion-MNIST needs the network');
    expect(offlineNotice({ online: false, available: ['fashion-mnist', 'mnist'], all: ALL, titles: TITLES })).toBe('Offline — MNIST and Fashion-MNIST are available');
    const three = [...ALL, 'cifar10'] as DatasetName[];
    const titles = { ...TITLES, cifar10: 'CIFAR-10' } as Record<DatasetName, string>;
    expect(offlineNotice({ online: false, available: ['mnist'], all: three, titles })).toBe('Offline — MNIST is available, Fashion-MNIST and CIFAR-10 need the network');
  });

  it('tells the learner to open a dataset while online when none is saved', () => {
    expect(offlineNotice({ online: false, available: [], all: ALL, titles: TITLES })).toBe('Offline — no dataset is saved on this device yet: open one while online');
  });
});

describe('chosenDatasetProblem', () => {
  it('speaks up only offline, for a chosen dataset that is not saved', () => {
    expect(chosenDatasetProblem({ online: true, available: [], all: ALL, titles: TITLES }, 'fashion-mnist')).toBeNull();
    expect(chosenDatasetProblem({ online: false, available: ['mnist'], all: ALL, titles: TITLES }, 'mnist')).toBeNull();
    expect(chosenDatasetProblem({ online: false, available: null, all: ALL, titles: TITLES }, 'mnist')).toBeNull();
    expect(chosenDatasetProblem({ online: false, available: ['mnist'], all: ALL, titles: TITLES }, 'fashion-mnist')).toBe(
      'Fashion-MNIST cannot be opened offline: it is not saved on this device yet — choose MNIST, or connect and open it once',
    );
    expect(chosenDatasetProblem({ online: false, available: [], all: ALL, titles: TITLES }, 'mnist')).toBe(
      'MNIST cannot be opened offline: it is not saved on this device yet — connect and open it once',
    );
  });

  it('says it is still looking while the cache has not been read', () => {
    expect(offlineNotice({ online: false, available: null, all: ALL, titles: TITLES })).toBe('Offline — looking up what is saved on this device…');
  });
});
