/**
 * A chart axis that changes only what moved. d3's axis rewrites every tick's text on each call, and
 * a training chart is redrawn a few times a second while the worker trains on both cores: each new
 * text node is shaped and laid out again, and that main-thread work, repeated on four axes, made
 * frames of 25–50 ms on a 2-core machine. Here a tick is keyed by its label, so a tick that stays
 * (the usual case: "0.5" is still "0.5" as the domain grows) only moves, and a redraw with nothing
 * changed touches nothing. The markup is d3's (g.tick > line + text, path.domain), so its styling
 * and the tests that read tick labels are unchanged, but ticks are placed by coordinates (below).
 */
import type { Selection } from 'd3';

export type AxisSide = 'bottom' | 'left';

export interface AxisScale {
  (value: number): number;
  range(): number[];
}

const TICK = 6;
const GAP = 3;
/** d3's half-pixel shift, which keeps one-pixel lines sharp on a screen of one device pixel per px. */
const offset = (): number => (typeof window !== 'undefined' && window.devicePixelRatio > 1 ? 0 : 0.5);

/** The domain line's path: d3's, with the outer ticks of length 6. */
export function domainPath(side: AxisSide, range: number[], shift = 0.5): string {
  const [r0, r1] = [range[0] + shift, range[1] + shift];
  return side === 'bottom' ? `M${r0},${TICK}V${shift}H${r1}V${TICK}` : `M${-TICK},${r0}H${shift}V${r1}H${-TICK}`;
}

/**
 * Draws (or updates) an axis in `g`. Returns true when something in the DOM changed. Only
 * attributes whose values differ are written.
 */
export function renderAxis(
  g: Selection<SVGGElement, unknown, null, undefined>,
  side: AxisSide,
  scale: AxisScale,
  values: number[],
  label: (value: number) => string,
): boolean {
  let changed = false;
  const set = (element: Element, name: string, value: string): void => {
    if (element.getAttribute(name) === value) return;
    element.setAttribute(name, value);
    changed = true;
  };
  const root = g.node();
  if (!root) return false;
  if (!root.hasAttribute('fill')) {
    g.attr('fill', 'none').attr('font-size', 10).attr('font-family', 'sans-serif');
    g.append('path').attr('class', 'domain').attr('stroke', 'currentColor');
  }
  set(root, 'text-anchor', side === 'bottom' ? 'middle' : 'end');
  const domain = root.querySelector('path.domain');
  const shift = offset();
  if (domain) set(domain, 'd', domainPath(side, scale.range(), shift));
  const ticks = values.map((value) => ({ value, text: label(value) }));
  g.selectAll<SVGGElement, { value: number; text: string }>('g.tick')
    .data(ticks, (t) => t.text)
    .join(
      (enter) => {
        if (!enter.empty()) changed = true;
        const tick = enter.append('g').attr('class', 'tick').attr('opacity', 1);
        const line = tick.append('line').attr('stroke', 'currentColor');
        const text = tick.append('text').attr('fill', 'currentColor');
        if (side === 'bottom') {
          line.attr('y2', TICK);
          text.attr('y', TICK + GAP).attr('dy', '0.71em');
        } else {
          line.attr('x2', -TICK);
          text.attr('x', -(TICK + GAP)).attr('dy', '0.32em');
        }
        text.text((t) => t.text);
        return tick;
      },
      (update) => update,
      (exit) => {
        if (!exit.empty()) changed = true;
        exit.remove();
      },
    )
    .order()
    .each(function (t) {
      // Placed by coordinates, not by a transform: a changed SVG transform is a changed paint
      // property, and every such change sends the whole page through layerisation again (≈ 8 ms a
      // frame on the Build view), where moved coordinates are only a repaint.
      const at = String(scale(t.value) + shift);
      const line = this.firstElementChild;
      const text = this.lastElementChild;
      if (!line || !text) return;
      const [a, b] = side === 'bottom' ? ['x1', 'x2'] : ['y1', 'y2'];
      set(line, a, at);
      set(line, b, at);
      set(text, side === 'bottom' ? 'x' : 'y', at);
    });
  return changed;
}
