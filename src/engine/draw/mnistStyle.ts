/**
 * Pre-processing of a drawn digit the way MNIST's digits were made: the ink's bounding box is
 * scaled (aspect ratio kept) to fit a 20×20 box, anti-aliased, and placed in the 28×28 frame so
 * that the centre of mass of the ink sits at the frame's centre. A network trained on MNIST then
 * sees a drawing as it saw its training digits, whatever size and place the user drew it at.
 */
import { type GreyImage, resampleBox } from './resampleBox';

/** The frame and the box MNIST digits were normalised into. */
export const FRAME = 28;
export const DIGIT_BOX = 20;
/** Ink below this (of 1) is treated as background when finding the bounding box. */
export const INK_THRESHOLD = 0.05;
/**
 * Where MNIST put the centre of mass: on pixel (14, 14), whose centre is at 14.5 in the continuous
 * coordinates used here (pixel x covers [x, x + 1)). Measured on the test set: the mean is 14.5.
 */
export const MASS_CENTRE = FRAME / 2 + 0.5;

export interface Prepared {
  /** FRAME × FRAME values in [0, 1], white ink on black, row-major; zeros when there is a problem. */
  pixels: Float32Array;
  /** Why nothing could be prepared (an empty pad, a mis-sized raster); null when all went well. */
  problem: string | null;
}

/** The ink's bounding box [x0, y0, x1, y1) (exclusive ends), or null when there is no ink. */
export function inkBounds(image: GreyImage, threshold = INK_THRESHOLD): [number, number, number, number] | null {
  let x0 = image.width;
  let y0 = image.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 + 1, y1 + 1];
}

/** Centre of mass (pixel centres at +0.5), or null for an image without ink. */
export function centreOfMass(image: GreyImage): [number, number] | null {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x];
      total += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return total > 0 ? [sx / total, sy / total] : null;
}

/** Checks that a raster is what it says it is; returns the problem in words, or null. */
export function rasterProblem(raster: ArrayLike<number>, width: number, height: number): string | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    return `The drawing's size ${width}×${height} is not a positive whole number of pixels.`;
  }
  if (raster.length !== width * height) {
    return `The drawing holds ${raster.length} values but ${width}×${height} needs ${width * height}: pass one ink value per pixel.`;
  }
  return null;
}

/**
 * Turns a drawn raster (ink in [0, 1], white-on-black, `width` × `height`, e.g. a 280×280 pad)
 * into a 28×28 MNIST-style image: fitted into a 20×20 box, aspect ratio kept, centred by centre
 * of mass. Never throws; an empty or mis-sized raster gives zeros and a `problem`.
 */
export function mnistStyle(raster: ArrayLike<number>, width: number, height: number): Prepared {
  const blank = new Float32Array(FRAME * FRAME);
  const problem = rasterProblem(raster, width, height);
  if (problem) return { pixels: blank, problem };
  const data = Float32Array.from(raster, (v) => (Number.isFinite(v) ? Math.min(Math.max(v, 0), 1) : 0));
  const image: GreyImage = { data, width, height };
  const bounds = inkBounds(image);
  const centre = centreOfMass(image);
  if (!bounds || !centre) return { pixels: blank, problem: 'The pad is empty: draw a digit.' };
  const [x0, y0, x1, y1] = bounds;
  const scale = DIGIT_BOX / Math.max(x1 - x0, y1 - y0);
  // Area averaging moves the centre of mass with the mapping, so aiming it at the centre is exact.
  const placement = { scale, offsetX: MASS_CENTRE - centre[0] * scale, offsetY: MASS_CENTRE - centre[1] * scale };
  const pixels = resampleBox(image, FRAME, FRAME, placement);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(pixels[i], 1);
  return { pixels, problem: null };
}
