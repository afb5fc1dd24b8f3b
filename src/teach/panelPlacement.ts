/**
 * Where the lesson panel goes so that it does not cover what the learner must look at: in the
 * largest free band beside the step's target (below, above, right or left of it, inside the page
 * under the header), sized to that band. Pure geometry, unit-tested; the panel calls it whenever the
 * step or the layout changes.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Placement {
  left: number;
  top: number;
  width: number;
  maxHeight: number;
  /** False when no band was large enough and the panel had to overlap the target. */
  clear: boolean;
}

const GAP = 8;
/** A panel narrower or lower than this is unreadable: such a band is not used. */
export const MIN_WIDTH = 280;
export const MIN_HEIGHT = 140;
export const PREFERRED_WIDTH = 560;

/**
 * The panel's place inside `bounds` (the page below the header), clear of `target` when a band of at
 * least MIN_WIDTH × MIN_HEIGHT exists beside it; else a corner of `bounds` at the minimum size.
 */
export function placePanel(target: Box | null, bounds: Box): Placement {
  return placePanelClearOf(target ? [target] : [], bounds);
}

/**
 * The panel's place inside `bounds`, clear of every box in `targets` (what the step shows, and what
 * its text sends the learner to: "the formula under the step panel"). The candidates are the
 * rectangles whose edges lie on the bounds' and the targets' edges (a handful per axis), so the
 * free space between two targets is found as well as the bands beside one. Parts of a target
 * outside `bounds` (below the fold) do not count.
 */
export function placePanelClearOf(targets: Box[], bounds: Box): Placement {
  const right = bounds.left + bounds.width;
  const bottom = bounds.top + bounds.height;
  const fallback = (): Placement => {
    const width = Math.min(PREFERRED_WIDTH, bounds.width - 2 * GAP);
    return { left: right - width - GAP, top: bottom - Math.min(bounds.height - 2 * GAP, 320) - GAP, width, maxHeight: Math.min(bounds.height - 2 * GAP, 320), clear: targets.length === 0 };
  };
  const shown = targets
    .map((t) => {
      const left = Math.max(t.left, bounds.left);
      const top = Math.max(t.top, bounds.top);
      return { left, top, width: Math.min(t.left + t.width, right) - left, height: Math.min(t.top + t.height, bottom) - top };
    })
    .filter((t) => t.width > 0 && t.height > 0);
  if (shown.length === 0) return { ...fallback(), clear: true };

  const edges = (a: number, b: number, starts: number[], ends: number[]) => [...new Set([a, b, ...starts, ...ends])].filter((v) => v >= a && v <= b).sort((x, y) => x - y);
  const xs = edges(bounds.left, right, shown.map((t) => t.left), shown.map((t) => t.left + t.width));
  const ys = edges(bounds.top, bottom, shown.map((t) => t.top), shown.map((t) => t.top + t.height));
  const usable: Box[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++)
      for (let k = 0; k < ys.length; k++)
        for (let l = k + 1; l < ys.length; l++) {
          const free = { left: xs[i], top: ys[k], width: xs[j] - xs[i], height: ys[l] - ys[k] };
          if (shown.some((t) => overlaps(free, t))) continue;
          const band = { left: free.left + GAP, top: free.top + GAP, width: free.width - 2 * GAP, height: free.height - 2 * GAP };
          if (band.width >= MIN_WIDTH && band.height >= MIN_HEIGHT) usable.push(band);
        }
  if (usable.length === 0) return { ...fallback(), clear: false };
  // The band that shows the most of a preferred-width panel.
  const score = (b: Box) => Math.min(b.width, PREFERRED_WIDTH) * b.height;
  const best = usable.reduce((a, b) => (score(b) > score(a) ? b : a));
  const width = Math.min(best.width, PREFERRED_WIDTH);
  // Hug the band's right edge (the page's tools sit left) and its top.
  return { left: best.left + best.width - width, top: best.top, width, maxHeight: best.height, clear: true };
}

/** True when two boxes share any area. */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}
