/**
 * Pre-processing of an uploaded picture for a colour dataset such as CIFAR-10 (32×32 photos with
 * the object roughly filling the frame): the largest centred square is cut out and shrunk to
 * `side` × `side` by area averaging, channel by channel. Transparent pixels count as white.
 */
import type { Prepared } from './mnistStyle';
import { rasterProblem } from './mnistStyle';
import { resampleBox } from './resampleBox';

/**
 * Turns an uploaded picture (RGBA bytes, `width` × `height`) into `side` × `side` × 3 values in
 * [0, 1], RGB interleaved per pixel (the app's image layout). Never throws: a mis-sized buffer
 * gives zeros and a `problem`.
 */
export function colourStyle(rgba: ArrayLike<number>, width: number, height: number, side = 32): Prepared {
  const pixels = new Float32Array(side * side * 3);
  const sizeProblem = rasterProblem({ length: rgba.length / 4 }, width, height);
  if (sizeProblem) return { pixels, problem: `${sizeProblem} (RGBA: four bytes per pixel)` };
  const crop = Math.min(width, height);
  const scale = side / crop;
  // Target = (source − crop origin) · scale: the centred square fills the frame.
  const placement = { scale, offsetX: -((width - crop) / 2) * scale, offsetY: -((height - crop) / 2) * scale };
  for (let c = 0; c < 3; c++) {
    const data = new Float32Array(width * height);
    for (let i = 0; i < data.length; i++) {
      const alpha = (rgba[4 * i + 3] ?? 255) / 255;
      data[i] = (rgba[4 * i + c] / 255) * alpha + (1 - alpha);
    }
    const channel = resampleBox({ data, width, height }, side, side, placement);
    for (let p = 0; p < side * side; p++) pixels[3 * p + c] = Math.min(1, Math.max(0, channel[p]));
  }
  return { pixels, problem: null };
}
