import { describe, expect, it } from 'vitest';
import { tileLayout } from './tileLayout';

const limits = { minTile: 40, maxTile: 96, gap: 4 };

describe('tileLayout', () => {
  it('shows every channel at the largest size that fits', () => {
    const layout = tileLayout(8, 200, 400, limits);
    expect(layout.shown).toBe(8);
    expect(layout.more).toBe(0);
    // Two 96 px tiles side by side need 196 px; four rows of them need 396 px.
    expect(layout.size).toBe(96);
    expect(layout.columns).toBe(2);
  });

  it('shrinks tiles before hiding any', () => {
    const layout = tileLayout(8, 100, 200, limits);
    expect(layout.shown).toBe(8);
    expect(layout.size).toBeGreaterThanOrEqual(40);
    expect(layout.size).toBeLessThan(96);
    expect(Math.ceil(8 / layout.columns) * (layout.size + 4) - 4).toBeLessThanOrEqual(200);
  });

  it('hides the rest behind "+ N more" rather than drawing tiny tiles', () => {
    const layout = tileLayout(64, 130, 180, limits);
    expect(layout.size).toBe(40);
    // 3 columns × 4 rows = 12 slots, the last one is the "+ more" button.
    expect(layout.columns).toBe(3);
    expect(layout.shown).toBe(11);
    expect(layout.more).toBe(53);
    expect(layout.shown + layout.more).toBe(64);
  });

  it('always shows at least one tile, and nothing for no channels', () => {
    expect(tileLayout(32, 20, 20, limits).shown).toBe(1);
    expect(tileLayout(0, 200, 200, limits)).toMatchObject({ shown: 0, more: 0 });
  });
});
