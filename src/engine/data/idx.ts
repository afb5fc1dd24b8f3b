/**
 * Parser for the IDX format of MNIST and Fashion-MNIST (big-endian header, then raw bytes).
 * Every malformed input becomes an IdxError naming the file and the problem; nothing is returned
 * partially.
 */
export const IMAGES_MAGIC = 2051; // 0x00000803: unsigned bytes, 3 dimensions
export const LABELS_MAGIC = 2049; // 0x00000801: unsigned bytes, 1 dimension

export class IdxError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'IdxError';
  }
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major, 0 = background. */
  pixels: Uint8Array;
}

function header(file: string, raw: Uint8Array, expectedMagic: number, headerBytes: number): DataView {
  if (raw.length < headerBytes) {
    throw new IdxError(file, `only ${raw.length} bytes: too short for an IDX header (${headerBytes} bytes)`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) {
    const kind = expectedMagic === IMAGES_MAGIC ? 'an images' : 'a labels';
    throw new IdxError(file, `magic number ${magic} is not ${expectedMagic}: this is not ${kind} IDX file`);
  }
  return view;
}

/** Parses a decompressed IDX images file (magic 2051). */
export function parseImages(file: string, raw: Uint8Array): IdxImages {
  const view = header(file, raw, IMAGES_MAGIC, 16);
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows !== 28 || cols !== 28) throw new IdxError(file, `images are ${rows}×${cols}; the playground needs 28×28`);
  const expected = 16 + count * rows * cols;
  if (raw.length < expected) {
    throw new IdxError(file, `truncated: ${raw.length} bytes, but ${count} images need ${expected}`);
  }
  if (raw.length > expected) throw new IdxError(file, `${raw.length - expected} unexpected bytes after the last image`);
  return { count, rows, cols, pixels: raw.subarray(16, expected) };
}

/** Parses a decompressed IDX labels file (magic 2049); every label must be below `numClasses`. */
export function parseLabels(file: string, raw: Uint8Array, numClasses: number): Uint8Array {
  const view = header(file, raw, LABELS_MAGIC, 8);
  const count = view.getUint32(4);
  const expected = 8 + count;
  if (raw.length < expected) throw new IdxError(file, `truncated: ${raw.length} bytes, but ${count} labels need ${expected}`);
  if (raw.length > expected) throw new IdxError(file, `${raw.length - expected} unexpected bytes after the last label`);
  const labels = raw.subarray(8, expected);
  const bad = labels.findIndex((label) => label >= numClasses);
  if (bad >= 0) throw new IdxError(file, `label ${labels[bad]} of item ${bad} is not a class 0–${numClasses - 1}`);
  return labels;
}
