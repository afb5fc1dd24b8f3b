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
