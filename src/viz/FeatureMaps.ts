/**
 * Every layer's activations for one input: the input image, a grid of channel images for each
 * image-shaped layer (conv, pool, activation…), a colour strip for vector layers, labelled class bars
 * for the network's output. A lens beside the grids enlarges the channel under the pointer or the
 * keyboard focus and reads out the value under the pointer. The DOM is built once per network shape;
 * an update only repaints canvases (one per layer: ChannelAtlas.ts says why), so live updates stay
 * cheap (the draw time is kept in `lastDrawMs` and in the root's data-draw-ms).
 */
import type { LayerActivation } from '../engine/protocol';
import { ChannelAtlas } from './ChannelAtlas';
import { ClassBars } from './ClassBars';
import { setAttr, setClass, setText } from './domWrites';
import { drawImage } from './pixels';
import { ChannelCanvas, maxAbs } from './signedColour';

export type FeatureScale = 'shared' | 'perChannel';

export interface FeatureMapsData {
  /** The network's input image, channels-last. */
  input: { pixels: Float32Array; shape: number[] };
  layers: LayerActivation[];
  /** Title of each layer row, e.g. "Layer 1 · Conv2D 3×3 · 26×26×8". */
  titles: string[];
  classNames: string[];
  probabilities: Float32Array;
  trueLabel?: number;
  scale: FeatureScale;
  selected: { layer: number; channel: number } | null;
}

export interface FeatureMapsOptions {
  /** A channel was clicked or chosen with Enter / Space. */
  onSelect?: (layer: number, channel: number) => void;
}

interface ChannelCell {
  /** The channel's button; its picture is drawn on the row's atlas canvas under it. */
  element: HTMLElement;
  scale: number;
}

interface GridRow {
  kind: 'grid';
  root: HTMLElement;
  grid: HTMLElement;
  note: HTMLElement;
  atlas: ChannelAtlas;
  cells: ChannelCell[];
  height: number;
  width: number;
  depth: number;
}

interface StripRow {
  kind: 'strip';
  root: HTMLElement;
  note: HTMLElement;
  canvas: ChannelCanvas;
  scale: number;
}

interface BarsRow {
  kind: 'bars';
  root: HTMLElement;
  bars: ClassBars;
}

type Row = GridRow | StripRow | BarsRow;

const LENS_SIZE = 168;

/** Display size of one channel image: bigger for small layers, capped so that grids stay compact. */
function cellSize(height: number): number {
  return Math.max(28, Math.min(56, height * 3));
}

export class FeatureMaps {
  private readonly root: HTMLDivElement;
  private readonly lens: { root: HTMLElement; canvas: ChannelCanvas | null; holder: HTMLElement; caption: HTMLElement; readout: HTMLElement };
  private readonly rowsRoot: HTMLElement;
  private inputCanvas: ChannelCanvas | null = null;
  /** A colour (RGB) input: the picture in colour, and each of its channels on its own. */
  private inputColour: { rgb: HTMLCanvasElement; channels: ChannelCanvas[] } | null = null;
  private rows: Row[] = [];
  private layoutKey = '';
  private data: FeatureMapsData | null = null;
  private lensTarget: { layer: number; channel: number } | null = null;
  /** Milliseconds the last `update` took (main-thread drawing only). */
  lastDrawMs = 0;

  constructor(
    container: HTMLElement,
    private readonly options: FeatureMapsOptions = {},
  ) {
    this.root = document.createElement('div');
    this.root.className = 'fmaps';
    this.root.dataset.testid = 'feature-maps';
    const lensRoot = document.createElement('aside');
    lensRoot.className = 'fmaps__lens';
    lensRoot.setAttribute('aria-live', 'polite');
    const holder = document.createElement('div');
    holder.className = 'fmaps__lens-image';
    holder.style.width = holder.style.height = `${LENS_SIZE}px`;
    const caption = document.createElement('p');
    caption.className = 'fmaps__lens-caption';
    caption.textContent = 'Point at a channel (or focus it with Tab and the arrow keys) to enlarge it.';
    const readout = document.createElement('p');
    readout.className = 'fmaps__lens-readout mono';
    readout.dataset.testid = 'lens-readout';
    readout.textContent = '\u00a0';
    lensRoot.append(holder, caption, readout);
    this.lens = { root: lensRoot, canvas: null, holder, caption, readout };
    this.rowsRoot = document.createElement('div');
    this.rowsRoot.className = 'fmaps__rows';
    this.root.append(this.lens.root, this.rowsRoot);
    container.appendChild(this.root);
  }

