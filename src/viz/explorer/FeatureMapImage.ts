/**
 * An input grid and its feature map drawn as images side by side (one pixel per cell, scaled up
 * with crisp pixels), so that an edge or blur kernel on a digit reads as what it does to the picture.
 */
import { color } from 'd3';
import { colourScale } from './cellFormat';

export interface FeatureMapImageState {
  input: { values: ArrayLike<number>; height: number; width: number; caption: string };
  output: { values: ArrayLike<number>; height: number; width: number; caption: string };
}

const DISPLAY_SIZE = 168;

export class FeatureMapImage {
  private readonly root: HTMLDivElement;
  private readonly canvases: [HTMLCanvasElement, HTMLCanvasElement];
  private readonly captions: [HTMLElement, HTMLElement];

  constructor(container: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'xmap';
    const make = (testId: string): [HTMLCanvasElement, HTMLElement] => {
      const figure = document.createElement('figure');
      figure.className = 'xmap__figure';
      const canvas = document.createElement('canvas');
      canvas.className = 'xmap__canvas';
      canvas.setAttribute('role', 'img');
      canvas.dataset.testid = testId;
      canvas.style.width = `${DISPLAY_SIZE}px`;
      canvas.style.height = `${DISPLAY_SIZE}px`;
      const caption = document.createElement('figcaption');
      caption.className = 'xmap__caption';
      figure.append(canvas, caption);
      this.root.appendChild(figure);
      return [canvas, caption];
    };
    const [inCanvas, inCaption] = make('feature-input-image');
    const arrow = document.createElement('span');
    arrow.className = 'xmap__arrow';
    arrow.setAttribute('aria-hidden', 'true');
    arrow.textContent = '→';
    this.root.appendChild(arrow);
    const [outCanvas, outCaption] = make('feature-map-image');
    this.canvases = [inCanvas, outCanvas];
    this.captions = [inCaption, outCaption];
    container.appendChild(this.root);
  }

  update(state: FeatureMapImageState): void {
    [state.input, state.output].forEach((grid, i) => {
      this.draw(this.canvases[i], grid.values, grid.width, grid.height);
      this.captions[i].textContent = grid.caption;
      this.canvases[i].setAttribute('aria-label', grid.caption);
      // Keep the aspect ratio of non-square grids.
      const scale = DISPLAY_SIZE / Math.max(grid.width, grid.height, 1);
      this.canvases[i].style.width = `${Math.round(grid.width * scale)}px`;
      this.canvases[i].style.height = `${Math.round(grid.height * scale)}px`;
    });
  }

  destroy(): void {
    this.root.remove();
  }

  private draw(canvas: HTMLCanvasElement, values: ArrayLike<number>, width: number, height: number): void {
    canvas.width = Math.max(width, 1);
    canvas.height = Math.max(height, 1);
    const context = canvas.getContext('2d');
    if (!context) return;
    const scale = colourScale(values);
    const image = context.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < width * height; i++) {
      const rgb = color(scale.fill(values[i]))?.rgb();
      image.data[4 * i] = rgb?.r ?? 0;
      image.data[4 * i + 1] = rgb?.g ?? 0;
      image.data[4 * i + 2] = rgb?.b ?? 0;
      image.data[4 * i + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }
}
