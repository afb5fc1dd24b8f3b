/**
 * How the explorer writes and colours one number: short enough to fit a grid cell, and a colour
 * scale that keeps sign visible (diverging) or reads like an image (grey) when nothing is negative.
 */
import { interpolateRdBu } from 'd3';

/** A number as short as the cell allows: 4.25, −0.5, 12.3, 118. */
export function formatCell(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : v < 0 ? '−∞' : '–';
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = v.toFixed(digits).replace(/\.?0+$/, '');
  const cleaned = text === '-0' ? '0' : text;
  return cleaned.replace('-', '−');
}

/** Full precision for the step detail, where there is room: up to 4 decimals. */
export function formatDetail(v: number): string {
  if (!Number.isFinite(v)) return formatCell(v);
  const text = (Math.round(v * 10000) / 10000).toString();
  return (text === '-0' ? '0' : text).replace('-', '−');
}

export interface ColourScale {
  fill(v: number): string;
  /** Black or white, whichever reads on that fill. */
  ink(v: number): string;
}

/** Grey for non-negative grids (an image reads as an image), red-blue around 0 otherwise. */
export function colourScale(values: ArrayLike<number>): ColourScale {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo >= 0) {
    const top = hi > 0 ? hi : 1;
    const grey = (v: number) => Math.round(24 + 231 * Math.min(Math.max(v / top, 0), 1));
    return {
      fill: (v) => {
        const g = grey(v);
        return `rgb(${g}, ${g}, ${g})`;
      },
      ink: (v) => (grey(v) > 140 ? '#111' : '#f4f4f4'),
    };
  }
  const m = Math.max(-lo, hi) || 1;
  // RdBu runs red (t = 0) to blue (t = 1); positive values are blue, as the theme's --positive.
  const t = (v: number) => 0.5 + 0.5 * Math.min(Math.max(v / m, -1), 1);
  return {
    fill: (v) => interpolateRdBu(t(v)),
    ink: (v) => (Math.abs(t(v) - 0.5) > 0.33 ? '#f4f4f4' : '#111'),
  };
}

/** The kernel's weights are read from the back of a room: never smaller than this. */
export const KERNEL_FONT_PX = 15;
/** Space on either side of a weight inside its cell, so that neighbours never touch. */
const KERNEL_PAD_PX = 5;

/** A label's width at `fontPx`, a little over DejaVu Sans's digits (0.64 em) so it never overflows. */
export function labelWidth(text: string, fontPx: number): number {
  return Math.ceil(text.length * fontPx * 0.64);
}

/**
 * The kernel's cell size for its written weights: wide enough for the longest one at
 * KERNEL_FONT_PX with a gap on each side ("0.04" in a 32 px cell at 12 px ran into its
 * neighbours), at least `cell` (the input's) and at most `most`.
 */
export function kernelCell(labels: readonly string[], kernelWidth: number, cell: number, most: number): { size: number; fontPx: number } {
  const longest = labels.reduce((n, label) => Math.max(n, label.length), 1);
  const wanted = labelWidth('0'.repeat(longest), KERNEL_FONT_PX) + 2 * KERNEL_PAD_PX;
  // A small kernel is drawn large anyway (40 px cells for a 3×3), as it always was.
  const roomy = Math.max(18, Math.min(40, Math.floor(240 / Math.max(kernelWidth, 1))));
  const size = Math.max(cell, Math.min(Math.max(wanted, roomy), most));
  // Where `most` leaves less room, the font shrinks with the cell (the caller hides it under 10 px).
  const fontPx = Math.min(KERNEL_FONT_PX, Math.floor((size - 2 * KERNEL_PAD_PX) / (0.64 * longest)));
  return { size, fontPx };
}
