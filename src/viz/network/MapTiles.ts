/**
 * One image-shaped layer of the network picture: its first channels as tiles, as large as the
 * column allows (see tileLayout), and a "+ N more" button for the rest. It owns its element and
 * watches its size; a resize lays the same tiles out again, a new channel count builds new ones,
 * a live update only repaints them. Tiles are buttons: a click or Enter opens that channel's close-up. After a layout
 * it sends a bubbling `network-layout` event so that the connections can be redrawn.
 */
import { ChannelCanvas, maxAbs } from '../signedColour';
import { tileLayout, type TileLayout } from './tileLayout';

export interface MapTilesData {
  /** Channels-last values of one layer, h·w·c. */
  values: Float32Array;
  shape: [number, number, number];
  /** Channel whose close-up is open (outlined), or null. */
  selected: number | null;
  minTile: number;
  /** The layer's name for screen readers ("Layer 1, Conv2D"). */
  label: string;
}

export interface MapTilesOptions {
  onSelect: (channel: number) => void;
  onMore: () => void;
  /** Position of the layer among the activations, written on each tile for tests. */
  layer: number;
}

export const LAYOUT_EVENT = 'network-layout';
const MAX_TILE = 112;
const GAP = 4;

export class MapTiles {
  private readonly root: HTMLDivElement;
  private readonly grid: HTMLDivElement;
  private readonly more: HTMLButtonElement;
  private readonly resize: ResizeObserver;
  private tiles: ChannelCanvas[] = [];
  private layout: TileLayout | null = null;
  private layoutKey = '';
  /** What the tiles were built for: their shape, how many are shown, the layer's name. */
  private tilesKey = '';
  private data: MapTilesData | null = null;

  constructor(
    container: HTMLElement,
    private readonly options: MapTilesOptions,
  ) {
    this.root = document.createElement('div');
    this.root.className = 'map-tiles';
    this.grid = document.createElement('div');
    this.grid.className = 'map-tiles__grid';
    this.grid.setAttribute('role', 'group');
    this.more = document.createElement('button');
    this.more.type = 'button';
    this.more.className = 'map-tiles__more';
    this.more.dataset.testid = 'pg-more-channels';
    this.more.addEventListener('click', () => this.options.onMore());
    this.root.append(this.grid);
    container.appendChild(this.root);
    this.resize = new ResizeObserver(() => this.relayout());
    this.resize.observe(this.root);
  }

  update(data: MapTilesData): void {
    this.data = data;
    this.relayout();
    this.paint();
  }

  destroy(): void {
    this.resize.disconnect();
    this.root.remove();
  }

  private relayout(): void {
    const data = this.data;
    if (!data) return;
    const [height, width, depth] = data.shape;
    const box = this.root.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const next = tileLayout(depth, box.width, box.height, { minTile: data.minTile, maxTile: MAX_TILE, gap: GAP });
    const key = `${height}x${width}x${depth}:${next.size}:${next.columns}:${next.shown}`;
    if (key === this.layoutKey) return;
    this.layoutKey = key;
    this.layout = next;
    // Only a new set of tiles makes new canvases: a new tile size or column count (a resize, the
    // picture making room) keeps them, and with them the keyboard focus on one.
    const tilesKey = `${height}x${width}x${depth}:${next.shown}:${data.label}`;
    if (tilesKey === this.tilesKey) this.arrange(data, next);
    else this.build(data, next);
    this.tilesKey = tilesKey;
    this.paint();
    this.root.dispatchEvent(new CustomEvent(LAYOUT_EVENT, { bubbles: true }));
  }

  /** The grid's tile size and columns. */
  private arrange(data: MapTilesData, layout: TileLayout): void {
    this.grid.style.setProperty('--tile', `${layout.size}px`);
    this.grid.style.gridTemplateColumns = `repeat(${layout.columns}, var(--tile))`;
    this.grid.setAttribute('aria-label', `${data.label}: ${data.shape[2]} channels, ${layout.shown} shown`);
  }

  private build(data: MapTilesData, layout: TileLayout): void {
    const [height, width, depth] = data.shape;
    this.arrange(data, layout);
    this.tiles = [];
    const elements: HTMLElement[] = [];
    for (let c = 0; c < layout.shown; c++) {
      const tile = new ChannelCanvas(width, height);
      const canvas = tile.canvas;
      canvas.className = 'map-tiles__tile';
      canvas.dataset.testid = 'pg-map';
      canvas.dataset.layer = String(this.options.layer);
      canvas.dataset.channel = String(c);
      canvas.dataset.anchor = 'tile';
      canvas.tabIndex = 0;
      canvas.setAttribute('role', 'button');
      canvas.setAttribute('aria-label', `${data.label}, channel ${c + 1} of ${depth}: open its close-up`);
      canvas.addEventListener('click', () => this.options.onSelect(c));
      canvas.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.options.onSelect(c);
        }
      });
      this.tiles.push(tile);
      elements.push(canvas);
    }
    if (layout.more > 0) {
      this.more.textContent = `+ ${layout.more} more`;
      this.more.setAttribute('aria-label', `Show all ${depth} channels of ${data.label}`);
      elements.push(this.more);
    }
    this.grid.replaceChildren(...elements);
  }

  private paint(): void {
    const data = this.data;
    const layout = this.layout;
    if (!data || !layout) return;
    const depth = data.shape[2];
    // One scale for the whole layer: a channel that barely responds looks dark, as it should.
    const scale = maxAbs(data.values);
    this.tiles.forEach((tile, c) => {
      tile.paint(data.values, c, depth, scale);
      tile.canvas.classList.toggle('map-tiles__tile--selected', data.selected === c);
      tile.canvas.setAttribute('aria-pressed', String(data.selected === c));
    });
    this.root.dataset.scale = scale.toPrecision(3);
  }
}
