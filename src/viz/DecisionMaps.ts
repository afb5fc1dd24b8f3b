/**
 * Why the network decided, as two pictures side by side: the saliency map (which pixels the class
 * score is most sensitive to, bright = more) over a dimmed copy of the input, and the Grad-CAM map
 * (where the last convolution found evidence for the class), upsampled smoothly from its own small
 * grid and laid over the input. Framework-free: it owns its element; `update` redraws.
 */
import { drawHeat, drawImage } from './insightPixels';

export interface HeatMap {
  map: Float32Array;
  height: number;
  width: number;
}

export interface DecisionMapsData {
  input: Float32Array;
  inputShape: [number, number, number];
  saliency: HeatMap;
  gradCam: (HeatMap & { method?: 'grad-cam' | 'hires-cam' }) | null;
  /** For the canvases' labels: the class the maps are for. */
  className: string;
}

export interface DecisionMapsOptions {
  /** Drawn size of each picture, in CSS pixels. */
  size?: number;
}

export class DecisionMaps {
  private readonly root: HTMLDivElement;
  private readonly saliency: HTMLCanvasElement;
  private readonly gradCam: HTMLCanvasElement;
  private readonly gradCamCaption: HTMLElement;
  private readonly size: number;

  constructor(container: HTMLElement, options: DecisionMapsOptions = {}) {
    this.size = options.size ?? 168;
    this.root = document.createElement('div');
    this.root.className = 'decision-maps';
    this.saliency = this.canvas('saliency-canvas');
    this.gradCam = this.canvas('gradcam-canvas');
    this.gradCamCaption = document.createElement('figcaption');
    this.root.append(this.figure(this.saliency, 'saliency'), this.figure(this.gradCam, this.gradCamCaption));
    container.appendChild(this.root);
  }

  update(data: DecisionMapsData | null): void {
    for (const canvas of [this.saliency, this.gradCam]) canvas.dataset.drawn = 'false';
    if (!data) return;
    const [h, w, c] = data.inputShape;
    const input = document.createElement('canvas');
    drawImage(input, data.input, h, w, c);

    const heat = document.createElement('canvas');
    drawHeat(heat, data.saliency.map, data.saliency.height, data.saliency.width, true);
    // Saliency is per pixel: drawn crisp, over the input dimmed so that the heat stands out.
    this.compose(this.saliency, input, heat, 0.35, false);
    this.saliency.dataset.drawn = 'true';
    this.saliency.setAttribute('aria-label', `Saliency for class ${data.className}: the brighter, the more that pixel moves the score`);

    if (data.gradCam) {
      const cam = document.createElement('canvas');
      drawHeat(cam, data.gradCam.map, data.gradCam.height, data.gradCam.width, true);
      // Grad-CAM lives on the last conv layer's coarser grid: upsampled smoothly, as in the paper.
      this.compose(this.gradCam, input, cam, 0.6, true);
      this.gradCam.dataset.drawn = 'true';
      this.gradCamCaption.textContent = data.gradCam.method === 'hires-cam' ? 'HiResCAM' : 'Grad-CAM';
      this.gradCam.setAttribute('aria-label', `${this.gradCamCaption.textContent} for class ${data.className} on a ${data.gradCam.height}×${data.gradCam.width} grid, over the input`);
    } else {
      this.gradCam.getContext('2d')?.clearRect(0, 0, this.gradCam.width, this.gradCam.height);
      this.gradCamCaption.textContent = 'no Grad-CAM';
      this.gradCam.setAttribute('aria-label', 'No Grad-CAM: the network has no convolution');
    }
  }

  destroy(): void {
    this.root.remove();
  }

  private figure(canvas: HTMLCanvasElement, caption: string | HTMLElement): HTMLElement {
    const figure = document.createElement('figure');
    figure.className = 'decision-maps__figure';
    const label = typeof caption === 'string' ? document.createElement('figcaption') : caption;
    if (typeof caption === 'string') label.textContent = caption;
    figure.append(canvas, label);
    return figure;
  }

  private canvas(testId: string): HTMLCanvasElement {
    const canvas = document.createElement('canvas');
    canvas.className = 'decision-maps__canvas';
    canvas.dataset.testid = testId;
    canvas.setAttribute('role', 'img');
    canvas.width = this.size;
    canvas.height = this.size;
    canvas.style.width = `${this.size}px`;
    canvas.style.height = `${this.size}px`;
    return canvas;
  }

  private compose(target: HTMLCanvasElement, input: HTMLCanvasElement, heat: HTMLCanvasElement, inputAlpha: number, smooth: boolean): void {
    const context = target.getContext('2d');
    if (!context) return;
    const size = this.size;
    context.clearRect(0, 0, size, size);
    context.fillStyle = '#000';
    context.fillRect(0, 0, size, size);
    context.imageSmoothingEnabled = false;
    context.globalAlpha = inputAlpha;
    context.drawImage(input, 0, 0, size, size);
    context.globalAlpha = 1;
    context.imageSmoothingEnabled = smooth;
    if (smooth) context.imageSmoothingQuality = 'high';
    context.drawImage(heat, 0, 0, size, size);
  }
}
