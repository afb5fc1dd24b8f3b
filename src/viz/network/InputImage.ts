/**
 * The network's input image at the head of the picture, drawn pixel-exact and scaled up with
 * nearest-neighbour (a projector shows crisp pixels). It owns its canvas.
 */
import { drawImage } from '../pixels';

export interface InputImageData {
  /** h·w·c values in [0, 1], channels interleaved; RGB (c = 3) is drawn in colour, others by their first channel. */
  pixels: Float32Array | null;
  width: number;
  height: number;
  label: string;
}

export class InputImage {
  private readonly canvas: HTMLCanvasElement;

  constructor(container: HTMLElement) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'input-image';
    this.canvas.dataset.anchor = 'input';
    this.canvas.dataset.testid = 'pg-input-image';
    this.canvas.setAttribute('role', 'img');
    container.appendChild(this.canvas);
  }

  update(data: InputImageData): void {
    this.canvas.setAttribute('aria-label', data.label);
    if (!data.pixels) {
      this.canvas.width = data.width;
      this.canvas.height = data.height;
      return;
    }
    const channels = Math.max(1, Math.round(data.pixels.length / (data.width * data.height)));
    this.canvas.dataset.channels = String(channels);
    if (channels === 3) {
      drawImage(this.canvas, data.pixels, data.width, data.height, 3);
      return;
    }
    const grey = channels === 1 ? data.pixels : data.pixels.filter((_, i) => i % channels === 0);
    drawImage(this.canvas, grey, data.width, data.height);
  }

  destroy(): void {
    this.canvas.remove();
  }
}
