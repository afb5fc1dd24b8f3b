import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { addImages, emptyDataset } from './customDataset';
import { datasetFileName, DatasetFileError, readDatasetFile, writeDatasetFile } from './customFile';

const at = new Date('2026-01-01T00:00:00Z');

function sample() {
  let dataset = { ...emptyDataset('colour32', 'Cups & pens', at, 'id-1'), classNames: ['cup', 'pen', 'hand'] };
  for (let c = 0; c < 3; c++) {
    dataset = addImages(dataset, c, Array.from({ length: 5 + c }, (_, k) => new Uint8Array(32 * 32 * 3).map((_, i) => (i * 7 + k + c * 31) % 256)), at);
  }
  return dataset;
}

function tamper(bytes: Uint8Array, edit: (parts: Record<string, Uint8Array>) => void): Uint8Array {
  const parts = unzipSync(bytes);
  edit(parts);
  return zipSync(parts);
}

function errorOf(bytes: Uint8Array): string {
  try {
    readDatasetFile(bytes, at);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetFileError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('dataset file', () => {
  it('round-trips every byte, class and setting', () => {
    const dataset = sample();
    const back = readDatasetFile(writeDatasetFile(dataset), at);
    expect(back).toEqual(dataset);
  });

  it('is plain parts a program without a canvas can read', () => {
    const parts = unzipSync(writeDatasetFile(sample()));
    expect(Object.keys(parts).sort()).toEqual(['dataset.json', 'images.bin', 'labels.bin']);
    const meta = JSON.parse(strFromU8(parts['dataset.json']));
    expect(meta).toMatchObject({ format: 'cnn-playground-dataset', version: 1, height: 32, width: 32, channels: 3, count: 18 });
    expect(parts['images.bin'].length).toBe(18 * 3072);
  });

  it('names what is wrong with a tampered file', () => {
    const good = writeDatasetFile(sample());
    const meta = (edit: (m: Record<string, unknown>) => void) =>
      tamper(good, (p) => {
        const m = JSON.parse(strFromU8(p['dataset.json']));
        edit(m);
        p['dataset.json'] = strToU8(JSON.stringify(m));
      });
    expect(errorOf(new TextEncoder().encode('not a zip'))).toBe('the file: is not a zip file (a dataset file starts with the bytes "PK")');
    expect(errorOf(good.subarray(0, good.length - 40))).toMatch(/^the file: the zip is damaged or truncated/);
    expect(errorOf(tamper(good, (p) => delete p['labels.bin']))).toBe('labels.bin: is missing from the zip');
    expect(errorOf(tamper(good, (p) => (p['dataset.json'] = strToU8('{oops'))))).toMatch(/^dataset\.json: is not valid JSON/);
    expect(errorOf(tamper(good, (p) => (p['images.bin'] = p['images.bin'].subarray(1))))).toBe('images.bin: holds 55295 bytes; 18 images of 32×32×3 are 55296');
    expect(errorOf(tamper(good, (p) => (p['labels.bin'] = new Uint8Array(18).fill(7))))).toBe('labels.bin: image 0 has label 7, but there are only 3 classes (0–2)');
    expect(errorOf(meta((m) => (m.count = 17)))).toBe('labels.bin: holds 18 labels but dataset.json says there are 17 images');
    expect(errorOf(meta((m) => (m.format = 'zip')))).toMatch(/^dataset\.json format: is not "cnn-playground-dataset"/);
    expect(errorOf(meta((m) => (m.version = 9)))).toMatch(/^dataset\.json version: is newer than this playground reads/);
    expect(errorOf(meta((m) => (m.classNames = ['one'])))).toBe('dataset.json classNames: has fewer than 2 classes');
    expect(errorOf(meta((m) => (m.classNames = ['a', 'b', 'A'])))).toBe('dataset.json classNames: “A” is listed twice');
    expect(errorOf(meta((m) => (m.height = 64)))).toBe('dataset.json height/width/channels: 64×32×3 is neither 28×28×1 nor 32×32×3');
    expect(errorOf(meta((m) => (m.channels = 2)))).toBe('dataset.json channels: must be 1 (grey) or 3 (colour)');
    expect(errorOf(meta((m) => (m.id = '../x')))).toBe('dataset.json id: has characters other than letters, digits and dashes');
  });

  it('gives a safe file name', () => {
    expect(datasetFileName('Cups & pens')).toBe('Cups-pens.cnnp-dataset.zip');
    expect(datasetFileName('///')).toBe('dataset.cnnp-dataset.zip');
  });
});
