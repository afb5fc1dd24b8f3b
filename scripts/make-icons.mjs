#!/usr/bin/env node
// Draws the app's icons (public/icons/*.png: the web-app manifest's 192 and 512 px, iOS's 180 px
// apple-touch-icon) from the same design as public/favicon.svg: a blue tile with a 3 × 3 grid of
// white squares of three strengths, like a feature map. No image library: the pixels are computed
// here and written as an RGBA PNG with node:zlib. Run once after changing the design; the PNGs are
// committed.
//
//   node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BLUE = [0x0b, 0x63, 0xc5];
// favicon.svg's opacities of the nine squares, row by row.
const OPACITY = [1, 0.6, 0.3, 0.6, 1, 0.6, 0.3, 0.6, 1];

/** RGBA pixels of the icon at `size` px; full-bleed (the platform rounds the corners). */
function draw(size) {
  const pixels = new Uint8Array(size * size * 4);
  const unit = size / 32; // favicon.svg's view box is 32 × 32
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / unit;
      const v = (y + 0.5) / unit;
      let alpha = 0;
      for (let row = 0; row < 3; row++) {
        for (let col = 0; col < 3; col++) {
          const left = 5 + 8 * col;
          const top = 5 + 8 * row;
          if (u >= left && u < left + 6 && v >= top && v < top + 6) alpha = OPACITY[row * 3 + col];
        }
      }
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(BLUE[c] + (255 - BLUE[c]) * alpha);
      pixels[i + 3] = 255;
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, size] of [['icon-192.png', 192], ['icon-512.png', 512], ['apple-touch-icon.png', 180]]) {
  writeFileSync(resolve(root, 'public/icons', name), png(size, draw(size)));
  console.log(`public/icons/${name} (${size} × ${size})`);
}
