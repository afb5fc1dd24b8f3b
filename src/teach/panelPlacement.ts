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
  const right = bounds.left + bounds.width;
  const bottom = bounds.top + bounds.height;
  const fallback = (): Placement => {
    const width = Math.min(PREFERRED_WIDTH, bounds.width - 2 * GAP);
    return { left: right - width - GAP, top: bottom - Math.min(bounds.height - 2 * GAP, 320) - GAP, width, maxHeight: Math.min(bounds.height - 2 * GAP, 320), clear: target === null };
  };
  if (!target || target.width === 0 || target.height === 0) return { ...fallback(), clear: true };

  const tRight = target.left + target.width;
  const tBottom = target.top + target.height;
  const bands: Box[] = [
    { left: bounds.left, top: Math.max(tBottom, bounds.top), width: bounds.width, height: bottom - Math.max(tBottom, bounds.top) },
    { left: bounds.left, top: bounds.top, width: bounds.width, height: Math.min(target.top, bottom) - bounds.top },
    { left: Math.max(tRight, bounds.left), top: bounds.top, width: right - Math.max(tRight, bounds.left), height: bounds.height },
    { left: bounds.left, top: bounds.top, width: Math.min(target.left, right) - bounds.left, height: bounds.height },
  ].map((b) => ({ left: b.left + GAP, top: b.top + GAP, width: b.width - 2 * GAP, height: b.height - 2 * GAP }));
  const usable = bands.filter((b) => b.width >= MIN_WIDTH && b.height >= MIN_HEIGHT);
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
