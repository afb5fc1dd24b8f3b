/**
 * The sliding-window picture: the (padded) input grid, the kernel and the output grid, with the
 * current window, the picked maximum, the rows/columns no window reaches, and hover links between
 * input and output cells. Framework-free: it owns its element; `update(state)` redraws, `destroy()`
 * removes it. Numbers are written in cells big enough to hold them; smaller cells show colour only.
 */
import { select, type Selection } from 'd3';
import {
  outputsFedBy,
  windowCells,
  windowOrigin,
  type ExplorerResult,
  type StepDetail,
} from '../../engine/explorer/compute';
import { inputIndex, kernelIndex, type ExplorerSetup } from '../../engine/explorer/setup';
import { colourScale, formatCell, kernelCell } from './cellFormat';

export interface SlidingWindowState {
  setup: ExplorerSetup;
  result: ExplorerResult;
  /** Current step (row-major output position of `outChannel`); −1 before the first. */
  step: number;
  outChannel: number;
  focusChannel: number;
  detail: StepDetail | null;
}

export interface SlidingWindowOptions {
  /** Clicking an output cell moves the animation there. */
  onPick?: (step: number) => void;
}

type Hover = { kind: 'input'; y: number; x: number } | { kind: 'output'; oy: number; ox: number } | null;

interface InputCell {
  key: string;
  y: number;
  x: number;
  row: number;
  col: number;
  padding: boolean;
  unreached: boolean;
  value: number;
}

interface OutputCell {
  key: string;
  oy: number;
  ox: number;
  step: number;
  value: number;
}

/** Smallest cell that still shows its number legibly on a projector. */
const NUMBER_CELL = 26;
const MAX_CELL = 44;
const MIN_CELL = 7;
const GAP = 28;
const STACK_OFFSET = 6;
/** Narrower than this, the view stacks its three grids one per row. */
const PHONE_WIDTH = 480;

export class SlidingWindowView {
  private readonly root: HTMLDivElement;
  private readonly inputSvg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly kernelSvg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly outputSvg: Selection<SVGSVGElement, unknown, null, undefined>;
  private state: SlidingWindowState | null = null;
  private hover: Hover = null;
  /** Cells are sized to the width the view has: redrawn when that changes (rotation, a resized window). */
  private readonly resize: ResizeObserver | null = null;
  private lastWidth = 0;

