/**
 * One conv filter now and at initialisation, side by side on one signed colour scale, so that what
 * training changed shows at a glance: one small image per input channel (up to eight), its bias
 * underneath. Framework-free; it owns its element and rebuilds only when the filter's shape changes.
 */
import type { KernelWeights } from '../../engine/protocol';
import { filterSlice } from '../FilterGrid';
import { ChannelCanvas, maxAbs } from '../signedColour';

export interface FilterPairData {
  now: KernelWeights | null;
  initial: KernelWeights | null;
  filter: number;
}

const MAX_SLICES = 8;

interface Side {
  root: HTMLElement;
  cells: ChannelCanvas[];
  bias: HTMLElement;
}

export class FilterPair {
  private readonly root: HTMLDivElement;
  private sides: Side[] = [];
  private key = '';

  constructor(container: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'filter-pair';
    this.root.dataset.testid = 'pg-filter-pair';
    container.appendChild(this.root);
  }

  update(data: FilterPairData): void {
    const kernel = data.now ?? data.initial;
    if (!kernel) {
      this.key = '';
      this.root.replaceChildren();
      return;
    }
    const [kh, kw, inChannels] = kernel.shape;
    const slices = Math.min(inChannels, MAX_SLICES);
    const key = `${kh}x${kw}x${slices}:${data.initial ? 2 : 1}`;
    if (key !== this.key) this.build(kh, kw, slices, inChannels, data.initial !== null && data.now !== null);
    this.key = key;
    const shown = [data.now, data.initial].filter((k): k is KernelWeights => k !== null);
    const values = shown.map((k) => Array.from({ length: slices }, (_, c) => filterSlice(k, data.filter, c)));
    // One scale for both moments, so "brighter" means "larger weight" across the pair.
    const scale = Math.max(...values.flat().map((v) => maxAbs(v)), 1e-9);
    shown.forEach((k, s) => {
      const side = this.sides[s];
      if (!side) return;
      values[s].forEach((v, c) => side.cells[c].paint(v, 0, 1, scale));
      const bias = k.bias?.[data.filter];
      side.bias.textContent = bias === undefined ? 'no bias' : `bias ${bias.toFixed(3)}`;
    });
    this.root.dataset.scale = scale.toPrecision(3);
  }

  destroy(): void {
    this.root.remove();
  }

  private build(kh: number, kw: number, slices: number, inChannels: number, both: boolean): void {
    const titles = both ? ['now', 'at initialisation'] : ['now'];
    this.sides = titles.map((title) => {
      const root = document.createElement('figure');
      root.className = 'filter-pair__side';
      const caption = document.createElement('figcaption');
      caption.className = 'filter-pair__title';
      caption.textContent = title;
      const grid = document.createElement('div');
      grid.className = 'filter-pair__grid';
      // As many columns as there are slices, up to 4: a one-channel filter took a 4-column grid's width.
      grid.dataset.columns = String(Math.min(4, slices));
      grid.style.setProperty('--filter-columns', grid.dataset.columns);
      const cells = Array.from({ length: slices }, (_, c) => {
        const cell = new ChannelCanvas(kw, kh);
        cell.canvas.className = 'filter-pair__cell';
        cell.canvas.setAttribute('role', 'img');
        cell.canvas.setAttribute('aria-label', `${title}: the ${kh}×${kw} weights for input channel ${c + 1}`);
        grid.appendChild(cell.canvas);
        return cell;
      });
      const bias = document.createElement('p');
      bias.className = 'filter-pair__bias mono';
      root.append(caption, grid, bias);
      return { root, cells, bias };
    });
    const note = document.createElement('p');
    note.className = 'filter-pair__note';
    note.textContent = inChannels > slices ? `first ${slices} of ${inChannels} input channels` : `${kh}×${kw} × ${inChannels} input channel${inChannels > 1 ? 's' : ''}`;
    this.root.replaceChildren(...this.sides.map((s) => s.root), note);
  }
}
