/**
 * Pre-processing of an uploaded picture for Fashion-MNIST: to grey, light-on-dark like the dataset
 * (photos of products usually sit on a light background, so those are inverted), the background
 * level removed, trimmed to the product, its longest edge scaled to 28 pixels and the result centred
 * in the 28×28 frame, as Zalando's conversion did.
 */
import { FRAME, type Prepared, inkBounds, rasterProblem } from './mnistStyle';
import { resampleBox } from './resampleBox';

/** Luminance (Rec. 601) of RGBA bytes, in [0, 1]; transparent pixels count as white paper. */
export function greyFromRgba(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const grey = new Float32Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    const alpha = (rgba[4 * i + 3] ?? 255) / 255;
    const lum = (0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]) / 255;
    grey[i] = lum * alpha + (1 - alpha);
  }
  return grey;
}

/** Mean of the outermost rows and columns: the picture's background level. */
function borderMean(grey: Float32Array, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let x = 0; x < width; x++) {
    sum += grey[x] + grey[(height - 1) * width + x];
    count += 2;
  }
  for (let y = 1; y < height - 1; y++) {
    sum += grey[y * width] + grey[y * width + width - 1];
    count += 2;
  }
  return count > 0 ? sum / count : 0;
}

/**
 * Turns an uploaded picture (RGBA bytes, `width` × `height`) into a 28×28 Fashion-MNIST-style
 * image. Never throws: a mis-sized buffer or a picture without a visible object gives zeros and a
 * `problem`.
 */
export function fashionStyle(rgba: ArrayLike<number>, width: number, height: number): Prepared {
  const blank = new Float32Array(FRAME * FRAME);
  const sizeProblem = rasterProblem({ length: rgba.length / 4 }, width, height);
  if (sizeProblem) return { pixels: blank, problem: `${sizeProblem} (RGBA: four bytes per pixel)` };
  const grey = greyFromRgba(rgba, width, height);
  const background = borderMean(grey, width, height);
  const invert = background > 0.5;
  const base = invert ? 1 - background : background;
  const span = Math.max(1 - base, 1e-6);
  const object = grey.map((v) => Math.min(Math.max(((invert ? 1 - v : v) - base) / span, 0), 1));
  const image = { data: object, width, height };
  const bounds = inkBounds(image, 0.1);
  if (!bounds) return { pixels: blank, problem: 'No object stands out from the background: choose a picture of one product on a plain background.' };
  const [x0, y0, x1, y1] = bounds;
  const scale = FRAME / Math.max(x1 - x0, y1 - y0);
  const placement = {
    scale,
    offsetX: FRAME / 2 - ((x0 + x1) / 2) * scale,
    offsetY: FRAME / 2 - ((y0 + y1) / 2) * scale,
  };
  return { pixels: resampleBox(image, FRAME, FRAME, placement), problem: null };
}
