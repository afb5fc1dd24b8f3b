/**
 * A small d3 line chart for training curves: one SVG path per series (so ten updates a second stay
 * cheap however long the run), axes that rescale to the data, and a read-out of every series at the
 * x under the pointer or under the keyboard cursor (←/→ move it, Home/End jump). Framework-free: it
 * owns its element; `update(data)` redraws, `destroy()` removes it.
 */
import { format, line, pointer, scaleLinear, select, type Selection } from 'd3';
import { renderAxis } from './chartAxis';
import { setAttr } from './domWrites';

export type Point = [number, number];

export interface LineSeries {
  name: string;
  points: Point[];
  /** A CSS colour (a variable such as `var(--accent)` works). */
  color: string;
  dashed?: boolean;
  /** Draw a dot on every point (for sparse series such as per-epoch validation); a lone point always gets one. */
  markers?: boolean;
}

export interface LineChartData {
  series: LineSeries[];
  /** A fixed y range (accuracy: [0, 1]); otherwise it follows the data. */
  yDomain?: [number, number];
}

export interface LineChartOptions {
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Formats y values in the read-out and on the axis (d3-format specifier). */
  yFormat?: string;
  ariaLabel?: string;
}

const MARGIN = { top: 10, right: 16, bottom: 36, left: 52 };

/** The x and y extents of every finite point, padded so that a flat curve still has a visible range. */
export function chartDomains(
  series: LineSeries[],
  fixedY?: [number, number],
): { x: [number, number]; y: [number, number] } {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (!Number.isFinite(x0)) return { x: [0, 1], y: fixedY ?? [0, 1] };
  const x: [number, number] = [Math.min(0, x0), x1 > x0 ? x1 : x0 + 1];
  if (fixedY) return { x, y: fixedY };
  const pad = y1 > y0 ? (y1 - y0) * 0.05 : Math.max(Math.abs(y0) * 0.1, 0.1);
  return { x, y: [Math.max(0, y0 - pad), y1 + pad] };
}

/** Index of the point whose x is nearest to `x` in points sorted by x; -1 when there are none. */
export function nearestIndex(points: readonly Point[], x: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid][0] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo][0] - x) <= Math.abs(points[hi][0] - x) ? lo : hi;
}

/** A text's width in px at `fontPx`, estimated (SVG text is not measured before it is laid out). */
function textWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.62;
}

/**
 * Tick values for a linear scale, at most `most` of them, none closer than `minGapPx` to the next
 * (projector mode's 18 px labels on a 54 px tall plot: "100%", "50%", "0%" touched). Fewer ticks
 * are tried until they are spaced; the domain's two ends are the last resort.
 */
export function spacedTicks(scale: { ticks(count: number): number[]; domain(): number[]; (value: number): number }, most: number, minGapPx: number): number[] {
  for (let count = most; count >= 1; count--) {
    const values = scale.ticks(count);
    const gaps = values.slice(1).map((v, i) => Math.abs(scale(v) - scale(values[i])));
    if (values.length >= 2 && gaps.every((gap) => gap >= minGapPx)) return values;
  }
  const [a, b] = scale.domain();
  return Math.abs(scale(b) - scale(a)) >= minGapPx ? [a, b] : [a];
}

export class LineChart {
  private readonly root: HTMLDivElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly plot: Selection<SVGGElement, unknown, null, undefined>;
  private readonly xAxis: Selection<SVGGElement, unknown, null, undefined>;
  private readonly yAxis: Selection<SVGGElement, unknown, null, undefined>;
  private readonly lines: Selection<SVGGElement, unknown, null, undefined>;
  private readonly cursor: Selection<SVGGElement, unknown, null, undefined>;
  private readonly readout: HTMLDivElement;
  private readonly legend: HTMLUListElement;
  private readonly resize: ResizeObserver;
  /** Hidden text in the axes' font: its box changes size when the font does (projector mode). */
  private readonly fontProbe: SVGTextElement;
  /** The axis labels' font size, read when the probe's box changes (null: not read yet). */
  private fontPx: number | null = null;
  private data: LineChartData = { series: [] };
  private width = 0;
  private readonly height: number;
  private cursorX: number | null = null;
  private readonly x = scaleLinear();
  private readonly y = scaleLinear();

