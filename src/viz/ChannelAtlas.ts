/**
 * One layer's channel images drawn on a single canvas behind a grid of cells. The cells are what
 * people use (they are buttons: pointer, keyboard, touch, focus and selection outlines); the pictures
 * all live on one canvas laid under them.
 *
 * Why not one canvas per channel, as before: the browser makes every canvas a composited layer of its
 * own, and the Fashion CNN's Inside view had 305 of them. Each live update (a few a second while the
 * worker trains) sent all of them through layer assignment and commit again: ≈ 30–50 ms of the main
 * and compositor threads per frame on a 2-core machine, time the training threads lost. With one
 * canvas per layer the view has a handful.
 *
 * Drawing: every channel is coloured into one off-screen strip (width × height·depth pixels, one
 * putImageData), then copied, enlarged without smoothing, to its cell's place on the visible canvas,
 * whose size is the grid's in device pixels. Cell places are read when the grid changes size.
 */
import { paintChannel } from './signedColour';

export interface ChannelAtlasOptions {
  /** Channel image size in pixels, and number of channels. */
  width: number;
  height: number;
  depth: number;
  /** Makes the (empty) cell element of channel c; the atlas appends it to the grid. */
  cell: (channel: number) => HTMLElement;
}

interface Place {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class ChannelAtlas {
  readonly cells: HTMLElement[] = [];
  /** The visible canvas (one per layer), under the cells. */
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D | null;
  private readonly strip: HTMLCanvasElement;
  private readonly stripContext: CanvasRenderingContext2D | null;
  private readonly image: ImageData | null;
  private places: Place[] = [];
  private readonly resize: ResizeObserver | null;
  private hasPicture = false;

  constructor(
    readonly grid: HTMLElement,
    private readonly options: ChannelAtlasOptions,
  ) {
    const { width, height, depth } = options;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'fmaps__atlas';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.context = this.canvas.getContext('2d');
    this.strip = document.createElement('canvas');
    this.strip.width = width;
    this.strip.height = height * depth;
    this.stripContext = this.strip.getContext('2d');
    this.image = this.stripContext ? this.stripContext.createImageData(width, height * depth) : null;
    for (let c = 0; c < depth; c++) {
      const cell = options.cell(c);
      this.cells.push(cell);
      grid.appendChild(cell);
    }
    grid.appendChild(this.canvas);
    this.resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.layout());
    this.resize?.observe(grid);
  }

  /** Colours every channel c of a channels-last array with ±scales[c], and shows them. */
  paint(values: ArrayLike<number>, scales: readonly number[]): void {
    if (!this.image || !this.stripContext) return;
    const { width, height, depth } = this.options;
    const pixels = width * height;
    for (let c = 0; c < depth; c++) paintChannel(this.image, values, c, depth, scales[c] ?? 0, c * pixels, pixels);
    this.stripContext.putImageData(this.image, 0, 0);
    this.hasPicture = true;
    this.draw();
  }

  destroy(): void {
    this.resize?.disconnect();
  }

  /** Reads where each cell sits in the grid and sizes the canvas to the grid in device pixels. */
  private layout(): void {
    const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
    const width = Math.round(this.grid.clientWidth * ratio);
    const height = Math.round(this.grid.clientHeight * ratio);
    if (width === 0 || height === 0) return; // hidden: laid out again when shown
    this.places = this.cells.map((cell) => ({
      x: Math.round(cell.offsetLeft * ratio),
      y: Math.round(cell.offsetTop * ratio),
      width: Math.round(cell.offsetWidth * ratio),
      height: Math.round(cell.offsetHeight * ratio),
    }));
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    this.draw();
  }

  private draw(): void {
    const context = this.context;
    if (!context || !this.hasPicture || this.places.length === 0) return;
    const { width, height } = this.options;
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.places.forEach((place, c) => context.drawImage(this.strip, 0, c * height, width, height, place.x, place.y, place.width, place.height));
  }
}