  constructor(
    container: HTMLElement,
    private readonly options: SlidingWindowOptions = {},
  ) {
    this.root = document.createElement('div');
    this.root.className = 'xview';
    container.appendChild(this.root);
    const root = select(this.root);
    const panel = (cls: string, title: string) => {
      const figure = root.append('figure').attr('class', `xview__panel xview__panel--${cls}`);
      const svg = figure.append('svg').attr('class', 'xview__svg').attr('role', 'img');
      figure.append('figcaption').attr('class', 'xview__caption').text(title);
      return svg;
    };
    this.inputSvg = panel('input', 'Input');
    this.kernelSvg = panel('kernel', 'Kernel');
    this.outputSvg = panel('output', 'Output');
    this.inputSvg.on('mouseleave', () => this.setHover(null));
    this.outputSvg.on('mouseleave', () => this.setHover(null));
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => {
        const width = this.root.clientWidth;
        if (width === this.lastWidth) return;
        this.lastWidth = width;
        this.render();
      });
      this.resize.observe(this.root);
    }
  }

  update(state: SlidingWindowState): void {
    this.state = state;
    this.render();
  }

  destroy(): void {
    this.resize?.disconnect();
    this.root.remove();
  }

  private setHover(hover: Hover): void {
    this.hover = hover;
    this.render();
  }

  private cellSize(s: ExplorerSetup, st: SlidingWindowState, paddedW: number, outW: number, paddedH: number): number {
    const width = this.root.clientWidth || 1100;
    // Room for the kernel as drawn at its smallest (its cells grow with the input's, never shrink).
    const kernelWidth = s.kernelWidth * this.kernelFit(s, st, 0).size;
    const stacks = 2 * STACK_OFFSET * 3;
    // Keep a 36×36 grid inside a projector's 720 px with room for the controls.
    const byHeight = Math.floor(520 / paddedH);
    const sideBySide = Math.floor((width - kernelWidth - 4 * GAP - stacks) / (paddedW + outW));
    if (sideBySide >= 12) return Math.max(MIN_CELL, Math.min(MAX_CELL, sideBySide, byHeight));
    // Large grids: the input and kernel share a row and the output wraps below, so cells stay bigger.
    const inputAlone = Math.floor((width - kernelWidth - 2 * GAP - stacks) / paddedW);
    // A phone (under PHONE_WIDTH): the kernel cannot sit beside the input, so each grid has a row.
    const best = width < PHONE_WIDTH ? Math.floor((width - stacks) / paddedW) : Math.max(sideBySide, inputAlone);
    return Math.max(MIN_CELL, Math.min(MAX_CELL, best, byHeight));
  }

  private render(): void {
    const st = this.state;
    if (!st) return;
    const { setup: s, result } = st;
    const g = result.geometry;
    const padTop = g.rows.padBefore;
    const padLeft = g.cols.padBefore;
    const paddedH = padTop + s.inputHeight + g.rows.padAfter;
    const paddedW = padLeft + s.inputWidth + g.cols.padAfter;
    const cell = this.cellSize(s, st, paddedW, g.outWidth, paddedH);
    const showNumbers = cell >= NUMBER_CELL;
    const fontSize = Math.max(10, Math.min(16, Math.floor(cell * 0.38)));

    // Which cells the current window covers, and what the hover links to.
    const current = st.step >= 0 && g.outWidth > 0 ? [Math.floor(st.step / g.outWidth), st.step % g.outWidth] : null;
    const windowKeys = new Set<string>();
    if (current) for (const [y, x] of windowCells(g, s, current[0], current[1])) windowKeys.add(`${y},${x}`);
    const pickedKey =
      st.detail && st.detail.picked >= 0 ? `${st.detail.terms[st.detail.picked].y},${st.detail.terms[st.detail.picked].x}` : null;
    const linkedInputs = new Set<string>();
    const linkedOutputs = new Set<string>();
    if (this.hover?.kind === 'output') {
      for (const [y, x] of windowCells(g, s, this.hover.oy, this.hover.ox)) linkedInputs.add(`${y},${x}`);
    } else if (this.hover?.kind === 'input') {
      for (const [oy, ox] of outputsFedBy(g, s, this.hover.y, this.hover.x)) linkedOutputs.add(`${oy},${ox}`);
    }

    // ---- input ----
    const unreachedRows = new Set(g.rows.unreached);
    const unreachedCols = new Set(g.cols.unreached);
    const inputCells: InputCell[] = [];
    const inputValues: number[] = [];
    for (let row = 0; row < paddedH; row++) {
      for (let col = 0; col < paddedW; col++) {
        const y = row - padTop;
        const x = col - padLeft;
        const padding = y < 0 || y >= s.inputHeight || x < 0 || x >= s.inputWidth;
        const value = padding ? 0 : s.input[inputIndex(s, y, x, st.focusChannel)];
        if (!padding) inputValues.push(value);
        inputCells.push({ key: `${y},${x}`, y, x, row, col, padding, unreached: !padding && (unreachedRows.has(y) || unreachedCols.has(x)), value });
      }
    }
    const inputScale = colourScale(inputValues);
    const stack = (count: number) => Math.min(count - 1, 3) * STACK_OFFSET;
    const inStack = stack(s.inChannels);
    this.sizeSvg(this.inputSvg, paddedW * cell + inStack, paddedH * cell + inStack);
    this.inputSvg.attr(
      'aria-label',
      `Input ${s.inputHeight}×${s.inputWidth}${s.inChannels > 1 ? `×${s.inChannels}, channel ${st.focusChannel + 1} in front` : ''}` +
        (padTop + g.rows.padAfter + padLeft + g.cols.padAfter > 0
          ? `, zero padding ${padTop} top, ${g.rows.padAfter} bottom, ${padLeft} left, ${g.cols.padAfter} right`
          : ', no padding'),
    );
    this.drawStack(this.inputSvg, s.inChannels, paddedW * cell, paddedH * cell);
    const inputLayer = this.layer(this.inputSvg, 'cells', inStack);
    const inputJoin = inputLayer
      .selectAll<SVGGElement, InputCell>('g.xcell')
      .data(inputCells, (d) => d.key)
      .join((enter) => {
        const gEl = enter.append('g');
        gEl.append('rect');
        gEl.append('text');
        return gEl;
      })
      .attr('class', (d) => {
        const cls = ['xcell'];
        if (d.padding) cls.push('xcell--pad');
        if (d.unreached) cls.push('xcell--unreached');
        if (windowKeys.has(d.key)) cls.push('xcell--window');
        if (pickedKey === d.key) cls.push('xcell--picked');
        if (linkedInputs.has(d.key)) cls.push('xcell--linked');
        if (this.hover?.kind === 'input' && this.hover.y === d.y && this.hover.x === d.x) cls.push('xcell--hover');
        return cls.join(' ');
      })
      .attr('data-testid', (d) => (d.padding ? 'pad-cell' : 'input-cell'))
      .attr('data-y', (d) => d.y)
      .attr('data-x', (d) => d.x)
      .attr('transform', (d) => `translate(${d.col * cell},${d.row * cell})`)
      // A tap sends the same mouseenter (the browser's compatibility mouse events), so a finger sees
      // the links too: the help says "tap" on a touch device.
      .on('mouseenter', (_e, d) => this.setHover({ kind: 'input', y: d.y, x: d.x }));
    inputJoin
      .select('rect')
      .attr('width', cell)
      .attr('height', cell)
      .style('fill', (d) => (d.padding ? null : inputScale.fill(d.value)));
    inputJoin
      .select('text')
      .attr('x', cell / 2)
      .attr('y', cell / 2)
      .attr('font-size', fontSize)
      .style('fill', (d) => (d.padding ? null : inputScale.ink(d.value)))
      .text((d) => (showNumbers ? formatCell(d.value) : ''));

    // The window's outline over its whole (dilated) extent, on top of the cells.
    const outline = this.layer(this.inputSvg, 'window', inStack);
    const frames = current ? [windowOrigin(g, s, current[0], current[1])] : [];
    outline
      .selectAll('rect')
      .data(frames)
      .join('rect')
      .attr('class', 'xview__window')
      .attr('x', (d) => (d[1] + padLeft) * cell)
      .attr('y', (d) => (d[0] + padTop) * cell)
      .attr('width', g.cols.effectiveKernel * cell)
      .attr('height', g.rows.effectiveKernel * cell);
    // The picked maximum also gets a dot, so it stands out from the window frame without colour.
    const pickedCell = pickedKey ? inputCells.find((c) => c.key === pickedKey) : undefined;
    outline
      .selectAll('circle')
      .data(pickedCell ? [pickedCell] : [])
      .join('circle')
      .attr('class', 'xview__picked')
      .attr('data-testid', 'picked-marker')
      .attr('cx', (d) => d.col * cell + cell - Math.max(4, cell * 0.14))
      .attr('cy', (d) => d.row * cell + Math.max(4, cell * 0.14))
      .attr('r', Math.max(2.5, cell * 0.1));

    // ---- kernel ----
    this.drawKernel(s, st, cell);

    // ---- output ----
    const outCells: OutputCell[] = [];
    for (let oy = 0; oy < g.outHeight; oy++)
      for (let ox = 0; ox < g.outWidth; ox++)
        outCells.push({ key: `${oy},${ox}`, oy, ox, step: oy * g.outWidth + ox, value: result.output[(oy * g.outWidth + ox) * s.outChannels + st.outChannel] });
    const outScale = colourScale(outCells.map((c) => c.value));
    const outStack = stack(s.outChannels);
    this.sizeSvg(this.outputSvg, g.outWidth * cell + outStack, g.outHeight * cell + outStack);
    this.outputSvg.attr('aria-label', `Output ${g.outHeight}×${g.outWidth}${s.outChannels > 1 ? `×${s.outChannels}, channel ${st.outChannel + 1} in front` : ''}`);
    this.drawStack(this.outputSvg, s.outChannels, g.outWidth * cell, g.outHeight * cell);
    const outJoin = this.layer(this.outputSvg, 'cells', outStack)
      .selectAll<SVGGElement, OutputCell>('g.ycell')
      .data(outCells, (d) => d.key)
      .join((enter) => {
        const gEl = enter.append('g');
        gEl.append('rect');
        gEl.append('text');
        return gEl;
      })
      .attr('class', (d) => {
        const cls = ['ycell'];
        if (d.step > st.step) cls.push('ycell--pending');
        if (d.step === st.step) cls.push('ycell--current');
        if (linkedOutputs.has(d.key)) cls.push('ycell--linked');
        if (this.hover?.kind === 'output' && this.hover.oy === d.oy && this.hover.ox === d.ox) cls.push('ycell--hover');
        return cls.join(' ');
      })
      .attr('data-testid', (d) => (d.step === st.step ? 'output-current' : 'output-cell'))
      .attr('data-y', (d) => d.oy)
      .attr('data-x', (d) => d.ox)
      .attr('transform', (d) => `translate(${d.ox * cell},${d.oy * cell})`)
      .on('mouseenter', (_e, d) => this.setHover({ kind: 'output', oy: d.oy, ox: d.ox }))
      .on('click', (_e, d) => this.options.onPick?.(d.step));
    outJoin
      .select('rect')
      .attr('width', cell)
      .attr('height', cell)
      .style('fill', (d) => (d.step > st.step ? null : outScale.fill(d.value)));
    outJoin
      .select('text')
      .attr('x', cell / 2)
      .attr('y', cell / 2)
      .attr('font-size', fontSize)
      .style('fill', (d) => outScale.ink(d.value))
      .text((d) => (showNumbers && d.step <= st.step ? formatCell(d.value) : ''));
  }

  /** The kernel's weights at the current step (null for a pooling window, which has none). */
  private kernelWeights(s: ExplorerSetup, st: SlidingWindowState): Array<{ key: string; ky: number; kx: number; w: number | null }> {
    const weights: Array<{ key: string; ky: number; kx: number; w: number | null }> = [];
    for (let ky = 0; ky < s.kernelHeight; ky++)
      for (let kx = 0; kx < s.kernelWidth; kx++)
        weights.push({ key: `${ky},${kx}`, ky, kx, w: s.op === 'conv' ? s.kernel[kernelIndex(s, ky, kx, st.focusChannel, st.outChannel)] : null });
    return weights;
  }

  /** The kernel's cell and font: sized for its longest weight, within the view's width. */
  private kernelFit(s: ExplorerSetup, st: SlidingWindowState, cell: number) {
    const labels = this.kernelWeights(s, st).map((d) => (d.w === null ? 'max' : formatCell(d.w)));
    const width = this.root.clientWidth || 1100;
    return kernelCell(labels, s.kernelWidth, cell, Math.floor((width - GAP) / Math.max(s.kernelWidth, 1)));
  }

  private drawKernel(s: ExplorerSetup, st: SlidingWindowState, cell: number): void {
    // Big enough to read its weights from the back of a room, never wider than the view.
    const { size: kcell, fontPx } = this.kernelFit(s, st, cell);
    const isConv = s.op === 'conv';
    const inStack = isConv ? Math.min(s.inChannels - 1, 3) * STACK_OFFSET : 0;
    this.sizeSvg(this.kernelSvg, s.kernelWidth * kcell + inStack, s.kernelHeight * kcell + inStack);
    this.kernelSvg.attr(
      'aria-label',
      isConv
        ? `Kernel ${s.kernelHeight}×${s.kernelWidth}${s.inChannels > 1 ? `×${s.inChannels}` : ''} of filter ${st.outChannel + 1}, bias ${formatCell(s.bias[st.outChannel] ?? 0)}`
        : `${s.op === 'maxPool' ? 'Max' : 'Average'} pooling window ${s.kernelHeight}×${s.kernelWidth}`,
    );
    this.drawStack(this.kernelSvg, isConv ? s.inChannels : 1, s.kernelWidth * kcell, s.kernelHeight * kcell);
    const weights = this.kernelWeights(s, st);
    const scale = colourScale(weights.map((d) => d.w ?? 0));
    const join = this.layer(this.kernelSvg, 'cells', inStack)
      .selectAll<SVGGElement, (typeof weights)[number]>('g.kcell')
      .data(weights, (d) => d.key)
      .join((enter) => {
        const gEl = enter.append('g').attr('class', 'kcell');
        gEl.append('rect');
        gEl.append('text');
        return gEl;
      })
      .attr('data-testid', 'kernel-cell')
      .attr('transform', (d) => `translate(${d.kx * kcell},${d.ky * kcell})`);
    join
      .select('rect')
      .attr('width', kcell)
      .attr('height', kcell)
      .style('fill', (d) => (d.w === null ? null : scale.fill(d.w)));
    join
      .select('text')
      .attr('x', kcell / 2)
      .attr('y', kcell / 2)
      .attr('font-size', fontPx)
      .style('fill', (d) => (d.w === null ? null : scale.ink(d.w)))
      .text((d) => (d.w === null ? (s.op === 'maxPool' ? 'max' : 'avg') : fontPx >= 10 ? formatCell(d.w) : ''));
  }

  /** Frames behind the front grid, one per further channel (at most three), like a deck of cards. */
  private drawStack(svg: Selection<SVGSVGElement, unknown, null, undefined>, depth: number, w: number, h: number): void {
    const behind = Math.min(depth - 1, 3);
    const frames = Array.from({ length: behind }, (_, i) => behind - i);
    // The farthest channel sits top-right; the front grid is shifted down by the stack depth.
    this.layer(svg, 'stack', 0)
      .selectAll('rect')
      .data(frames)
      .join('rect')
      .attr('class', 'xview__stack')
      .attr('x', (d) => d * STACK_OFFSET)
      .attr('y', (d) => (behind - d) * STACK_OFFSET)
      .attr('width', w)
      .attr('height', h);
  }

  /** A <g> layer of the svg, created once, in a fixed order so cells sit above the stack. */
  private layer(svg: Selection<SVGSVGElement, unknown, null, undefined>, name: string, offset: number): Selection<SVGGElement, unknown, null, undefined> {
    let g = svg.select<SVGGElement>(`g.xview__layer--${name}`);
    if (g.empty()) g = svg.append('g').attr('class', `xview__layer xview__layer--${name}`);
    // Cells shift down by the stack depth so the frames peek out above and to the right.
    return g.attr('transform', name === 'stack' ? null : `translate(0,${offset})`);
  }

  private sizeSvg(svg: Selection<SVGSVGElement, unknown, null, undefined>, w: number, h: number): void {
    svg.attr('width', Math.max(w, 1) + 2).attr('height', Math.max(h, 1) + 2).attr('viewBox', `-1 -1 ${Math.max(w, 1) + 2} ${Math.max(h, 1) + 2}`);
  }
}
