/**
 * The connections of the network picture, drawn as one SVG behind the columns. Each column element
 * carries `data-column` (its order) and `data-link` (how it connects to the column before it):
 * `one` — channel k feeds channel k (pooling, activations, dropout: they work per channel),
 * `all` — every shown map or value feeds every one of this column's (a convolution reads all its
 * input channels; a dense layer reads every value). Anchors are the column's elements marked
 * `data-anchor`. A CNN has too many edges to draw them all, so only the shown tiles are joined and
 * a dense fan is thinned. It redraws on resize and whenever a column sends `network-layout`.
 */
import { LAYOUT_EVENT } from './MapTiles';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Most curves drawn between two columns; more turn into grey noise. */
const MAX_EDGES_PER_GAP = 96;

interface Anchor {
  x0: number;
  x1: number;
  y: number;
}

export class NetworkEdges {
  private readonly svg: SVGSVGElement;
  private readonly resize: ResizeObserver;
  private frame = 0;
  private readonly onLayout = (): void => this.schedule();

  constructor(private readonly container: HTMLElement) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'network-edges');
    this.svg.setAttribute('aria-hidden', 'true');
    container.prepend(this.svg);
    container.addEventListener(LAYOUT_EVENT, this.onLayout);
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(container);
    this.schedule();
  }

  /** Redraws after the next layout (cheap to call often: calls within one frame coalesce). */
  update(): void {
    this.schedule();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.container.removeEventListener(LAYOUT_EVENT, this.onLayout);
    this.svg.remove();
  }

  private schedule(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** The column's anchors; every curve leaves from the right of the column's block and enters at its left. */
  private anchors(column: Element, origin: DOMRect): Anchor[] {
    const boxes = [...column.querySelectorAll('[data-anchor]')].map((element) => element.getBoundingClientRect());
    if (boxes.length === 0) return [];
    const x0 = Math.min(...boxes.map((b) => b.left)) - origin.left;
    const x1 = Math.max(...boxes.map((b) => b.right)) - origin.left;
    return boxes.map((box) => ({ x0, x1, y: box.top - origin.top + box.height / 2 }));
  }

  private draw(): void {
    const origin = this.container.getBoundingClientRect();
    this.svg.setAttribute('width', String(origin.width));
    this.svg.setAttribute('height', String(origin.height));
    this.svg.setAttribute('viewBox', `0 0 ${origin.width} ${origin.height}`);
    const columns = [...this.container.querySelectorAll('[data-column]')].sort(
      (a, b) => Number((a as HTMLElement).dataset.column) - Number((b as HTMLElement).dataset.column),
    );
    const paths: string[] = [];
    for (let i = 1; i < columns.length; i++) {
      const from = this.anchors(columns[i - 1], origin);
      const to = this.anchors(columns[i], origin);
      if (from.length === 0 || to.length === 0) continue;
      const link = (columns[i] as HTMLElement).dataset.link;
      if (link === 'one') {
        const n = Math.min(from.length, to.length);
        for (let k = 0; k < n; k++) paths.push(curve(from[k], to[k]));
        continue;
      }
      const pairs = from.length * to.length;
      const stride = Math.max(1, Math.ceil(pairs / MAX_EDGES_PER_GAP));
      for (let p = 0; p < pairs; p += stride) paths.push(curve(from[Math.floor(p / to.length)], to[p % to.length]));
    }
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('class', 'network-edges__path');
    path.setAttribute('d', paths.join(''));
    this.svg.replaceChildren(path);
    this.svg.dataset.edges = String(paths.length);
  }
}

/** A horizontal S-curve from the right edge of `a` to the left edge of `b`. */
function curve(a: Anchor, b: Anchor): string {
  const mid = (a.x1 + b.x0) / 2;
  return `M${a.x1.toFixed(1)},${a.y.toFixed(1)}C${mid.toFixed(1)},${a.y.toFixed(1)} ${mid.toFixed(1)},${b.y.toFixed(1)} ${b.x0.toFixed(1)},${b.y.toFixed(1)}`;
}
