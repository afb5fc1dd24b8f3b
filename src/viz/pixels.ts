/**
 * Drawing 28×28 grey images (and any single-channel grid) onto a canvas, pixel-exact, scaled up
 * with nearest-neighbour so that a projector shows crisp pixels.
 */

/** Writes one grey image (0..255 bytes, or 0..1 floats) into a canvas of its own size. */
export function drawGrey(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, width: number, height: number, invert = false): void {
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  const scale = pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray ? 1 : 255;
  for (let i = 0; i < width * height; i++) {
    let v = Math.max(0, Math.min(255, Math.round(pixels[i] * scale)));
    if (invert) v = 255 - v;
    image.data[4 * i] = v;
    image.data[4 * i + 1] = v;
    image.data[4 * i + 2] = v;
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/**
 * Writes one image of 1 (grey) or 3 (RGB, interleaved per pixel) channels into a canvas of its own
 * size; bytes 0..255 or floats 0..1, as `drawGrey` takes them.
 */
export function drawImage(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, width: number, height: number, channels = 1): void {
  if (channels !== 3) {
    drawGrey(canvas, pixels, width, height);
    return;
  }
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  const scale = pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray ? 1 : 255;
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) image.data[4 * i + c] = Math.max(0, Math.min(255, Math.round(pixels[3 * i + c] * scale)));
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

let scratch: HTMLCanvasElement | null = null;

/**
 * The image as a PNG data URL, for an <img>: lossless, so its pixels are the bytes given. A page of
 * still pictures shows them as images rather than canvases because the browser composites every
 * canvas as a layer of its own, and the layers are gone through again at each frame (the Build view's
 * 24 samples were 24 of its 29 layers while the charts updated four times a second).
 */
export function imageUrl(pixels: ArrayLike<number>, width: number, height: number, channels = 1): string {
  scratch ??= document.createElement('canvas');
  drawImage(scratch, pixels, width, height, channels);
  return scratch.toDataURL('image/png');
}
