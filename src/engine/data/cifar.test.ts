import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { diskFetchBytes, loadDatasetFromDisk } from '../node/datasetSource';
import { CIFAR_RECORD_BYTES, CifarError, parseCifarBatch } from './cifar';
import { type FetchBytes, inputShapeOf, loadDataset } from './datasets';

const zlibGunzip = async (bytes: Uint8Array) => new Uint8Array(gunzipSync(bytes));
const real = diskFetchBytes('cifar-10');

/** The decompressed official test batch, read once (30 MB). */
let testRaw: Uint8Array;
beforeAll(async () => {
  testRaw = new Uint8Array(gunzipSync(await real('test_batch.bin.gz')));
});

/** The real files, with test_batch.bin.gz replaced by `tamper` applied to its decompressed bytes, gzipped again. */
function tamperedTest(tamper: (raw: Uint8Array) => Uint8Array, gzip = true): FetchBytes {
  return async (name) => {
    if (name !== 'test_batch.bin.gz') return real(name);
    const changed = tamper(testRaw.slice());
    return gzip ? new Uint8Array(gzipSync(changed)) : changed;
  };
}

async function failure(fetchBytes: FetchBytes): Promise<CifarError> {
  const error = await loadDataset('cifar-10', fetchBytes, { gunzip: zlibGunzip, trainCount: 0 }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CifarError);
  return error as CifarError;
}

