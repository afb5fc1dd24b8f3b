import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { datasetFolders, diskFetchBytes, loadDatasetFromDisk } from '../node/datasetSource';
import { CLASS_NAMES, DATASET_FILES, type FetchBytes, loadDataset } from './datasets';
import { streamGunzip } from './gunzip';
import { IdxError } from './idx';

const zlibGunzip = async (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes));

/** The real files of a dataset, with one file replaced by `tamper`'s result. */
function tamperedSource(file: string, tamper: (gz: Uint8Array) => Uint8Array): FetchBytes {
  const real = diskFetchBytes('mnist');
  return async (name) => (name === file ? tamper(await real(name)) : real(name));
}

function regzip(transform: (raw: Uint8Array) => Uint8Array): (gz: Uint8Array) => Uint8Array {
  return (gz) => new Uint8Array(gzipSync(transform(new Uint8Array(gunzipSync(gz)))));
}

async function failure(fetchBytes: FetchBytes): Promise<IdxError> {
  const error = await loadDataset('mnist', fetchBytes, { gunzip: zlibGunzip }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdxError);
  return error as IdxError;
}

describe('loadDataset on the real files', () => {
  it.each(['mnist', 'fashion-mnist'] as const)('loads %s with 60,000 + 10,000 28×28 images', async (name) => {
    const data = await loadDatasetFromDisk(name);
    expect(data.train.count).toBe(60_000);
    expect(data.test.count).toBe(10_000);
    expect(data.train.images.length).toBe(60_000 * 784);
    expect(data.test.labels.length).toBe(10_000);
    expect(data.classNames).toEqual(CLASS_NAMES[name]);
    // Every class occurs, and pixels use the full 0..255 range.
    expect(new Set(data.test.labels).size).toBe(10);
    expect(Math.max(...data.test.images.subarray(0, 784 * 10))).toBe(255);
  });

  it('knows the first test labels of MNIST (7, 2, 1, 0, 4) and Fashion-MNIST (Ankle boot, Pullover, Trouser)', async () => {
    const mnist = await loadDatasetFromDisk('mnist');
    expect([...mnist.test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    const fashion = await loadDatasetFromDisk('fashion-mnist');
    expect([...fashion.test.labels.subarray(0, 3)].map((l) => fashion.classNames[l])).toEqual([
      'Ankle boot',
      'Pullover',
      'Trouser',
    ]);
  });

  it('accepts files a server already decompressed (Content-Encoding: gzip)', async () => {
    const real = diskFetchBytes('fashion-mnist');
    const decoded: FetchBytes = async (name) => new Uint8Array(gunzipSync(await real(name)));
    const data = await loadDataset('fashion-mnist', decoded);
    expect(data.test.count).toBe(10_000);
    expect(data.test.labels[0]).toBe(9);
  });

  it('gives the same bytes through DecompressionStream as through node:zlib', async () => {
    const gz = new Uint8Array(readFileSync(`${datasetFolders('mnist')[0]}/${DATASET_FILES.testLabels}`));
    expect(await streamGunzip(gz)).toEqual(new Uint8Array(gunzipSync(gz)));
  });

  it('gives the same bytes through fflate where the browser has no DecompressionStream (Safari < 16.4)', async () => {
    const gz = new Uint8Array(readFileSync(`${datasetFolders('mnist')[0]}/${DATASET_FILES.testLabels}`));
    const scope = globalThis as { DecompressionStream?: unknown };
    const standard = scope.DecompressionStream;
    delete scope.DecompressionStream;
    try {
      expect(typeof scope.DecompressionStream).toBe('undefined');
      expect(await streamGunzip(gz)).toEqual(new Uint8Array(gunzipSync(gz)));
    } finally {
      scope.DecompressionStream = standard;
    }
  });
});

describe('loadDataset on corrupt files names the file and the problem', () => {
  it('says "missing" when the server answered with its page instead of the file', async () => {
    const page = new TextEncoder().encode('<!doctype html>\n<html lang="en"><head><title>CNN Playground</title></head></html>');
    const error = await failure(tamperedSource(DATASET_FILES.trainImages, () => page));
    expect(error.message).toBe(`mnist/${DATASET_FILES.trainImages}: is missing on this server (it answered with a web page instead of the file)`);
    expect(error.message).not.toMatch(/gzip/);
  });

  it('rejects a file that is not gzip', async () => {
    const error = await failure(tamperedSource(DATASET_FILES.testLabels, () => new TextEncoder().encode('PK\u0003\u0004 a zip file')));
    expect(error.file).toBe('mnist/t10k-labels-idx1-ubyte.gz');
    expect(error.message).toMatch(/not a gzip file/);
  });

  it('rejects damaged gzip data, through DecompressionStream too', async () => {
    const cut = tamperedSource(DATASET_FILES.testImages, (gz) => gz.subarray(0, gz.length >> 1));
    const error = await loadDataset('mnist', cut, { gunzip: streamGunzip }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdxError);
    expect((error as IdxError).message).toMatch(/t10k-images-idx3-ubyte\.gz: the gzip data is damaged or truncated/);
  });

  it('rejects a wrong magic number (labels file given as images)', async () => {
    const real = diskFetchBytes('mnist');
    const swapped: FetchBytes = (name) => real(name === DATASET_FILES.testImages ? DATASET_FILES.testLabels : name);
    const error = await failure(swapped);
    expect(error.message).toMatch(/magic number 2049 is not 2051: this is not an images IDX file/);
  });

  it('rejects a truncated images file', async () => {
    const error = await failure(tamperedSource(DATASET_FILES.testImages, regzip((raw) => raw.subarray(0, raw.length - 100))));
    expect(error.file).toBe('mnist/t10k-images-idx3-ubyte.gz');
    expect(error.problem).toMatch(/^truncated/);
  });

  it('rejects trailing garbage after the last label', async () => {
    const error = await failure(
      tamperedSource(DATASET_FILES.testLabels, regzip((raw) => new Uint8Array([...raw, 1, 2, 3]))),
    );
    expect(error.problem).toMatch(/3 unexpected bytes/);
  });

  it('rejects an image/label count mismatch', async () => {
    const fewerLabels = regzip((raw) => {
      const copy = raw.slice(0, raw.length - 10);
      new DataView(copy.buffer).setUint32(4, 9_990);
      return copy;
    });
    const error = await failure(tamperedSource(DATASET_FILES.testLabels, fewerLabels));
    expect(error.message).toMatch(/9990 labels for 10000 images/);
  });

  it('rejects a label outside 0–9', async () => {
    const badLabel = regzip((raw) => {
      const copy = raw.slice();
      copy[8 + 42] = 12;
      return copy;
    });
    const error = await failure(tamperedSource(DATASET_FILES.testLabels, badLabel));
    expect(error.problem).toBe('label 12 of item 42 is not a class 0–9');
  });

  it('rejects images that are not 28×28', async () => {
    const wrongSize = regzip((raw) => {
      const copy = raw.slice();
      new DataView(copy.buffer).setUint32(8, 32);
      return copy;
    });
    const error = await failure(tamperedSource(DATASET_FILES.testImages, wrongSize));
    expect(error.problem).toMatch(/32×28/);
  });
});
