/**
 * A small 3-D block of one layer's output, the way CNN figures draw feature maps: the front face is
 * channels wide and height tall, the oblique depth is the width. Every block of a model shares one
 * scale (passed in `scale`), so that 28×28×32 → 14×14×32 visibly halves. Flat vectors are drawn as
 * a thin column whose height is their length on the model's own vector scale.
 * Framework-free SVG: the class owns its element; `update(data)` redraws.
 */
import type { Shape } from '../engine/spec/types';

/** The largest sizes in the model, so that blocks are drawn to scale with each other. */
export interface BlockScale {
  maxSide: number;
  maxChannels: number;
  maxUnits: number;
}

export interface BlockDiagramData {
  /** [h, w, c] or [n]; null when the layer has no output (a shape error, or an unknown input). */
  shape: Shape | null;
  scale: BlockScale;
  /** With a null shape: true when the input is unknown because an earlier layer failed (drawn as "?", not "✗"). */
  unknown?: boolean;
}

export interface BlockDiagramOptions {
  width?: number;
  height?: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Depth is drawn at 45° and foreshortened, as in the usual figures. */
const OBLIQUE = 0.35;
const PAD = 3;
const MIN_THICKNESS = 2;

/** Describes a shape in words for screen readers: "28 by 28 by 32 feature maps". */
export function describeBlock(shape: Shape | null, unknown = false): string {
  if (!shape && unknown) return 'Output unknown until an earlier layer is fixed';
  if (!shape) return 'No output: the layer cannot be applied to its input';
  if (shape.length === 3) return `Output ${shape[0]} by ${shape[1]} pixels, ${shape[2]} channel${shape[2] === 1 ? '' : 's'}`;
  return `Output vector of ${shape.join(' by ')} values`;
}

/** The scale shared by every block of a model, from all its shapes (input included). */
export function blockScaleOf(shapes: readonly (Shape | null)[]): BlockScale {
  const scale: BlockScale = { maxSide: 1, maxChannels: 1, maxUnits: 1 };
  for (const shape of shapes) {
    if (!shape) continue;
    if (shape.length === 3) {
      scale.maxSide = Math.max(scale.maxSide, shape[0], shape[1]);
      scale.maxChannels = Math.max(scale.maxChannels, shape[2]);
    } else {
      scale.maxUnits = Math.max(scale.maxUnits, shape[0]);
    }
  }
  return scale;
}

export class BlockDiagram {
  private readonly svg: SVGSVGElement;
  private readonly width: number;
  private readonly height: number;

  constructor(container: HTMLElement, options: BlockDiagramOptions = {}) {
    this.width = options.width ?? 84;
    this.height = options.height ?? 56;
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'block-diagram');
    this.svg.setAttribute('width', String(this.width));
    this.svg.setAttribute('height', String(this.height));
    this.svg.setAttribute('viewBox', `0 0 ${this.width} ${this.height}`);
    this.svg.setAttribute('role', 'img');
    container.appendChild(this.svg);
  }

  update({ shape, scale, unknown = false }: BlockDiagramData): void {
    this.svg.setAttribute('aria-label', describeBlock(shape, unknown));
    if (!shape) {
      this.svg.replaceChildren(this.missing(unknown));
      return;
    }
    const usableH = this.height - 2 * PAD;
    const usableW = this.width - 2 * PAD;
    let faceWidth: number;
    let faceHeight: number;
    let depth: number;
    if (shape.length === 3) {
      // One pixel scale for height and (foreshortened) width, so that the biggest map just fits.
      const k = usableH / (scale.maxSide * (1 + OBLIQUE));
      faceHeight = Math.max(MIN_THICKNESS, shape[0] * k);
      depth = Math.max(MIN_THICKNESS, shape[1] * k * OBLIQUE);
      const maxThickness = usableW - scale.maxSide * k * OBLIQUE;
      faceWidth = Math.max(MIN_THICKNESS, (shape[2] / scale.maxChannels) * Math.min(maxThickness, 44));
    } else {
      faceHeight = Math.max(MIN_THICKNESS + 1, (shape[0] / scale.maxUnits) * (usableH - 4));
      faceWidth = 6;
      depth = 4;
    }
    this.svg.replaceChildren(...this.cuboid(faceWidth, faceHeight, depth, shape.length === 3 ? 'maps' : 'vector'));
  }

  destroy(): void {
    this.svg.remove();
  }

  private cuboid(w: number, h: number, d: number, kind: 'maps' | 'vector'): SVGElement[] {
    // Centred in the box; the depth goes up and to the right.
    const x0 = (this.width - (w + d)) / 2;
    const y0 = this.height - (this.height - (h + d)) / 2;
    const points = (coords: [number, number][]): string => coords.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ');
    const face = (cls: string, coords: [number, number][]): SVGElement => {
      const polygon = document.createElementNS(SVG_NS, 'polygon');
      polygon.setAttribute('class', `block-diagram__${cls} block-diagram--${kind}`);
      polygon.setAttribute('points', points(coords));
      return polygon;
    };
    const top = y0 - h;
    return [
      face('side', [
        [x0 + w, y0],
        [x0 + w + d, y0 - d],
        [x0 + w + d, top - d],
        [x0 + w, top],
      ]),
      face('top', [
        [x0, top],
        [x0 + w, top],
        [x0 + w + d, top - d],
        [x0 + d, top - d],
      ]),
      face('front', [
        [x0, y0],
        [x0 + w, y0],
        [x0 + w, top],
        [x0, top],
      ]),
    ];
  }

  private missing(unknown: boolean): SVGElement {
    const group = document.createElementNS(SVG_NS, 'g');
    const rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('class', `block-diagram__missing${unknown ? ' block-diagram__missing--unknown' : ''}`);
    rect.setAttribute('x', String(this.width / 2 - 14));
    rect.setAttribute('y', String(this.height / 2 - 14));
    rect.setAttribute('width', '28');
    rect.setAttribute('height', '28');
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('class', `block-diagram__missing-text${unknown ? ' block-diagram__missing-text--unknown' : ''}`);
    text.setAttribute('x', String(this.width / 2));
    text.setAttribute('y', String(this.height / 2 + 5));
    text.setAttribute('text-anchor', 'middle');
    text.textContent = unknown ? '?' : '✗';
    group.append(rect, text);
    return group;
  }
}
