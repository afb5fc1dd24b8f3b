import { describe, expect, it } from 'vitest';
import { downsample, MAX_KEPT_POINTS, thinWhileGrowing } from './curve';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('kept-run curves', () => {
  it('downsample keeps short curves whole and long ones to the budget, first and last kept', () => {
    expect(downsample(range(5), 10)).toEqual(range(5));
    const long = downsample(range(10_001));
    expect(long).toHaveLength(MAX_KEPT_POINTS);
    expect(long[0]).toBe(0);
    expect(long.at(-1)).toBe(10_000);
    expect(long.every((v, i) => i === 0 || v > long[i - 1])).toBe(true);
  });

  it('thinWhileGrowing bounds a live curve at twice the budget, keeping the newest point', () => {
    let points: number[] = [];
    for (let i = 0; i < 5000; i++) points = thinWhileGrowing([...points, i], 100);
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points.at(-1)).toBe(4999);
    expect(points[0]).toBe(0);
  });
});
