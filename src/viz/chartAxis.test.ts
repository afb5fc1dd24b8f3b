// @vitest-environment happy-dom
/**
 * The keyed axis: d3's markup, ticks that stay keep their text node (no reshaping), and a redraw
 * with nothing changed writes nothing.
 */
import { scaleLinear, select } from 'd3';
import { describe, expect, it } from 'vitest';
import { domainPath, renderAxis } from './chartAxis';

function axisGroup() {
  const svg = select(document.body).append('svg');
  return svg.append('g');
}

const labels = (g: ReturnType<typeof axisGroup>) => Array.from(g.node()!.querySelectorAll('g.tick text')).map((t) => t.textContent);

describe('renderAxis', () => {
  it("draws d3's markup: a domain path and one g.tick (line + text) per value, in order", () => {
    const g = axisGroup();
    const x = scaleLinear().domain([0, 2]).range([0, 200]);
    expect(renderAxis(g, 'bottom', x, [0, 1, 2], String)).toBe(true);
    expect(labels(g)).toEqual(['0', '1', '2']);
    const ticks = Array.from(g.node()!.querySelectorAll('g.tick'));
    expect(ticks.map((t) => t.querySelector('text')?.getAttribute('x'))).toEqual(['0.5', '100.5', '200.5']);
    expect(ticks.map((t) => t.querySelector('line')?.getAttribute('x1'))).toEqual(['0.5', '100.5', '200.5']);
    expect(ticks.every((t) => !t.hasAttribute('transform'))).toBe(true);
    expect(ticks[0].querySelector('line')?.getAttribute('y2')).toBe('6');
    expect(g.select('path.domain').attr('d')).toBe(domainPath('bottom', [0, 200]));
    expect(g.attr('text-anchor')).toBe('middle');
  });

  it('writes nothing when called again with the same scale and values', () => {
    const g = axisGroup();
    const y = scaleLinear().domain([0, 1]).range([100, 0]);
    renderAxis(g, 'left', y, [0, 0.5, 1], (v) => v.toFixed(1));
    const before = g.node()!.innerHTML;
    expect(renderAxis(g, 'left', y, [0, 0.5, 1], (v) => v.toFixed(1))).toBe(false);
    expect(g.node()!.innerHTML).toBe(before);
  });

  it('moves the ticks that stay (same text node), adds and removes the others, and keeps them in order', () => {
    const g = axisGroup();
    const x = scaleLinear().domain([0, 1]).range([0, 100]);
    renderAxis(g, 'bottom', x, [0, 0.5, 1], String);
    const half = Array.from(g.node()!.querySelectorAll('g.tick text'))[1].firstChild;
    x.domain([0, 2]);
    expect(renderAxis(g, 'bottom', x, [0, 0.5, 1, 1.5, 2], String)).toBe(true);
    expect(labels(g)).toEqual(['0', '0.5', '1', '1.5', '2']);
    const kept = Array.from(g.node()!.querySelectorAll('g.tick'))[1];
    expect(kept.querySelector('text')?.firstChild).toBe(half);
    expect(kept.querySelector('text')?.getAttribute('x')).toBe('25.5');
    renderAxis(g, 'bottom', x, [0, 1, 2], String);
    expect(labels(g)).toEqual(['0', '1', '2']);
  });
});
