/**
 * One channel of a layer, large, for the close-up: painted on the layer's shared colour scale (so it
 * matches its tile in the picture) and read out under the pointer (or where a finger touches). It
 * zooms and pans: − / + / Fit buttons, a pinch with two fingers, the mouse wheel, and a one-finger
 * or mouse drag to pan once zoomed in. It owns its canvas, its viewport and its buttons.
 */
import { ChannelCanvas, maxAbs } from '../signedColour';
import { FIT, panBy, zoomAbout, type ZoomState } from './mapZoom';

export interface ChannelViewData {
  values: Float32Array;
  shape: [number, number, number];
  channel: number;
  label: string;
}

/** One press of + or −. */
const STEP = 1.5;

export class ChannelView {
  private readonly root: HTMLDivElement;
  private readonly viewport: HTMLDivElement;
  private readonly readout: HTMLParagraphElement;
  private canvas: ChannelCanvas | null = null;
  private data: ChannelViewData | null = null;
  private view: ZoomState = FIT;
  /** The cell last touched or pointed at, whose value the readout shows (null: none yet). */
  private cell: { x: number; y: number } | null = null;
  /** The pointers down on the viewport, by id: one pans, two pinch. */
  private readonly pointers = new Map<number, { x: number; y: number }>();

  constructor(container: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'channel-view';
    this.viewport = document.createElement('div');
    this.viewport.className = 'channel-view__viewport';
    this.viewport.dataset.testid = 'pg-closeup-viewport';
    // The page must not scroll or zoom under a finger that pans or pinches the map.
    this.viewport.style.touchAction = 'none';
    this.viewport.addEventListener('pointerdown', this.onDown);
    this.viewport.addEventListener('pointermove', this.onMove);
    this.viewport.addEventListener('pointerup', this.onUp);
    this.viewport.addEventListener('pointercancel', this.onUp);
    this.viewport.addEventListener('wheel', this.onWheel, { passive: false });
    const tools = document.createElement('div');
    tools.className = 'channel-view__tools';
    tools.append(
      this.button('−', 'Zoom out of the map', 'pg-closeup-zoom-out', () => this.zoomCentre(1 / STEP)),
      this.button('+', 'Zoom into the map', 'pg-closeup-zoom-in', () => this.zoomCentre(STEP)),
      this.button('Fit', 'Show the whole map', 'pg-closeup-zoom-fit', () => this.setView(FIT)),
    );
    this.readout = document.createElement('p');
    this.readout.className = 'channel-view__readout mono';
    this.readout.textContent = '\u00a0';
    this.root.append(this.viewport, tools, this.readout);
    container.appendChild(this.root);
    this.setView(FIT);
  }

  update(data: ChannelViewData): void {
    this.data = data;
    const [height, width, depth] = data.shape;
    if (!this.canvas || this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas = new ChannelCanvas(width, height);
      const element = this.canvas.canvas;
      element.className = 'channel-view__canvas';
      element.dataset.testid = 'pg-closeup-map';
      element.setAttribute('role', 'img');
      this.viewport.replaceChildren(element);
      this.setView(FIT);
      this.cell = null;
    }
    this.canvas.canvas.setAttribute('aria-label', data.label);
    this.canvas.paint(data.values, data.channel, depth, maxAbs(data.values));
    this.showCell();
  }

  destroy(): void {
    this.root.remove();
  }

  private button(text: string, label: string, testId: string, onClick: () => void): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pg-tool channel-view__zoom';
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.title = label;
    button.dataset.testid = testId;
    button.addEventListener('click', onClick);
    return button;
  }

  private size(): number {
    return this.viewport.clientWidth || 140;
  }

  private setView(view: ZoomState): void {
    this.view = view;
    const element = this.canvas?.canvas;
    if (element) element.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.zoom})`;
    this.viewport.dataset.zoom = view.zoom.toFixed(2);
    this.viewport.dataset.panX = view.x.toFixed(1);
    this.viewport.dataset.panY = view.y.toFixed(1);
    this.viewport.classList.toggle('channel-view__viewport--zoomed', view.zoom > 1);
  }

  private zoomCentre(factor: number): void {
    const half = this.size() / 2;
    this.setView(zoomAbout(this.view, factor, half, half, this.size()));
  }

  /** A point of the event in the viewport's own coordinates. */
  private local(event: { clientX: number; clientY: number }): { x: number; y: number } {
    const box = this.viewport.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private readonly onDown = (event: PointerEvent): void => {
    this.pointers.set(event.pointerId, this.local(event));
    this.viewport.setPointerCapture?.(event.pointerId);
    this.read(event);
  };

  private readonly onMove = (event: PointerEvent): void => {
    this.read(event);
    const before = this.pointers.get(event.pointerId);
    if (!before) return;
    const now = this.local(event);
    const others = [...this.pointers.entries()].filter(([id]) => id !== event.pointerId);
    if (others.length === 0) {
      this.setView(panBy(this.view, now.x - before.x, now.y - before.y, this.size()));
    } else {
      // A pinch: the distance between the two fingers scales the map about their midpoint.
      const other = others[0][1];
      const was = Math.hypot(before.x - other.x, before.y - other.y);
      const is = Math.hypot(now.x - other.x, now.y - other.y);
      if (was > 4) this.setView(zoomAbout(this.view, is / was, (now.x + other.x) / 2, (now.y + other.y) / 2, this.size()));
    }
    this.pointers.set(event.pointerId, now);
  };

  private readonly onUp = (event: PointerEvent): void => {
    this.pointers.delete(event.pointerId);
  };

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const at = this.local(event);
    this.setView(zoomAbout(this.view, event.deltaY < 0 ? 1.2 : 1 / 1.2, at.x, at.y, this.size()));
  };

  private read(event: PointerEvent): void {
    const data = this.data;
    if (!data || !this.canvas) return;
    const [height, width] = data.shape;
    // The canvas's box includes the zoom and pan, so this is the cell under the pointer as drawn.
    const box = this.canvas.canvas.getBoundingClientRect();
    const x = Math.min(width - 1, Math.max(0, Math.floor(((event.clientX - box.left) / Math.max(1, box.width)) * width)));
    const y = Math.min(height - 1, Math.max(0, Math.floor(((event.clientY - box.top) / Math.max(1, box.height)) * height)));
    this.cell = { x, y };
    this.showCell();
  }

  /** The last cell read, with its value now: the map is live, so a value read once went stale. */
  private showCell(): void {
    const data = this.data;
    if (!data || this.cell === null) {
      this.readout.textContent = '\u00a0';
      return;
    }
    const [, width, depth] = data.shape;
    const { x, y } = this.cell;
    this.readout.textContent = `row ${y}, column ${x}: ${data.values[(y * width + x) * depth + data.channel].toFixed(3)}`;
  }
}
