/**
 * The colour scale of activations and weights: zero is black, positive values brighten towards white
 * (so a relu feature map reads like the white-on-black digits it came from), negative values brighten
 * towards blue, so a sign is never told by shade alone. Canvas drawing only; no DOM beyond a canvas.
 */

/** Largest absolute value among `count` values read at `offset + k·stride`; 0 for none. */
export function maxAbs(values: ArrayLike<number>, offset = 0, stride = 1, count = Math.floor((values.length - offset) / stride)): number {
  let max = 0;
  for (let k = 0; k < count; k++) {
    const v = Math.abs(values[offset + k * stride]);
    if (v > max && Number.isFinite(v)) max = v;
  }
  return max;
}

/** RGB of value `v` on a scale where ±`scale` is full brightness. */
export function signedRgb(v: number, scale: number): [number, number, number] {
  const t = scale > 0 && Number.isFinite(v) ? Math.max(-1, Math.min(1, v / scale)) : 0;
  if (t >= 0) {
    const g = Math.round(t * 255);
    return [g, g, g];
  }
  const a = -t;
  return [Math.round(a * 70), Math.round(a * 150), Math.round(a * 255)];
}

/**
 * Draws one channel of a channels-last array into `image` (width·height pixels): value of pixel i is
 * `values[offset + i·stride]`, coloured with ±`scale`. With `first` and `pixels`, it fills only
 * pixels [first, first + pixels) of a taller image (one band of a strip that holds every channel).
 */
export function paintChannel(
  image: ImageData,
  values: ArrayLike<number>,
  offset: number,
  stride: number,
  scale: number,
  first = 0,
  pixels = image.width * image.height - first,
): void {
  const data = image.data;
  const inv = scale > 0 ? 1 / scale : 0;
  for (let i = 0; i < pixels; i++) {
    let t = values[offset + i * stride] * inv;
    if (!(t === t)) t = 0; // NaN → black
    const o = 4 * (first + i);
    if (t >= 0) {
      const g = t >= 1 ? 255 : (t * 255) | 0;
      data[o] = g;
      data[o + 1] = g;
      data[o + 2] = g;
    } else {
      const a = t <= -1 ? 1 : -t;
      data[o] = (a * 70) | 0;
      data[o + 1] = (a * 150) | 0;
      data[o + 2] = (a * 255) | 0;
    }
    data[o + 3] = 255;
  }
}

/** A canvas of `width` × `height` pixels and its 2-D context, its ImageData kept for redraws. */
export class ChannelCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D | null;
  private readonly image: ImageData | null;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.context = this.canvas.getContext('2d');
    this.image = this.context ? this.context.createImageData(width, height) : null;
  }

  /** Paints one channel (see {@link paintChannel}). */
  paint(values: ArrayLike<number>, offset: number, stride: number, scale: number): void {
    if (!this.context || !this.image) return;
    paintChannel(this.image, values, offset, stride, scale);
    this.context.putImageData(this.image, 0, 0);
  }
}
