import { describe, expect, it } from 'vitest';
import { KERNEL_FONT_PX, formatCell, kernelCell, labelWidth } from './cellFormat';

describe('the kernel\'s cells fit their weights', () => {
  it('gives "0.04" a readable font and a gap on each side (it had 12 px in a 32 px cell)', () => {
    const labels = Array.from({ length: 25 }, () => formatCell(0.04));
    const { size, fontPx } = kernelCell(labels, 5, 10, 400);
    expect(fontPx).toBe(KERNEL_FONT_PX);
    expect(size - labelWidth('0.04', fontPx)).toBeGreaterThanOrEqual(8);
  });

  it('fits the longest weight, "−0.12", and keeps a small kernel large', () => {
    const { size, fontPx } = kernelCell(['1', '−0.12', '0.5'], 3, 10, 400);
    expect(size - labelWidth('−0.12', fontPx)).toBeGreaterThanOrEqual(8);
    expect(kernelCell(['1', '0', '2'], 3, 10, 400).size).toBe(40);
  });

  it('grows with the input\'s cells and shrinks its font only where the view is too narrow', () => {
    expect(kernelCell(['0.04'], 5, 60, 400).size).toBe(60);
    const narrow = kernelCell(['0.04'], 8, 10, 30);
    expect(narrow.size).toBe(30);
    expect(narrow.fontPx).toBeLessThan(KERNEL_FONT_PX);
    expect(labelWidth('0.04', narrow.fontPx)).toBeLessThanOrEqual(30 - 8);
  });
});