  constructor(
    container: HTMLElement,
    private readonly options: LineChartOptions = {},
  ) {
    this.height = options.height ?? 200;
    this.root = document.createElement('div');
    this.root.className = 'line-chart';
    this.legend = document.createElement('ul');
    this.legend.className = 'line-chart__legend';
    this.readout = document.createElement('div');
    this.readout.className = 'line-chart__readout';
    this.readout.setAttribute('aria-live', 'off');
    this.readout.textContent = '\u00a0';
    container.appendChild(this.root);
    this.root.appendChild(this.legend);

    this.svg = select(this.root)
      .append('svg')
      .attr('class', 'line-chart__svg')
      .attr('height', this.height)
      .attr('tabindex', 0)
      .attr('role', 'img')
      .attr('aria-label', options.ariaLabel ?? 'line chart');
    this.plot = this.svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    this.xAxis = this.plot.append('g').attr('class', 'line-chart__axis');
    this.yAxis = this.plot.append('g').attr('class', 'line-chart__axis');
    this.plot
      .append('text')
      .attr('class', 'line-chart__label line-chart__label--x')
      .attr('text-anchor', 'end')
      .text(options.xLabel ?? '');
    this.plot
      .append('text')
      .attr('class', 'line-chart__label')
      .attr('text-anchor', 'start')
      .attr('x', 4)
      .attr('y', 10)
      .text(options.yLabel ?? '');
    this.lines = this.plot.append('g');
    this.cursor = this.plot.append('g').attr('class', 'line-chart__cursor').style('display', 'none');
    this.cursor.append('line').attr('class', 'line-chart__rule');
    this.root.appendChild(this.readout);

    this.svg
      .on('pointermove', (event: PointerEvent) => {
        const [px] = pointer(event, this.plot.node());
        this.setCursor(this.x.invert(px));
      })
      .on('pointerleave', () => this.setCursor(null))
      .on('keydown', (event: KeyboardEvent) => this.onKey(event))
      .on('blur', () => this.setCursor(null));

    this.fontProbe = this.plot
      .append('g')
      .attr('class', 'line-chart__axis')
      .attr('aria-hidden', 'true')
      .append('text')
      .attr('visibility', 'hidden')
      .text('0')
      .node() as SVGTextElement;

    // Reading the font size on every redraw forced a style recalculation a few times a second; it
    // changes only with the stylesheet (projector mode), which resizes the probe.
    this.resize = new ResizeObserver((entries) => {
      if (entries.some((entry) => entry.target === this.fontProbe)) {
        this.fontPx = null;
        this.width = 0;
      }
      this.layout();
    });
    this.resize.observe(this.root);
    this.resize.observe(this.fontProbe);
    this.layout();
  }

  update(data: LineChartData): void {
    this.data = data;
    this.render();
  }

  destroy(): void {
    this.resize.disconnect();
    this.root.remove();
  }

  private layout(): void {
    const width = Math.max(200, Math.floor(this.root.clientWidth));
    if (width === this.width) return;
    this.width = width;
    this.svg.attr('width', width).attr('viewBox', `0 0 ${width} ${this.height}`);
    this.render();
  }

  private get innerWidth(): number {
    return Math.max(10, this.width - MARGIN.left - MARGIN.right);
  }

  /** The axis labels' font size as the stylesheet sets it (10 px, d3's own, where none does). */
  private tickFontPx(): number {
    if (this.fontPx === null) {
      const size = typeof getComputedStyle === 'function' ? parseFloat(getComputedStyle(this.fontProbe).fontSize) : NaN;
      this.fontPx = Number.isFinite(size) && size > 0 ? size : 10;
    }
    return this.fontPx;
  }

  private get innerHeight(): number {
    return this.height - MARGIN.top - MARGIN.bottom;
  }

