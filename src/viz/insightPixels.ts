/**
 * Pixels for the insight pictures: images of any channel count (grey or colour) from values in
 * [0, 1], and a heat colour scale for maps in [0, 1] (dark red → orange → pale yellow, so brighter
 * always means more: readable on a projector and by anyone who cannot tell red from green).
 */

/** Writes an h×w image of `channels` channels (row-major, channels last, values in [0, 1]) into `canvas`. */
export function drawImage(canvas: HTMLCanvasElement, values: ArrayLike<number>, height: number, width: number, channels: number, offset = 0): void {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) {
      const v = values[offset + i * channels + (channels >= 3 ? k : 0)];
      image.data[4 * i + k] = Math.max(0, Math.min(255, Math.round((Number.isFinite(v) ? v : 0) * 255)));
    }
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** The heat colour of t in [0, 1]. */
export function heatRgb(t: number): [number, number, number] {
  const v = Number.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
  // Three linear pieces: black → dark red → orange → pale yellow.
  const r = Math.min(1, v * 2.2);
  const g = Math.max(0, Math.min(1, (v - 0.35) * 1.6));
  const b = Math.max(0, (v - 0.8) * 3.5);
  return [Math.round(r * 255), Math.round(g * 255), Math.round(Math.min(1, b) * 255)];
}

/** Writes a map in [0, 1] (h×w) into `canvas` in heat colours; alpha follows the value when `fade`. */
export function drawHeat(canvas: HTMLCanvasElement, map: ArrayLike<number>, height: number, width: number, fade = false): void {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = heatRgb(map[i]);
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = fade ? Math.round(Math.max(0, Math.min(1, map[i])) * 230) : 255;
  }
  context.putImageData(image, 0, 0);
}