  update(data: FeatureMapsData | null): void {
    if (!data) {
      this.data = null;
      this.layoutKey = '';
      this.destroyRows();
      this.rows = [];
      this.rowsRoot.replaceChildren();
      return;
    }
    const started = performance.now();
    this.data = data;
    const key = [data.input.shape.join('x'), ...data.layers.map((l) => `${l.name}:${l.shape.join('x')}`), data.titles.join('|')].join(';');
    if (key !== this.layoutKey) this.build(data, key);
    this.paint(data);
    this.markSelection(data.selected);
    if (this.lensTarget) this.showLens(this.lensTarget.layer, this.lensTarget.channel);
    this.lastDrawMs = performance.now() - started;
    this.root.dataset.drawMs = this.lastDrawMs.toFixed(1);
  }

  destroy(): void {
    this.destroyRows();
    this.root.remove();
  }

  private destroyRows(): void {
    for (const row of this.rows) {
      if (row.kind === 'bars') row.bars.destroy();
      else if (row.kind === 'grid') row.atlas.destroy();
    }
  }

  private build(data: FeatureMapsData, key: string): void {
    this.destroyRows();
    this.layoutKey = key;
    this.lensTarget = null;
    const [ih, iw] = data.input.shape;
    const inputRow = this.rowShell('Input image', ` · ${data.input.shape.join(' × ')}`, -1);
    this.inputCanvas = new ChannelCanvas(iw, ih);
    this.inputCanvas.canvas.className = 'fmaps__input';
    this.inputCanvas.canvas.setAttribute('role', 'img');
    this.inputCanvas.canvas.setAttribute('aria-label', 'The input image');
    this.inputCanvas.canvas.dataset.testid = 'fmap-input';
    inputRow.root.appendChild(this.inputCanvas.canvas);
    this.inputColour = data.input.shape[2] === 3 ? this.buildColourInput(inputRow.root, iw, ih) : null;
    const last = data.layers.length - 1;
    this.rows = data.layers.map((layer, index) => {
      const shell = this.rowShell(data.titles[index] ?? layer.name, '', index);
      if (layer.shape.length === 3) return this.buildGrid(shell.root, shell.note, layer, index);
      if (index === last && layer.shape[0] === data.classNames.length) {
        const bars = new ClassBars(shell.root, { ariaLabel: 'Output: class probabilities', rowTestId: 'fmap-class-bar' });
        shell.note.textContent = ' · class probabilities';
        return { kind: 'bars', root: shell.root, bars };
      }
      return this.buildStrip(shell.root, shell.note, layer, index);
    });
    this.rowsRoot.replaceChildren(inputRow.root, ...this.rows.map((row) => row.root));
  }

