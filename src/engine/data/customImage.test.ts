import { deflateSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FORMATS } from './customDataset';
import { centreSquare, decodeSize, reduceGrey, reduceRgba, sniffImage } from './customImage';

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** The start of a PNG: signature and IHDR claiming width × height. */
function pngHeader(width: number, height: number): Uint8Array {
  const out = new Uint8Array(33);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  out.set([8, 6, 0, 0, 0], 24);
  view.setUint32(29, crc32(out.subarray(12, 29)));
  return out;
}

describe('sniffImage', () => {
  it('reads the size of a PNG from its header', () => {
    expect(sniffImage(pngHeader(640, 480))).toEqual({ ok: true, kind: 'png', width: 640, height: 480 });
  });

  it('refuses a 20,000×20,000 picture before decoding it, naming its size', () => {
    const result = sniffImage(pngHeader(20000, 20000));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toBe('is 20,000×20,000 pixels; the most this page decodes is 8,000 on a side. Shrink it first.');
  });

  it('names an SVG, an empty file and a file that is no picture', () => {
    const svg = new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>');
    const text = new TextEncoder().encode('hello, this is a text file');
    const results = [svg, new Uint8Array(0), text].map((b) => sniffImage(b));
    expect(results.map((r) => (r.ok ? 'ok' : r.problem.split(/[:.(]/)[0]))).toEqual(['is an SVG drawing', 'is empty ', 'is not a picture this page can read ']);
  });

  it('reads JPEG and GIF sizes', () => {
    // SOI, an APP0 segment of 16 bytes, then SOF0 with height 300 and width 200.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...new Array(14).fill(0), 0xff, 0xc0, 0, 17, 8, 1, 44, 0, 200, 3, 0, 0, 0]);
    expect(sniffImage(jpeg)).toEqual({ ok: true, kind: 'jpeg', width: 200, height: 300 });
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 10, 0, 20, 0, 0, 0]);
    expect(sniffImage(gif)).toEqual({ ok: true, kind: 'gif', width: 10, height: 20 });
  });

  it('is not fooled by compressed noise', () => {
    expect(sniffImage(deflateSync(new Uint8Array(100))).ok).toBe(false);
    expect(sniffImage(zlibSync(new Uint8Array(100))).ok).toBe(false);
  });
});

describe('crop and resize', () => {
  it('takes the centred square', () => {
    expect(centreSquare(640, 480)).toEqual([80, 0, 480]);
    expect(centreSquare(300, 301)).toEqual([0, 0, 300]);
    expect(decodeSize(4000, 3000)).toEqual({ width: 341, height: 256 });
    expect(decodeSize(100, 50)).toEqual({ width: 100, height: 50 });
  });

  it('keeps only the centre square: the side bands of a wide picture do not show', () => {
    // 84 × 56: red left band (14 px), white centre 56 × 56, blue right band.
    const width = 84;
    const height = 56;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const colour = x < 14 ? [255, 0, 0] : x >= 70 ? [0, 0, 255] : [255, 255, 255];
        rgba.set([...colour, 255], i);
      }
    }
    const grey = reduceRgba(rgba, width, height, FORMATS.grey28);
    expect(grey.length).toBe(784);
    expect(new Set(grey)).toEqual(new Set([255]));
    const colour = reduceRgba(rgba, width, height, FORMATS.colour32);
    expect(colour.length).toBe(32 * 32 * 3);
    expect(new Set(colour)).toEqual(new Set([255]));
  });

  it('averages areas: a 56-pixel checkerboard of 2-pixel squares becomes mid grey', () => {
    const raster = new Float32Array(56 * 56).map((_, i) => ((Math.floor((i % 56) / 2) + Math.floor(Math.floor(i / 56) / 2)) % 2 ? 1 : 0));
    const grey = reduceGrey(raster, 56, 56, FORMATS.grey28);
    // Each 28×28 pixel covers a 2×2 square: one whole check, all 0 or all 1.
    expect(new Set(grey)).toEqual(new Set([0, 255]));
    const half = reduceGrey(raster, 56, 56, { height: 14, width: 14, channels: 1 });
    expect(new Set(half)).toEqual(new Set([128]));
  });

  it('keeps colour channels apart and counts transparency as black', () => {
    const rgba = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([200, 100, 50, i < 8 ? 255 : 0], i * 4);
    const out = reduceRgba(rgba, 4, 4, { height: 2, width: 2, channels: 3 });
    expect([...out]).toEqual([200, 100, 50, 200, 100, 50, 0, 0, 0, 0, 0, 0]);
  });
});
