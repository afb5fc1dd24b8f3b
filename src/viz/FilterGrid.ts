/**
 * The learned kernels of every conv layer as small images on one signed colour scale per layer.
 * A first layer's filters have one input channel and are shown as they are (edge and blob detectors
 * forming from noise); deeper filters span many input channels and are summarised by their mean over
 * the input channels. A first layer on colour (RGB) images shows each filter as a colour picture
 * instead: its red, green and blue slices as the colour channels, zero weights mid-grey, so a filter
 * that looks for "green above blue" reads as such. The selected filter is also shown in full: one
 * slice per input channel (red, green, blue for colour input), with its bias. Canvases are built once per network shape and repainted on update.
 */
import type { KernelWeights } from '../engine/protocol';
import { setAttr, setClass, setText } from './domWrites';
import { drawImage } from './pixels';
import { ChannelCanvas, maxAbs } from './signedColour';

export interface FilterGridData {
  kernels: KernelWeights[];
  /** Title of each conv layer by its spec index. */
  titles: Record<number, string>;
  /** The filter shown in full: spec index of its layer and the output channel. */
  selected: { layerIndex: number; filter: number } | null;
  /** Shown in each layer's note, e.g. "at initialisation" or "now". */
  moment: string;
  /** Show the selected filter's slices under its layer (default true); false only highlights it. */
  detail?: boolean;
  /** Spec index of the conv layer whose input is a colour picture (see `colourLayerIndex`); its filters are drawn in RGB. */
  colourLayer?: number;
}

/** Spec index of the first conv layer when the network takes RGB pictures (its filters are colour pictures), else -1. */
export function colourLayerIndex(spec: { inputShape: number[]; layers: { type: string }[] } | null): number {
  if (!spec || spec.inputShape[2] !== 3) return -1;
  return spec.layers.findIndex((layer) => layer.type === 'conv2d');
}

export interface FilterGridOptions {
  onSelect?: (layerIndex: number, filter: number) => void;
}

interface LayerBlock {
  layerIndex: number;
  root: HTMLElement;
  note: HTMLElement;
  cells: ChannelCanvas[];
  detail: HTMLElement;
  /** What the block was last painted from: the same again repaints nothing. */
  painted?: string;
  paintedWeights?: Float32Array;
}

const MAX_SLICES = 64;

/** Weights of filter `o` for input channel `c` (kh·kw values), or their mean over input channels when c < 0. */
export function filterSlice(k: KernelWeights, o: number, c: number): Float32Array {
  const [kh, kw, inChannels, outChannels] = k.shape;
  const out = new Float32Array(kh * kw);
  for (let p = 0; p < kh * kw; p++) {
    if (c >= 0) out[p] = k.data[(p * inChannels + c) * outChannels + o];
    else {
      let sum = 0;
      for (let ci = 0; ci < inChannels; ci++) sum += k.data[(p * inChannels + ci) * outChannels + o];
      out[p] = sum / inChannels;
    }
  }
  return out;
}

/**
 * Filter `o` of a kernel with three input channels as an RGB picture (kh·kw·3 values in [0, 1], HWC):
 * weight w of channel c becomes 0.5 + w / (2·scale), so ±scale spans the full range and 0 is grey.
 */
export function rgbFilter(k: KernelWeights, o: number, scale: number): Float32Array {
  const [kh, kw, inChannels, outChannels] = k.shape;
  const out = new Float32Array(kh * kw * 3);
  const inv = scale > 0 ? 1 / (2 * scale) : 0;
  for (let p = 0; p < kh * kw; p++) {
    for (let c = 0; c < 3 && c < inChannels; c++) out[3 * p + c] = Math.min(1, Math.max(0, 0.5 + k.data[(p * inChannels + c) * outChannels + o] * inv));
  }
  return out;
}

const RGB_NAMES = ['red', 'green', 'blue'];

export class FilterGrid {
  private readonly root: HTMLDivElement;
  private blocks: LayerBlock[] = [];
  private layoutKey = '';

  constructor(
    container: HTMLElement,
    private readonly options: FilterGridOptions = {},
  ) {
    this.root = document.createElement('div');
    this.root.className = 'filters';
    this.root.dataset.testid = 'filter-grid';
    container.appendChild(this.root);
  }

  update(data: FilterGridData | null): void {
    if (!data) {
      this.layoutKey = '';
      this.blocks = [];
      this.root.replaceChildren();
      return;
    }
    const key = data.kernels.map((k) => `${k.layerIndex}:${k.shape.join('x')}`).join(';');
    if (key !== this.layoutKey) this.build(data, key);
    data.kernels.forEach((kernel, b) => this.paintBlock(this.blocks[b], kernel, data));
  }

  destroy(): void {
    this.root.remove();
  }

