import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addImages, emptyDataset } from '../src/engine/data/customDataset';
import { writeDatasetFile } from '../src/engine/data/customFile';
import { loadDatasetFromDisk } from '../src/engine/node/datasetSource';
import { parseTrainArgs, train, type TrainArgs } from './train';

const folder = mkdtempSync(join(tmpdir(), 'cnnp-own-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A three-class dataset as the page exports it, made of real MNIST zeros, ones and twos. */
async function writeDigitsFile(perClass: number): Promise<string> {
  const mnist = await loadDatasetFromDisk('mnist');
  let dataset = { ...emptyDataset('grey28', 'Zero one two', new Date('2026-01-01'), 'digits-012'), classNames: ['zero', 'one', 'two'] };
  for (let c = 0; c < 3; c++) {
    const images: Uint8Array[] = [];
    for (let i = 0; i < mnist.train.count && images.length < perClass; i++) {
      if (mnist.train.labels[i] === c) images.push(mnist.train.images.slice(i * 784, (i + 1) * 784));
    }
    dataset = addImages(dataset, c, images);
  }
  const path = join(folder, 'digits.cnnp-dataset.zip');
  writeFileSync(path, writeDatasetFile(dataset));
  return path;
}

describe('npm run train -- --dataset <file>', () => {
  it('trains on a dataset file exported from the page, the network fitted to its three classes', async () => {
    const path = await writeDigitsFile(40);
    const lines: string[] = [];
    const args = parseTrainArgs(['--preset', 'tiny', '--dataset', path, '--epochs', '6', '--batch', '16']) as TrainArgs;
    expect(args.datasetFile).toBe(path);
    const report = await train(args, (line) => lines.push(line));
    expect(report.state).toBe('finished');
    expect(report.dataset).toBe('custom:digits-012');
    // 40 images a class: 8 of each kept for testing by the dataset's seed.
    expect(report.test?.count).toBe(24);
    expect(report.test?.accuracy).toBeGreaterThan(0.5);
    expect(lines[0]).toContain('“Zero one two”, zero, one, two; 96 training and 24 test images; network fitted to it (output layer: 10 → 3 units)');
  });

  it('names what is wrong with a damaged file', async () => {
    const path = join(folder, 'broken.zip');
    writeFileSync(path, 'PK this is not really a zip');
    const args = parseTrainArgs(['--preset', 'tiny', '--dataset', path]) as TrainArgs;
    await expect(train(args)).rejects.toThrow(`${path}: the file: the zip is damaged or truncated`);
  });

  it('says what --dataset takes', () => {
    expect(parseTrainArgs(['--preset', 'tiny', '--dataset', 'nowhere.zip'])).toEqual({ error: '--dataset is one of mnist, fashion-mnist, cifar-10, some of their classes (e.g. cifar-10:3,5 for cats and dogs) or a dataset file exported from the page, not "nowhere.zip"' });
  });
});
