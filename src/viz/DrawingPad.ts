/**
 * A square pad to draw a digit on with mouse, touch or pen (Pointer Events, so all three work the
 * same way; a pen's pressure thickens the stroke). White ink on black like the datasets. While a
 * stroke is drawn the raster is reported at most once per animation frame, and once more when the
 * stroke ends, as ink values in [0, 1] of the pad's own resolution (pre-processing is the caller's).
 */

export interface DrawingPadOptions {
  /** Raster side in pixels (default 280, ten times MNIST's 28). */
  size?: number;
  /** Called with the raster while drawing (`final` false) and when a stroke ends (`final` true). */
  onChange: (raster: Float32Array, width: number, height: number, final: boolean) => void;
  ariaLabel?: string;
}

export interface DrawingPadState {
  /** Brush diameter in raster pixels. */
  brush: number;
}

export class DrawingPad {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D | null;
  private readonly size: number;
  private brush = 22;
  private last: { x: number; y: number } | null = null;
  private activePointer: number | null = null;
  private frame = 0;
  private inked = false;

  constructor(
    container: HTMLElement,
    private readonly options: DrawingPadOptions,
  ) {
    this.size = options.size ?? 280;
    this.canvas = document.createElement('canvas');
    this.canvas.width = this.size;
    this.canvas.height = this.size;
    this.canvas.className = 'drawing-pad';
    this.canvas.dataset.testid = 'drawing-pad';
    this.canvas.setAttribute('role', 'img');
    // A finger on the pad draws instead of scrolling or zooming the page (set here as well as in the
    // stylesheet, so that the pad works wherever it is mounted).
    this.canvas.style.touchAction = 'none';
    this.canvas.setAttribute('aria-label', options.ariaLabel ?? 'Drawing pad: draw a digit with the mouse, a finger or a pen');
    this.context = this.canvas.getContext('2d', { willReadFrequently: true });
    this.canvas.addEventListener('pointerdown', this.onDown);
    this.canvas.addEventListener('pointermove', this.onMove);
    this.canvas.addEventListener('pointerup', this.onUp);
    this.canvas.addEventListener('pointercancel', this.onUp);
    container.appendChild(this.canvas);
    this.clear(false);
  }

  update(state: DrawingPadState): void {
    this.brush = Math.max(2, Math.min(80, state.brush));
  }

  /** Wipes the pad; reports the empty raster unless `notify` is false. */
  clear(notify = true): void {
    if (!this.context) return;
    this.context.fillStyle = '#000';
    this.context.fillRect(0, 0, this.size, this.size);
    this.inked = false;
    if (notify) this.report(true);
  }

  /** True once something was drawn since the last clear. */
  get hasInk(): boolean {
    return this.inked;
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.canvas.removeEventListener('pointerdown', this.onDown);
    this.canvas.removeEventListener('pointermove', this.onMove);
    this.canvas.removeEventListener('pointerup', this.onUp);
    this.canvas.removeEventListener('pointercancel', this.onUp);
    this.canvas.remove();
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / Math.max(rect.width, 1)) * this.size,
      y: ((event.clientY - rect.top) / Math.max(rect.height, 1)) * this.size,
    };
  }

  private readonly onDown = (event: PointerEvent): void => {
    if (this.activePointer !== null) return;
    event.preventDefault();
    this.activePointer = event.pointerId;
    this.canvas.setPointerCapture?.(event.pointerId);
    const p = this.point(event);
    this.last = p;
    this.stroke(p, p, event);
  };

  private readonly onMove = (event: PointerEvent): void => {
    if (event.pointerId !== this.activePointer || !this.last) return;
    event.preventDefault();
    // Coalesced events keep a fast pen stroke smooth instead of a dotted line.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    for (const e of events.length > 0 ? events : [event]) {
      const p = this.point(e);
      this.stroke(this.last, p, e);
      this.last = p;
    }
  };

  private readonly onUp = (event: PointerEvent): void => {
    if (event.pointerId !== this.activePointer) return;
    this.activePointer = null;
    this.last = null;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.report(true);
  };

  private stroke(from: { x: number; y: number }, to: { x: number; y: number }, event: PointerEvent): void {
    if (!this.context) return;
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? 0.6 + event.pressure * 0.8 : 1;
    this.context.strokeStyle = '#fff';
    this.context.lineCap = 'round';
    this.context.lineJoin = 'round';
    this.context.lineWidth = this.brush * pressure;
    this.context.beginPath();
    this.context.moveTo(from.x, from.y);
    this.context.lineTo(to.x + 0.01, to.y);
    this.context.stroke();
    this.inked = true;
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.report(false);
      });
    }
  }

  private report(final: boolean): void {
    if (!this.context) return;
    const rgba = this.context.getImageData(0, 0, this.size, this.size).data;
    const raster = new Float32Array(this.size * this.size);
    for (let i = 0; i < raster.length; i++) raster[i] = rgba[4 * i] / 255;
    this.options.onChange(raster, this.size, this.size, final);
  }
}
