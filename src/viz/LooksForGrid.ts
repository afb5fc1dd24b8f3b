/**
 * Images made by gradient ascent — what each channel of a layer looks for — as a grid of tiles,
 * redrawn in place as a climb's progress arrives. Framework-free: it owns its element; `update`
 * redraws. A tile can be chosen by click, tap, or Enter/Space when focused (its channel then shows
 * up close); the chosen one is outlined and marked with ● (never colour alone).
 */
import { setAttr, setClass, setText } from './domWrites';
import { drawImage } from './insightPixels';

export interface LooksForGridData {
  /** `units.length` images of `shape`, one after the other (values in [0, 1]). */
  images: Float32Array | null;
  shape: [number, number, number];
  units: number[];
  /** Mean activation of each unit for its image, shown under it. */
  activations: number[];
  /** The unit shown up close, marked; null for none. */
  selected: number | null;
  /** What a tile is called in its label: "channel" or "unit". */
  noun: string;
}

export interface LooksForGridOptions {
  tileSize?: number;
  ariaLabel: string;
  onSelect?: (unit: number) => void;
  testId?: string;
}

export class LooksForGrid {
  private readonly root: HTMLDivElement;
  private tiles: { figure: HTMLElement; canvas: HTMLCanvasElement; caption: HTMLElement; unit: number }[] = [];
  private last: LooksForGridData | null = null;

  constructor(
    container: HTMLElement,
    private readonly options: LooksForGridOptions,
  ) {
    this.root = document.createElement('div');
    this.root.className = 'looks-for-grid';
    this.root.setAttribute('role', 'list');
    this.root.setAttribute('aria-label', options.ariaLabel);
    if (options.testId) this.root.dataset.testid = options.testId;
    this.root.style.setProperty('--tile-size', `${options.tileSize ?? 64}px`);
    container.appendChild(this.root);
  }

  update(data: LooksForGridData): void {
    // The hierarchy's rows hand new data objects over whenever the maps change (a few times a second
    // while training) with the same images: those redraw nothing.
    const last = this.last;
    this.last = data;
    if (last && last.images === data.images && last.selected === data.selected && last.noun === data.noun && sameNumbers(last.units, data.units) && sameNumbers(last.activations, data.activations) && sameNumbers(last.shape, data.shape)) return;
    if (this.tiles.length !== data.units.length || this.tiles.some((tile, k) => tile.unit !== data.units[k])) this.build(data);
    const [h, w, c] = data.shape;
    const size = h * w * c;
    this.tiles.forEach((tile, k) => {
      const drawn = data.images !== null && data.images.length >= (k + 1) * size;
      if (drawn) drawImage(tile.canvas, data.images!, h, w, c, k * size);
      setAttr(tile.figure, 'data-drawn', String(drawn));
      const chosen = data.selected === tile.unit;
      setClass(tile.figure, 'looks-for-grid__tile--selected', chosen);
      setAttr(tile.figure, 'aria-current', String(chosen));
      const activation = data.activations[k];
      setText(tile.caption, `${chosen ? '● ' : ''}${tile.unit + 1}${activation !== undefined ? ` · ${activation.toFixed(2)}` : ''}`);
      setAttr(
        tile.canvas,
        'aria-label',
        `What ${data.noun} ${tile.unit + 1} looks for${activation !== undefined ? `, mean activation ${activation.toFixed(2)}` : ''}`,
      );
    });
  }

  destroy(): void {
    this.root.remove();
  }

  private build(data: LooksForGridData): void {
    this.tiles = data.units.map((unit) => {
      const figure = document.createElement('figure');
      figure.className = 'looks-for-grid__tile';
      figure.setAttribute('role', 'listitem');
      figure.dataset.unit = String(unit);
      figure.dataset.testid = 'looks-for-tile';
      const canvas = document.createElement('canvas');
      canvas.className = 'looks-for-grid__image';
      canvas.setAttribute('role', 'img');
      const caption = document.createElement('figcaption');
      caption.className = 'looks-for-grid__caption';
      figure.append(canvas, caption);
      const onSelect = this.options.onSelect;
      if (onSelect) {
        figure.tabIndex = 0;
        figure.classList.add('looks-for-grid__tile--selectable');
        figure.addEventListener('click', () => onSelect(unit));
        figure.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onSelect(unit);
          }
        });
      }
      return { figure, canvas, caption, unit };
    });
    this.root.replaceChildren(...this.tiles.map((tile) => tile.figure));
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