describe('CIFAR-10 loader on the real files', () => {
  it('loads the first training batch and the test batch as 32×32×3 images with the label bytes as labels', async () => {
    const data = await loadDatasetFromDisk('cifar-10', 10_000);
    expect(data.classNames).toEqual(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    expect([data.train.count, data.trainTotal, data.test.count]).toEqual([10_000, 50_000, 10_000]);
    expect(data.test.imageShape).toEqual([32, 32, 3]);
    expect(inputShapeOf('cifar-10')).toEqual([32, 32, 3]);
    expect(data.test.images.length).toBe(10_000 * 3072);
    // Labels are the first byte of each record, and every class has 1,000 test images.
    const labels = Array.from({ length: 10_000 }, (_, r) => testRaw[r * CIFAR_RECORD_BYTES]);
    expect([...data.test.labels]).toEqual(labels);
    const perClass = new Array(10).fill(0);
    for (const l of data.test.labels) perClass[l]++;
    expect(perClass).toEqual(new Array(10).fill(1000));
    // Pixel (y, x) of channel c of record r is raw[r·3073 + 1 + c·1024 + y·32 + x]; in the app it is HWC.
    for (const [r, y, x, c] of [
      [0, 0, 0, 0],
      [0, 31, 31, 2],
      [1234, 7, 19, 1],
      [9999, 16, 3, 2],
    ]) {
      expect(data.test.images[r * 3072 + (y * 32 + x) * 3 + c]).toBe(testRaw[r * CIFAR_RECORD_BYTES + 1 + c * 1024 + y * 32 + x]);
    }
    // Colour photos: over the first 100 images, red and blue differ in most pixels.
    let differing = 0;
    for (let p = 0; p < 100 * 1024; p++) if (data.test.images[3 * p] !== data.test.images[3 * p + 2]) differing++;
    expect(differing).toBeGreaterThan(50 * 1024);
  });

  it('loads more batches only when asked, keeping the ones loaded', async () => {
    const one = await loadDataset('cifar-10', real, { gunzip: zlibGunzip, trainCount: 0 });
    expect([one.train.count, one.trainTotal]).toEqual([0, 50_000]);
    const fetched: string[] = [];
    const counting: FetchBytes = (name) => {
      fetched.push(name);
      return real(name);
    };
    const two = await loadDataset('cifar-10', counting, { gunzip: zlibGunzip, trainCount: 15_000, previous: one });
    expect(fetched).toEqual(['data_batch_1.bin.gz', 'data_batch_2.bin.gz']);
    expect(two.test).toBe(one.test);
    expect(two.train.count).toBe(20_000);
    const batch2 = parseCifarBatch('data_batch_2', new Uint8Array(gunzipSync(await real('data_batch_2.bin.gz'))));
    expect([...two.train.labels.subarray(10_000, 10_010)]).toEqual([...batch2.labels.subarray(0, 10)]);
  });

  it('accepts a batch a server already decompressed (Content-Encoding: gzip)', async () => {
    const data = await loadDataset('cifar-10', tamperedTest((raw) => raw, false), { gunzip: zlibGunzip, trainCount: 0 });
    expect(data.test.labels[0]).toBe(testRaw[0]);
  });
});

describe('CIFAR-10 loader on corrupt copies of the real files', () => {
  it('names a batch cut inside a record as truncated', async () => {
    const error = await failure(tamperedTest((raw) => raw.subarray(0, raw.length - 1000)));
    expect(error.file).toBe('cifar-10/test_batch.bin.gz');
    expect(error.message).toMatch(/truncated: 30,729,000 bytes end inside record 10,000; 10,000 records of 3,073 bytes need 30,730,000/);
  });

  it('names a batch cut at a record boundary as truncated', async () => {
    const error = await failure(tamperedTest((raw) => raw.subarray(0, raw.length - CIFAR_RECORD_BYTES)));
    expect(error.message).toMatch(/truncated: 9,999 records, a CIFAR-10 batch has 10,000/);
  });

  it('names records of the wrong size (two label bytes as in CIFAR-100, or none)', async () => {
    const widen = (raw: Uint8Array) => {
      const out = new Uint8Array(10_000 * (CIFAR_RECORD_BYTES + 1));
      for (let r = 0; r < 10_000; r++) out.set(raw.subarray(r * CIFAR_RECORD_BYTES, (r + 1) * CIFAR_RECORD_BYTES), r * (CIFAR_RECORD_BYTES + 1) + 1);
      return out;
    };
    expect((await failure(tamperedTest(widen))).message).toMatch(/wrong record size: .* records of 3,074 bytes \(two label bytes, as in CIFAR-100\)/);
    const unlabel = (raw: Uint8Array) => {
      const out = new Uint8Array(10_000 * 3072);
      for (let r = 0; r < 10_000; r++) out.set(raw.subarray(r * CIFAR_RECORD_BYTES + 1, (r + 1) * CIFAR_RECORD_BYTES), r * 3072);
      return out;
    };
    expect((await failure(tamperedTest(unlabel))).message).toMatch(/wrong record size: .* records of 3,072 bytes with no label byte/);
  });

  it('names a bad label byte and where it is', async () => {
    const error = await failure(
      tamperedTest((raw) => {
        raw[6 * CIFAR_RECORD_BYTES] = 200;
        return raw;
      }),
    );
    expect(error.message).toBe('cifar-10/test_batch.bin.gz: bad label byte 200 in record 7 (byte 18,438): CIFAR-10 labels are 0–9');
  });

  it('names damaged gzip data, a web page instead of the file, and a wrong class list', async () => {
    const cut: FetchBytes = async (name) => {
      const bytes = await real(name);
      return name === 'test_batch.bin.gz' ? bytes.subarray(0, bytes.length / 2) : bytes;
    };
    expect((await failure(cut)).message).toMatch(/test_batch.bin.gz: the gzip data is damaged or truncated/);
    const page: FetchBytes = async (name) => (name === 'test_batch.bin.gz' ? new TextEncoder().encode('<!doctype html><html></html>') : real(name));
    expect((await failure(page)).message).toMatch(/test_batch.bin.gz: is missing on this server/);
    const meta: FetchBytes = async (name) => (name === 'batches.meta.txt' ? new TextEncoder().encode('cat\ndog\n') : real(name));
    expect((await failure(meta)).message).toMatch(/batches.meta.txt: names 2 classes, CIFAR-10 has 10/);
  });
});