  private render(): void {
    if (this.width === 0) return;
    const { series, yDomain } = this.data;
    const domains = chartDomains(series, yDomain);
    this.x.domain(domains.x).range([0, this.innerWidth]);
    this.y.domain(domains.y).range([this.innerHeight, 0]).nice();
    const yFormat = format(this.options.yFormat ?? '.2~f');
    // As many ticks as the labels' size leaves room for: projector mode's 18 px labels on a short
    // chart would otherwise overlap.
    const fontPx = this.tickFontPx();
    // The x axis's name sits at the right end of the tick row (where a unit goes), and no tick label
    // may reach it: at 18 px a tick under "epoch" ran into it.
    const xFormat = format('~g');
    const xLabelLeft = this.innerWidth + MARGIN.right - textWidth(this.options.xLabel ?? '', fontPx);
    const xTicks = this.x
      .ticks(Math.max(2, Math.floor(this.innerWidth / Math.max(70, fontPx * 4.5))))
      .filter((v) => this.x(v) + textWidth(xFormat(v), fontPx) / 2 + fontPx * 0.5 <= xLabelLeft);
    setAttr(this.xAxis.node(), 'transform', `translate(0,${this.innerHeight})`);
    renderAxis(this.xAxis, 'bottom', this.x, xTicks, xFormat);
    renderAxis(this.yAxis, 'left', this.y, spacedTicks(this.y, 5, fontPx * 1.6), (v) => yFormat(v));
    const xLabel = this.plot.select<SVGTextElement>('.line-chart__label--x').node();
    setAttr(xLabel, 'x', String(this.innerWidth + MARGIN.right));
    setAttr(xLabel, 'y', String(this.innerHeight + 9));
    setAttr(xLabel, 'dy', '0.71em');

    const path = line<Point>()
      .defined(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
      .x(([x]) => this.x(x))
      .y(([, y]) => this.y(y));
    const groups = this.lines
      .selectAll<SVGGElement, LineSeries>('g.line-chart__series')
      .data(series, (s) => s.name)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'line-chart__series');
        g.append('path').attr('class', 'line-chart__line');
        return g;
      });
    groups.select<SVGPathElement>('path').each(function (s) {
      setAttr(this, 'd', path(s.points) ?? '');
      setAttr(this, 'stroke', s.color);
      if (s.dashed) setAttr(this, 'stroke-dasharray', '6 4');
      else this.removeAttribute('stroke-dasharray');
    });
    groups
      .selectAll<SVGCircleElement, Point>('circle')
      .data((s) =>
        s.markers || s.points.length === 1
          ? s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
          : [],
      )
      .join('circle')
      .each((point, i, circles) => {
        const circle = circles[i];
        setAttr(circle, 'r', '3.5');
        setAttr(circle, 'cx', String(this.x(point[0])));
        setAttr(circle, 'cy', String(this.y(point[1])));
        setAttr(circle, 'fill', (circle.parentNode as SVGGElement).querySelector('path')?.getAttribute('stroke') ?? 'currentColor');
      });

    this.renderLegend();
    this.renderCursor();
  }

  private renderLegend(): void {
    const key = this.data.series.map((s) => `${s.name}|${s.color}|${s.dashed ? 1 : 0}`).join(';');
    if (this.legend.dataset.key === key) return;
    this.legend.dataset.key = key;
    this.legend.replaceChildren(
      ...this.data.series.map((s) => {
        const item = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = `line-chart__swatch${s.dashed ? ' line-chart__swatch--dashed' : ''}`;
        swatch.style.setProperty('--swatch', s.color);
        item.append(swatch, document.createTextNode(s.name));
        return item;
      }),
    );
  }

  private setCursor(x: number | null): void {
    this.cursorX = x;
    this.renderCursor();
  }

  /** All x values of every series, sorted, for keyboard stepping. */
  private allX(): number[] {
    const xs = new Set<number>();
    for (const s of this.data.series) for (const [x] of s.points) if (Number.isFinite(x)) xs.add(x);
    return [...xs].sort((a, b) => a - b);
  }

  private onKey(event: KeyboardEvent): void {
    const xs = this.allX();
    if (xs.length === 0) return;
    const current =
      this.cursorX === null
        ? -1
        : nearestIndex(
            xs.map((x) => [x, 0] as Point),
            this.cursorX,
          );
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = Math.min(xs.length - 1, current + 1);
    else if (event.key === 'ArrowLeft') next = current < 0 ? xs.length - 1 : Math.max(0, current - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = xs.length - 1;
    else if (event.key === 'Escape') return this.setCursor(null);
    if (next === null) return;
    event.preventDefault();
    this.setCursor(xs[next]);
  }

  private renderCursor(): void {
    const x = this.cursorX;
    if (x === null || this.data.series.every((s) => s.points.length === 0)) {
      if (this.root.dataset.cursor === undefined && this.readout.textContent === '\u00a0') return;
      this.cursor.style('display', 'none');
      delete this.root.dataset.cursor;
      this.readout.textContent = '\u00a0';
      return;
    }
    const yFormat = format(this.options.yFormat ?? '.3~f');
    const parts: string[] = [];
    const marks: { cx: number; cy: number; color: string }[] = [];
    let shownX = x;
    let bestGap = Infinity;
    for (const s of this.data.series) {
      const i = nearestIndex(s.points, x);
      if (i < 0) continue;
      const [px, py] = s.points[i];
      if (Math.abs(px - x) < bestGap) {
        bestGap = Math.abs(px - x);
        shownX = px;
      }
      parts.push(`${s.name} ${Number.isFinite(py) ? yFormat(py) : '—'}`);
      if (Number.isFinite(py)) marks.push({ cx: this.x(px), cy: this.y(py), color: s.color });
    }
    this.cursor.style('display', null);
    this.root.dataset.cursor = 'on';
    this.cursor
      .select('line')
      .attr('x1', this.x(shownX))
      .attr('x2', this.x(shownX))
      .attr('y1', 0)
      .attr('y2', this.innerHeight);
    this.cursor
      .selectAll('circle')
      .data(marks)
      .join('circle')
      .attr('r', 4.5)
      .attr('cx', (m) => m.cx)
      .attr('cy', (m) => m.cy)
      .attr('stroke', (m) => m.color);
    this.readout.textContent = `${this.options.xLabel ?? 'x'} ${format('.2~f')(shownX)}: ${parts.join(' · ')}`;
  }
}
