/**
 * Turning a picture into one image of a custom dataset, as pure maths: what kind of file it is and how
 * big (read from its first bytes, before any decoder is asked to allocate 20,000 × 20,000 pixels), the
 * centre square to crop, and the reduction of RGBA pixels to 28×28 grey or 32×32 colour by area
 * averaging (every target pixel is the mean of the source square it covers, so thin strokes survive).
 */
import { resampleBox } from '../draw/resampleBox';
import type { ImageShape } from './customDataset';

/** Larger pictures are refused before decoding: 8,000 × 8,000 RGBA is already 256 MB. */
export const MAX_SIDE = 8000;
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export type Sniffed = { ok: true; kind: ImageKind; width?: number; height?: number } | { ok: false; problem: string };

const ACCEPTED = 'Use a PNG, JPEG, GIF, WebP or BMP picture.';

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function jpegSize(bytes: Uint8Array, view: DataView): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    // Start-of-frame markers (baseline, progressive, …) carry the size; C4, C8 and CC do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

/**
 * What the first bytes of a file say it is. `bytes` may be only the file's beginning (64 KB is plenty:
 * every format here states its size near the start, JPEG after its metadata segments).
 */
export function sniffImage(bytes: Uint8Array, fileSize = bytes.length): Sniffed {
  if (fileSize === 0) return { ok: false, problem: `is empty (0 bytes). ${ACCEPTED}` };
  if (fileSize > MAX_FILE_BYTES) return { ok: false, problem: `is ${(fileSize / 1024 / 1024).toFixed(0)} MB; the most this page reads is ${MAX_FILE_BYTES / 1024 / 1024} MB. Shrink it first.` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart();
  if (/^<(\?xml[^>]*>\s*(<!--[\s\S]*?-->\s*)*)?(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head) || (head.startsWith('<') && /<svg[\s>]/i.test(head))) {
    return { ok: false, problem: `is an SVG drawing: its pixels depend on the size it is drawn at. Save it as a PNG first, then add that.` };
  }
  let result: Sniffed | null = null;
  if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') {
    result = { ok: true, kind: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  } else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    result = { ok: true, kind: 'jpeg', ...(jpegSize(bytes, view) ?? {}) };
  } else if (bytes.length >= 10 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) {
    result = { ok: true, kind: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  } else if (bytes.length >= 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    const chunk = ascii(bytes, 12, 4);
    if (chunk === 'VP8X') result = { ok: true, kind: 'webp', width: 1 + (view.getUint32(24, true) & 0xffffff), height: 1 + (view.getUint32(27, true) & 0xffffff) };
    else if (chunk === 'VP8L') {
      const bits = view.getUint32(21, true);
      result = { ok: true, kind: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    } else if (chunk === 'VP8 ') result = { ok: true, kind: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    else result = { ok: true, kind: 'webp' };
  } else if (bytes.length >= 26 && ascii(bytes, 0, 2) === 'BM') {
    result = { ok: true, kind: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  if (!result) return { ok: false, problem: `is not a picture this page can read (its first bytes are not those of any image format). ${ACCEPTED}` };
  if (result.ok && result.width !== undefined && result.height !== undefined) {
    const { width, height } = result;
    if (width === 0 || height === 0) return { ok: false, problem: `says it is ${width}×${height} pixels: the file is damaged.` };
    if (width > MAX_SIDE || height > MAX_SIDE) {
      return {
        ok: false,
        problem: `is ${width.toLocaleString('en-US')}×${height.toLocaleString('en-US')} pixels; the most this page decodes is ${MAX_SIDE.toLocaleString('en-US')} on a side. Shrink it first.`,
      };
    }
  }
  return result;
}

/** The largest centred square of a width × height picture: [x, y, side]. */
export function centreSquare(width: number, height: number): [number, number, number] {
  const side = Math.min(width, height);
  return [Math.floor((width - side) / 2), Math.floor((height - side) / 2), side];
}

/**
 * The size to decode a picture at before reducing it (decoding a 4,000-pixel photo at full size only to
 * average it down to 28 pixels wastes memory): the whole picture scaled so that its short side is at
 * most `maxShort`, never enlarged.
 */
export function decodeSize(width: number, height: number, maxShort = 256): { width: number; height: number } {
  const scale = Math.min(1, maxShort / Math.min(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The centre square of an RGBA picture reduced to `shape` (grey: the Rec. 601 luma of each pixel;
 * colour: the three channels, interleaved). Transparent pixels count as black, as on the datasets'
 * black backgrounds. Returns bytes 0..255, height × width × channels.
 */
export function reduceRgba(rgba: ArrayLike<number>, width: number, height: number, shape: ImageShape): Uint8Array {
  if (rgba.length !== width * height * 4) throw new Error(`${rgba.length} RGBA bytes for a ${width}×${height} picture`);
  const [x0, y0, side] = centreSquare(width, height);
  const planes: Float32Array[] = shape.channels === 1 ? [new Float32Array(width * height)] : [0, 1, 2].map(() => new Float32Array(width * height));
  for (let i = 0; i < width * height; i++) {
    const alpha = rgba[i * 4 + 3] / 255;
    const r = rgba[i * 4] * alpha;
    const g = rgba[i * 4 + 1] * alpha;
    const b = rgba[i * 4 + 2] * alpha;
    if (shape.channels === 1) planes[0][i] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      planes[0][i] = r;
      planes[1][i] = g;
      planes[2][i] = b;
    }
  }
  const scale = shape.width / side;
  const placement = { scale, offsetX: -x0 * scale, offsetY: -y0 * (shape.height / side) };
  // resampleBox takes one scale for both axes; the crop is square and so are both target shapes.
  const reduced = planes.map((data) => resampleBox({ data, width, height }, shape.width, shape.height, placement));
  const out = new Uint8Array(shape.width * shape.height * shape.channels);
  for (let p = 0; p < shape.width * shape.height; p++) {
    for (let c = 0; c < shape.channels; c++) out[p * shape.channels + c] = Math.max(0, Math.min(255, Math.round(reduced[c][p])));
  }
  return out;
}

/** A 0..1 grey raster (the drawing pad's) as one image of `shape`: white ink on black. */
export function reduceGrey(raster: ArrayLike<number>, width: number, height: number, shape: ImageShape): Uint8Array {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = Math.round(Math.max(0, Math.min(1, raster[i])) * 255);
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return reduceRgba(rgba, width, height, shape);
}
