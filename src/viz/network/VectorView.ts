/**
 * A vector-shaped layer of the network picture: a flatten as the long strip of values it makes (one
 * row of pixels per value, squeezed to the column's height), a dense layer as one bar per unit
 * (as many as fit; the rest are counted). Signed values use the maps' colour scale: white for
 * positive, blue for negative. It owns a canvas sized to its element.
 */
import { maxAbs, signedRgb } from '../signedColour';
import { LAYOUT_EVENT } from './MapTiles';

export interface VectorViewData {
  values: Float32Array;
  mode: 'strip' | 'bars';
  label: string;
}

/** Height of one unit's bar plus its gap, in CSS pixels. */
const BAR_PITCH = 5;

export class VectorView {
  private readonly root: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly note: HTMLParagraphElement;
  private readonly resize: ResizeObserver;
  private data: VectorViewData | null = null;
  private size = { width: 0, height: 0 };
  /** Pixels kept free below the canvas for the note: its measured height, which wraps to two lines in
   * the narrow strip column (and is larger in projector mode), so a fixed 24 px let the strip run
   * 7–19 px into it. */
  private reserved = 24;

  constructor(container: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'vector-view';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'vector-view__canvas';
    this.canvas.dataset.anchor = 'vector';
    this.canvas.dataset.testid = 'pg-vector';
    this.canvas.setAttribute('role', 'img');
    this.note = document.createElement('p');
    this.note.className = 'vector-view__note';
    this.root.append(this.canvas, this.note);
    container.appendChild(this.root);
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(this.root);
  }

  update(data: VectorViewData): void {
    this.data = data;
    this.measure();
    this.paint();
  }

  destroy(): void {
    this.resize.disconnect();
    this.root.remove();
  }

  private measure(): void {
    const box = this.root.getBoundingClientRect();
    this.reserved = Math.max(24, Math.ceil(this.note.getBoundingClientRect().height) + 4);
    const height = Math.max(20, Math.floor(box.height - this.reserved));
    const width = this.data?.mode === 'strip' ? 18 : Math.max(24, Math.floor(box.width));
    if (width === this.size.width && height === this.size.height) return;
    this.size = { width, height };
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.paint();
    this.root.dispatchEvent(new CustomEvent(LAYOUT_EVENT, { bubbles: true }));
  }

  private paint(): void {
    const data = this.data;
    const context = this.canvas.getContext('2d');
    if (!data || !context || this.size.height === 0) return;
    const { width, height } = this.size;
    const ratio = this.canvas.width / width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const values = data.values;
    const scale = maxAbs(values);
    const noteBefore = this.note.textContent;
    if (data.mode === 'strip') {
      // Each pixel row shows the strongest value among the values it covers, so a spike is never lost.
      for (let y = 0; y < height; y++) {
        const from = Math.floor((y / height) * values.length);
        const to = Math.max(from + 1, Math.floor(((y + 1) / height) * values.length));
        let v = 0;
        for (let i = from; i < to; i++) if (Math.abs(values[i]) > Math.abs(v)) v = values[i];
        const [r, g, b] = signedRgb(v, scale);
        context.fillStyle = `rgb(${r},${g},${b})`;
        context.fillRect(0, y, width, 1);
      }
      this.note.textContent = `${values.length.toLocaleString('en-US')} values`;
    } else {
      const shown = Math.min(values.length, Math.max(1, Math.floor(height / BAR_PITCH)));
      const styles = getComputedStyle(this.root);
      const positive = styles.getPropertyValue('--positive').trim() || '#0b63c5';
      const negative = styles.getPropertyValue('--negative').trim() || '#c0420a';
      const mid = values.some((v) => v < 0) ? width / 2 : 0;
      for (let u = 0; u < shown; u++) {
        const v = values[u];
        const length = scale > 0 && Number.isFinite(v) ? (Math.abs(v) / scale) * (width - mid) : 0;
        context.fillStyle = v < 0 ? negative : positive;
        context.fillRect(v < 0 ? mid - length : mid, u * BAR_PITCH, Math.max(1, length), BAR_PITCH - 1);
      }
      this.note.textContent = shown < values.length ? `${shown} of ${values.length} units` : `${values.length} units`;
    }
    this.canvas.setAttribute('aria-label', `${data.label}: ${this.note.textContent}, largest magnitude ${scale.toPrecision(3)}`);
    this.root.dataset.scale = scale.toPrecision(3);
    // A new note may wrap differently: measure again, but only when its text changed and it no longer
    // fits the room kept for it (so the layout is read rarely, and a re-measure that changes nothing
    // more ends here).
    if (this.note.textContent !== noteBefore && Math.ceil(this.note.getBoundingClientRect().height) + 4 > this.reserved) this.measure();
  }
}
