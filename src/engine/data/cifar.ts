/**
 * CIFAR-10's official binary version: six batch files of 10,000 records, each record one label byte
 * (0–9) then 1,024 red, 1,024 green and 1,024 blue bytes (each channel 32×32, row-major), plus
 * batches.meta.txt naming the classes one a line. Here the batches are gzipped.
 *
 * Records are decoded into the app's image layout (HWC: the three channels of a pixel side by side,
 * see `DatasetMeta`), so that CIFAR images reach tfjs as [n, 32, 32, 3] like any other dataset.
 * Training batches are loaded only as far as a run needs them (10,000 images each), since all five
 * take 150 MB of memory and as many megabytes to download.
 */
import type { DatasetSplit } from './datasets';

/** A CIFAR-10 file that cannot be used, with the file and the problem (the message says both). */
export class CifarError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'CifarError';
  }
}

export const CIFAR_SIDE = 32;
export const CIFAR_CHANNELS = 3;
/** Bytes of one image, in either layout. */
export const CIFAR_IMAGE_BYTES = CIFAR_SIDE * CIFAR_SIDE * CIFAR_CHANNELS;
/** One label byte, then the image. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_IMAGE_BYTES;
/** Records in every official batch file. */
export const CIFAR_BATCH_RECORDS = 10_000;
export const CIFAR_TRAIN_FILES = [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin.gz`);
export const CIFAR_TEST_FILE = 'test_batch.bin.gz';
export const CIFAR_META_FILE = 'batches.meta.txt';
export const CIFAR_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

const count = (n: number): string => n.toLocaleString('en-US');

/** Why a byte length is not a whole CIFAR-10 batch, or null when it is one. */
function recordProblem(length: number, expectedRecords: number): string | null {
  const expected = expectedRecords * CIFAR_RECORD_BYTES;
  if (length === expected) return null;
  if (length % CIFAR_RECORD_BYTES !== 0) {
    // Records of another size: say which format they look like, since that is the likely mistake.
    if (length % (CIFAR_RECORD_BYTES + 1) === 0 && length / (CIFAR_RECORD_BYTES + 1) === expectedRecords) {
      return `wrong record size: ${count(length)} bytes are ${count(expectedRecords)} records of ${count(CIFAR_RECORD_BYTES + 1)} bytes (two label bytes, as in CIFAR-100), not ${count(CIFAR_RECORD_BYTES)} (one label byte, CIFAR-10)`;
    }
    if (length % CIFAR_IMAGE_BYTES === 0 && length / CIFAR_IMAGE_BYTES === expectedRecords) {
      return `wrong record size: ${count(length)} bytes are ${count(expectedRecords)} records of ${count(CIFAR_IMAGE_BYTES)} bytes with no label byte, not ${count(CIFAR_RECORD_BYTES)}`;
    }
    if (length < expected) {
      return `truncated: ${count(length)} bytes end inside record ${count(Math.floor(length / CIFAR_RECORD_BYTES) + 1)}; ${count(expectedRecords)} records of ${count(CIFAR_RECORD_BYTES)} bytes need ${count(expected)}`;
    }
    return `wrong record size: ${count(length)} bytes are not a whole number of ${count(CIFAR_RECORD_BYTES)}-byte records`;
  }
  const records = length / CIFAR_RECORD_BYTES;
  return records < expectedRecords
    ? `truncated: ${count(records)} records, a CIFAR-10 batch has ${count(expectedRecords)}`
    : `${count(records - expectedRecords)} records more than the ${count(expectedRecords)} of a CIFAR-10 batch`;
}

/**
 * Parses one decompressed batch file. Throws a CifarError naming the file when its length is not
 * `expectedRecords` records of 3,073 bytes (truncated, or records of another size) or a label byte
 * is not 0–9. The images come back in HWC order.
 */
export function parseCifarBatch(file: string, raw: Uint8Array, expectedRecords = CIFAR_BATCH_RECORDS): DatasetSplit {
  const problem = recordProblem(raw.length, expectedRecords);
  if (problem) throw new CifarError(file, problem);
  const n = expectedRecords;
  const labels = new Uint8Array(n);
  const images = new Uint8Array(n * CIFAR_IMAGE_BYTES);
  const plane = CIFAR_SIDE * CIFAR_SIDE;
  for (let r = 0; r < n; r++) {
    const at = r * CIFAR_RECORD_BYTES;
    const label = raw[at];
    if (label > 9) {
      throw new CifarError(file, `bad label byte ${label} in record ${count(r + 1)} (byte ${count(at)}): CIFAR-10 labels are 0–9`);
    }
    labels[r] = label;
    const out = r * CIFAR_IMAGE_BYTES;
    for (let p = 0; p < plane; p++) {
      images[out + 3 * p] = raw[at + 1 + p];
      images[out + 3 * p + 1] = raw[at + 1 + plane + p];
      images[out + 3 * p + 2] = raw[at + 1 + 2 * plane + p];
    }
  }
  return { images, labels, count: n, imageShape: [CIFAR_SIDE, CIFAR_SIDE, CIFAR_CHANNELS] };
}

/** Parses batches.meta.txt: ten class names, one a line, in label order (blank lines ignored). */
export function parseCifarMeta(file: string, bytes: Uint8Array): string[] {
  const names = new TextDecoder()
    .decode(bytes)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (names.length !== CIFAR_CLASS_NAMES.length) {
    throw new CifarError(file, `names ${names.length} classes, CIFAR-10 has ${CIFAR_CLASS_NAMES.length} (one name a line)`);
  }
  return names;
}

/** How many training batches hold the first `images` training images (all five when undefined). */
export function trainBatchesFor(images: number | undefined): number {
  if (images === undefined) return CIFAR_TRAIN_FILES.length;
  return Math.max(0, Math.min(CIFAR_TRAIN_FILES.length, Math.ceil(images / CIFAR_BATCH_RECORDS)));
}

/** The splits as one: images and labels end to end (the training batches loaded so far). */
export function concatSplits(splits: readonly DatasetSplit[]): DatasetSplit {
  if (splits.length === 1) return splits[0];
  const total = splits.reduce((a, s) => a + s.count, 0);
  const images = new Uint8Array(total * CIFAR_IMAGE_BYTES);
  const labels = new Uint8Array(total);
  let at = 0;
  for (const split of splits) {
    images.set(split.images, at * CIFAR_IMAGE_BYTES);
    labels.set(split.labels, at);
    at += split.count;
  }
  return { images, labels, count: total, imageShape: [CIFAR_SIDE, CIFAR_SIDE, CIFAR_CHANNELS] };
}