  /** The RGB picture, then its red, green and blue channels, each as the grey image the first layer reads. */
  private buildColourInput(root: HTMLElement, width: number, height: number): { rgb: HTMLCanvasElement; channels: ChannelCanvas[] } {
    this.inputCanvas?.canvas.remove();
    this.inputCanvas = null;
    const strip = document.createElement('div');
    strip.className = 'fmaps__input-channels';
    const figure = (canvas: HTMLCanvasElement, caption: string, testId: string): HTMLElement => {
      const item = document.createElement('figure');
      item.className = 'fmaps__input-channel';
      canvas.className = 'fmaps__input';
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', caption === 'colour' ? 'The input image in colour' : `The input image's ${caption} channel`);
      canvas.dataset.testid = testId;
      const text = document.createElement('figcaption');
      text.textContent = caption;
      item.append(canvas, text);
      return item;
    };
    const rgb = document.createElement('canvas');
    rgb.width = width;
    rgb.height = height;
    rgb.dataset.channels = '3';
    const channels = ['red', 'green', 'blue'].map(() => new ChannelCanvas(width, height));
    strip.append(
      figure(rgb, 'colour', 'fmap-input'),
      ...channels.map((canvas, c) => figure(canvas.canvas, ['red', 'green', 'blue'][c], `fmap-input-${['red', 'green', 'blue'][c]}`)),
    );
    root.appendChild(strip);
    return { rgb, channels };
  }

  private rowShell(title: string, note: string, index: number): { root: HTMLElement; note: HTMLElement } {
    const root = document.createElement('section');
    root.className = 'fmaps__row';
    root.dataset.testid = index < 0 ? 'fmap-input-row' : `fmap-layer-${index}`;
    const header = document.createElement('h4');
    header.className = 'fmaps__title';
    header.textContent = title;
    const small = document.createElement('span');
    small.className = 'fmaps__note';
    small.textContent = note;
    header.appendChild(small);
    root.appendChild(header);
    return { root, note: small };
  }

  private buildGrid(root: HTMLElement, note: HTMLElement, layer: LayerActivation, index: number): GridRow {
    const [height, width, depth] = layer.shape;
    const grid = document.createElement('div');
    grid.className = 'fmaps__grid';
    grid.setAttribute('role', 'group');
    grid.setAttribute('aria-label', `${layer.name}: ${depth} channels`);
    const size = cellSize(height);
    grid.style.setProperty('--cell', `${size}px`);
    root.dataset.channels = String(depth);
    const cells: ChannelCell[] = [];
    const atlas = new ChannelAtlas(grid, {
      width,
      height,
      depth,
      cell: (c) => {
        const element = document.createElement('div');
        element.className = 'fmaps__channel';
        element.dataset.testid = 'fmap-channel';
        element.dataset.layer = String(index);
        element.dataset.channel = String(c);
        element.setAttribute('role', 'button');
        element.setAttribute('aria-label', `${layer.name}, channel ${c + 1}`);
        element.tabIndex = c === 0 ? 0 : -1;
        element.addEventListener('pointerenter', () => this.showLens(index, c));
        element.addEventListener('focus', () => this.showLens(index, c));
        element.addEventListener('pointermove', (event) => this.readValue(index, c, event));
        element.addEventListener('click', () => this.options.onSelect?.(index, c));
        element.addEventListener('keydown', (event) => this.onKey(event, grid, index, c, depth, size));
        cells.push({ element, scale: 0 });
        return element;
      },
    });
    root.appendChild(grid);
    return { kind: 'grid', root, grid, note, atlas, cells, height, width, depth };
  }

  private buildStrip(root: HTMLElement, note: HTMLElement, layer: LayerActivation, index: number): StripRow {
    const units = layer.data.length;
    const canvas = new ChannelCanvas(units, 1);
    canvas.canvas.className = 'fmaps__strip';
    canvas.canvas.dataset.testid = 'fmap-strip';
    canvas.canvas.setAttribute('role', 'img');
    canvas.canvas.setAttribute('aria-label', `${layer.name}: ${units} values as a colour strip`);
    canvas.canvas.addEventListener('pointermove', (event) => {
      const rect = canvas.canvas.getBoundingClientRect();
      const unit = Math.min(units - 1, Math.max(0, Math.floor(((event.clientX - rect.left) / Math.max(rect.width, 1)) * units)));
      const value = this.data?.layers[index]?.data[unit];
      this.lens.readout.textContent = value === undefined ? '\u00a0' : `${layer.name} unit ${unit}: ${value.toFixed(3)}`;
    });
    root.appendChild(canvas.canvas);
    return { kind: 'strip', root, note, canvas, scale: 0 };
  }

  private paint(data: FeatureMapsData): void {
    const [, , ic] = data.input.shape;
    this.inputCanvas?.paint(data.input.pixels, 0, ic ?? 1, 1);
    if (this.inputColour) {
      const [ih, iw] = data.input.shape;
      drawImage(this.inputColour.rgb, data.input.pixels, iw, ih, 3);
      this.inputColour.channels.forEach((canvas, c) => canvas.paint(data.input.pixels, c, 3, 1));
    }
    data.layers.forEach((layer, index) => {
      const row = this.rows[index];
      if (!row) return;
      if (row.kind === 'grid') {
        const shared = maxAbs(layer.data);
        row.cells.forEach((cell, c) => {
          cell.scale = data.scale === 'shared' ? shared : maxAbs(layer.data, c, row.depth, row.height * row.width);
        });
        row.atlas.paint(layer.data, row.cells.map((cell) => cell.scale));
        setText(row.note, data.scale === 'shared' ? ` · one scale, ±${formatScale(shared)}` : ' · each channel its own scale');
      } else if (row.kind === 'strip') {
        row.scale = maxAbs(layer.data);
        row.canvas.paint(layer.data, 0, 1, row.scale);
        setText(row.note, ` · ${layer.data.length} values, ±${formatScale(row.scale)}`);
      } else {
        row.bars.update({ classNames: data.classNames, probabilities: data.probabilities, trueLabel: data.trueLabel });
      }
    });
  }

  private markSelection(selected: FeatureMapsData['selected']): void {
    this.rows.forEach((row, index) => {
      if (row.kind !== 'grid') return;
      row.cells.forEach((cell, c) => {
        const on = selected !== null && selected.layer === index && selected.channel === c;
        setClass(cell.element, 'fmaps__channel--selected', on);
        setAttr(cell.element, 'aria-pressed', String(on));
      });
    });
  }

  private showLens(layer: number, channel: number): void {
    const row = this.rows[layer];
    const data = this.data;
    if (!row || row.kind !== 'grid' || !data) return;
    this.lensTarget = { layer, channel };
    if (!this.lens.canvas || this.lens.canvas.width !== row.width || this.lens.canvas.height !== row.height) {
      this.lens.canvas = new ChannelCanvas(row.width, row.height);
      this.lens.canvas.canvas.className = 'fmaps__lens-canvas';
      this.lens.canvas.canvas.dataset.testid = 'lens-canvas';
      this.lens.holder.replaceChildren(this.lens.canvas.canvas);
    }
    const values = data.layers[layer].data;
    const cell = row.cells[channel];
    this.lens.canvas.paint(values, channel, row.depth, cell.scale);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < row.height * row.width; i++) {
      const v = values[i * row.depth + channel];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.lens.caption.textContent = `${data.titles[layer] ?? data.layers[layer].name} — channel ${channel + 1}: min ${min.toFixed(3)}, max ${max.toFixed(3)}`;
  }

  private readValue(layer: number, channel: number, event: PointerEvent): void {
    const row = this.rows[layer];
    const data = this.data;
    if (!row || row.kind !== 'grid' || !data) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const x = Math.min(row.width - 1, Math.max(0, Math.floor(((event.clientX - rect.left) / Math.max(rect.width, 1)) * row.width)));
    const y = Math.min(row.height - 1, Math.max(0, Math.floor(((event.clientY - rect.top) / Math.max(rect.height, 1)) * row.height)));
    const value = data.layers[layer].data[(y * row.width + x) * row.depth + channel];
    this.lens.readout.textContent = `row ${y}, column ${x}: ${value.toFixed(3)}`;
  }

  /** Roving focus inside one layer's grid: arrows move, Home / End jump, Enter / Space select. */
  private onKey(event: KeyboardEvent, grid: HTMLElement, layer: number, channel: number, depth: number, size: number): void {
    const columns = Math.max(1, Math.floor((grid.clientWidth + 4) / (size + 4)));
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
    let next = channel;
    if (event.key in moves) next = channel + moves[event.key];
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = depth - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.options.onSelect?.(layer, channel);
      return;
    } else return;
    event.preventDefault();
    next = Math.max(0, Math.min(depth - 1, next));
    const row = this.rows[layer];
    if (row?.kind !== 'grid') return;
    row.cells[channel].element.tabIndex = -1;
    const target = row.cells[next].element;
    target.tabIndex = 0;
    target.focus();
  }
}

function formatScale(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(2);
}