  private build(data: FilterGridData, key: string): void {
    this.layoutKey = key;
    this.blocks = data.kernels.map((kernel) => {
      const [kh, kw, , outChannels] = kernel.shape;
      const root = document.createElement('section');
      root.className = 'filters__layer';
      root.dataset.testid = `filter-layer-${kernel.layerIndex}`;
      root.dataset.filters = String(outChannels);
      const title = document.createElement('h4');
      title.className = 'fmaps__title';
      title.textContent = data.titles[kernel.layerIndex] ?? kernel.name;
      const note = document.createElement('span');
      note.className = 'fmaps__note';
      title.appendChild(note);
      const grid = document.createElement('div');
      grid.className = 'filters__grid';
      grid.setAttribute('role', 'group');
      grid.setAttribute('aria-label', `${kernel.name}: ${outChannels} filters`);
      const cells = Array.from({ length: outChannels }, (_, o) => {
        const cell = new ChannelCanvas(kw, kh);
        const element = cell.canvas;
        element.className = 'filters__cell';
        element.dataset.testid = 'filter-cell';
        element.dataset.filter = String(o);
        element.setAttribute('role', 'button');
        element.setAttribute('aria-label', `${kernel.name}, filter ${o + 1}`);
        element.tabIndex = 0;
        element.addEventListener('click', () => this.options.onSelect?.(kernel.layerIndex, o));
        element.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            this.options.onSelect?.(kernel.layerIndex, o);
          }
        });
        grid.appendChild(element);
        return cell;
      });
      const detail = document.createElement('div');
      detail.className = 'filters__detail';
      root.append(title, grid, detail);
      return { layerIndex: kernel.layerIndex, root, note, cells, detail };
    });
    this.root.replaceChildren(...this.blocks.map((block) => block.root));
  }

  private paintBlock(block: LayerBlock | undefined, kernel: KernelWeights, data: FilterGridData): void {
    if (!block) return;
    // The panels hand new data over whenever the maps change (a few times a second while training);
    // the kernels themselves change only when they are fetched again (every 2 s). The same weights,
    // selection and labels repaint nothing.
    const key = `${data.selected?.layerIndex}:${data.selected?.filter}|${data.moment}|${data.detail}|${data.colourLayer}`;
    if (block.paintedWeights === kernel.data && block.painted === key) return;
    block.paintedWeights = kernel.data;
    block.painted = key;
    const [kh, kw, inChannels, outChannels] = kernel.shape;
    const scale = maxAbs(kernel.data);
    // The first conv layer's three input channels are the picture's red, green and blue.
    const rgb = inChannels === 3 && data.colourLayer === kernel.layerIndex;
    const summary = inChannels > 1 && !rgb;
    const selected = data.selected?.layerIndex === kernel.layerIndex ? data.selected.filter : -1;
    setAttr(block.root, 'data-rgb', String(rgb));
    block.cells.forEach((cell, o) => {
      setAttr(cell.canvas, 'data-channels', rgb ? '3' : '1');
      setClass(cell.canvas, 'filters__cell--selected', o === selected);
      setAttr(cell.canvas, 'aria-pressed', String(o === selected));
      if (rgb) {
        drawImage(cell.canvas, rgbFilter(kernel, o, scale), kw, kh, 3);
        return;
      }
      // Means over many input channels are smaller than single weights: give them their own range.
      const values = filterSlice(kernel, o, summary ? -1 : 0);
      cell.paint(values, 0, 1, summary ? maxAbs(values) || scale : scale);
    });
    setText(block.note, ` · ${kh}×${kw}, ${outChannels} filters ${data.moment}${summary ? ` · each the mean of its ${inChannels} input-channel slices` : ''}${rgb ? ' · in colour: red, green and blue weights, 0 = grey' : ''} · ±${scale.toPrecision(2)}`);
    if (selected < 0 || selected >= outChannels || data.detail === false) {
      block.detail.replaceChildren();
      return;
    }
    const caption = document.createElement('p');
    caption.className = 'filters__caption';
    const bias = kernel.bias ? kernel.bias[selected] : 0;
    const shown = Math.min(inChannels, MAX_SLICES);
    caption.textContent = `Filter ${selected + 1} of ${kernel.name} (${data.moment}): ${kh}×${kw} weights for each of its ${inChannels} input channel${inChannels === 1 ? '' : 's'}${shown < inChannels ? ` (first ${shown} shown)` : ''}, bias ${bias.toFixed(3)}.`;
    const slices = document.createElement('div');
    slices.className = 'filters__slices';
    slices.dataset.testid = 'filter-detail';
    slices.dataset.filter = String(selected);
    slices.dataset.layer = String(kernel.layerIndex);
    for (let c = 0; c < shown; c++) {
      const slice = new ChannelCanvas(kw, kh);
      slice.paint(filterSlice(kernel, selected, c), 0, 1, scale);
      slice.canvas.className = 'filters__slice';
      slice.canvas.dataset.testid = 'filter-slice';
      slice.canvas.setAttribute('role', 'img');
      const channelName = rgb ? `${RGB_NAMES[c]} channel` : `input channel ${c + 1}`;
      slice.canvas.setAttribute('aria-label', `filter ${selected + 1}, ${channelName}`);
      slice.canvas.title = channelName;
      slices.appendChild(slice.canvas);
    }
    block.detail.replaceChildren(caption, slices);
  }
}
