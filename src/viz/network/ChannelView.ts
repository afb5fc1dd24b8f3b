/**
 * One channel of a layer, large, for the close-up: painted on the layer's shared colour scale (so it
 * matches its tile in the picture) and read out under the pointer. It owns its canvas.
 */
import { ChannelCanvas, maxAbs } from '../signedColour';

export interface ChannelViewData {
  values: Float32Array;
  shape: [number, number, number];
  channel: number;
  label: string;
}

export class ChannelView {
  private readonly root: HTMLDivElement;
  private readonly readout: HTMLParagraphElement;
  private canvas: ChannelCanvas | null = null;
  private data: ChannelViewData | null = null;

  constructor(container: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'channel-view';
    this.readout = document.createElement('p');
    this.readout.className = 'channel-view__readout mono';
    this.readout.textContent = '\u00a0';
    this.root.append(this.readout);
    container.appendChild(this.root);
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
      element.addEventListener('pointermove', (event) => this.read(event));
      this.root.prepend(element);
      this.root.querySelectorAll('canvas').forEach((c) => c !== element && c.remove());
    }
    this.canvas.canvas.setAttribute('aria-label', data.label);
    this.canvas.paint(data.values, data.channel, depth, maxAbs(data.values));
  }

  destroy(): void {
    this.root.remove();
  }

  private read(event: PointerEvent): void {
    const data = this.data;
    if (!data || !this.canvas) return;
    const [height, width, depth] = data.shape;
    const box = this.canvas.canvas.getBoundingClientRect();
    const x = Math.min(width - 1, Math.max(0, Math.floor(((event.clientX - box.left) / Math.max(1, box.width)) * width)));
    const y = Math.min(height - 1, Math.max(0, Math.floor(((event.clientY - box.top) / Math.max(1, box.height)) * height)));
    this.readout.textContent = `row ${y}, column ${x}: ${data.values[(y * width + x) * depth + data.channel].toFixed(3)}`;
  }
}
