import { describe, expect, it } from 'vitest';
import { MIN_HEIGHT, MIN_WIDTH, overlaps, placePanel, placePanelClearOf } from './panelPlacement';

const panelBox = (p: ReturnType<typeof placePanel>) => ({ left: p.left, top: p.top, width: p.width, height: p.maxHeight });

describe('where the lesson panel goes', () => {
  const bounds = { left: 0, top: 50, width: 1280, height: 670 };

  it('keeps clear of a wide band in the middle (the picture), in the larger free band', () => {
    const picture = { left: 0, top: 130, width: 1280, height: 360 };
    const p = placePanel(picture, bounds);
    expect(p.clear).toBe(true);
    expect(overlaps(panelBox(p), picture)).toBe(false);
    expect(p.top).toBeGreaterThanOrEqual(490);
    expect(p.maxHeight).toBeGreaterThanOrEqual(MIN_HEIGHT);
  });

  it('sits beside a narrow column, inside the page', () => {
    const column = { left: 150, top: 130, width: 120, height: 360 };
    const p = placePanel(column, { left: 0, top: 50, width: 1024, height: 718 });
    expect(p.clear).toBe(true);
    expect(overlaps(panelBox(p), column)).toBe(false);
    expect(p.left + p.width).toBeLessThanOrEqual(1024);
    expect(p.width).toBeGreaterThanOrEqual(MIN_WIDTH);
  });

  it('falls back to a corner, saying so, when the target fills the page', () => {
    const p = placePanel({ left: 0, top: 50, width: 1280, height: 670 }, bounds);
    expect(p.clear).toBe(false);
    expect(p.left).toBeGreaterThanOrEqual(0);
  });

  it('without a target, takes a corner', () => {
    expect(placePanel(null, bounds).clear).toBe(true);
  });

  it('keeps clear of two targets at once: the explorer\'s grids and the step panel beside them (1280×720)', () => {
    // Lesson 2, step 1 at 1280×720, as measured: the grids and, at the right, the step and formula panels.
    const grids = { left: 300, top: 190, width: 600, height: 300 };
    const aside = { left: 917, top: 60, width: 338, height: 900 };
    const p = placePanelClearOf([grids, aside], { left: 0, top: 48, width: 1280, height: 672 });
    expect(p.clear).toBe(true);
    expect(overlaps(panelBox(p), grids)).toBe(false);
    expect(overlaps(panelBox(p), aside)).toBe(false);
    expect(p.width).toBeGreaterThanOrEqual(MIN_WIDTH);
    expect(p.top + p.maxHeight).toBeLessThanOrEqual(720);
  });
});
