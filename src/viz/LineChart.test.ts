import { describe, expect, it } from 'vitest';
import { rowShare, shortName } from './ConfusionMatrix';
import { scaleLinear } from 'd3';
import { chartDomains, nearestIndex, spacedTicks, type Point } from './LineChart';

describe('LineChart arithmetic', () => {
  it('finds the nearest point by binary search, ties going left', () => {
    const points: Point[] = [
      [0.1, 5],
      [0.2, 4],
      [0.5, 3],
      [1, 2],
    ];
    expect(nearestIndex(points, -3)).toBe(0);
    expect(nearestIndex(points, 0.14)).toBe(0);
    expect(nearestIndex(points, 0.16)).toBe(1);
    expect(nearestIndex(points, 0.35)).toBe(1);
    expect(nearestIndex(points, 0.8)).toBe(3);
    expect(nearestIndex(points, 9)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
    // Agrees with a linear scan on a long curve.
    const long: Point[] = Array.from({ length: 500 }, (_, i) => [i * 0.37, 0]);
    for (const x of [0, 3.3, 57.01, 120, 184.6]) {
      const scan = long.reduce(
        (best, [px], i) => (Math.abs(px - x) < Math.abs(long[best][0] - x) ? i : best),
        0,
      );
      expect(nearestIndex(long, x)).toBe(scan);
    }
  });

  it('rescales to the data, skips non-finite values, pads flat curves and honours a fixed y range', () => {
    const series = [
      {
        name: 'a',
        color: 'red',
        points: [
          [0.5, 2.3],
          [1, 1.1],
          [1.5, NaN],
        ] as Point[],
      },
      { name: 'b', color: 'blue', points: [[2, 0.9]] as Point[] },
    ];
    const d = chartDomains(series);
    expect(d.x).toEqual([0, 2]);
    expect(d.y[0]).toBeCloseTo(0.9 - 0.07);
    expect(d.y[1]).toBeCloseTo(2.3 + 0.07);
    expect(chartDomains(series, [0, 1]).y).toEqual([0, 1]);
    expect(chartDomains([{ name: 'flat', color: 'red', points: [[1, 2]] }])).toEqual({
      x: [0, 2],
      y: [1.8, 2.2],
    });
    expect(chartDomains([])).toEqual({ x: [0, 1], y: [0, 1] });
  });
});

describe('ConfusionMatrix arithmetic', () => {
  it('shades by share of the row and survives empty rows', () => {
    const confusion = [
      [3, 1],
      [0, 0],
    ];
    expect(rowShare(confusion, 0, 0)).toBe(0.75);
    expect(rowShare(confusion, 0, 1)).toBe(0.25);
    expect(rowShare(confusion, 1, 1)).toBe(0);
  });

  it('cuts long class names with an ellipsis', () => {
    expect(shortName('Ankle boot')).toBe('Ankle …');
    expect(shortName('Bag')).toBe('Bag');
    expect(shortName('T-shirt/top', 10)).toBe('T-shirt/t…');
  });

  it('spaces the y ticks for the labels\' size: 0–100 % on a 54 px plot at 18 px gets two, not three', () => {
    const y = scaleLinear().domain([0, 1]).range([54, 0]);
    expect(spacedTicks(y, 5, 18 * 1.6)).toEqual([0, 1]);
    // A tall plot keeps its five.
    expect(spacedTicks(y.copy().range([300, 0]), 5, 18 * 1.6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // Too short for two: the lower end only.
    expect(spacedTicks(y.copy().range([20, 0]), 5, 18 * 1.6)).toEqual([0]);
  });
});
