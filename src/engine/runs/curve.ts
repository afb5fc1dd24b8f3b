/**
 * Kept-run curves stay small whatever the run's length: a live curve is halved whenever it grows past
 * twice its budget (cheap, done as points arrive), and a stored one is picked down to its budget,
 * evenly, keeping the first and last points so the chart starts and ends where the run did.
 */

/** Points kept per stored curve: enough for a smooth line on a projector, small in IndexedDB. */
export const MAX_KEPT_POINTS = 240;

/** At most `max` points of `points`, evenly spaced by index, first and last always kept. */
export function downsample<T>(points: readonly T[], max = MAX_KEPT_POINTS): T[] {
  if (points.length <= max) return [...points];
  if (max <= 1) return points.length ? [points[points.length - 1]] : [];
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}

/** Halves a growing curve (every other point dropped, the last kept) once it exceeds `2 * max`. */
export function thinWhileGrowing<T>(points: T[], max = MAX_KEPT_POINTS): T[] {
  if (points.length <= 2 * max) return points;
  const kept = points.filter((_, i) => i % 2 === 0);
  const last = points[points.length - 1];
  if (kept[kept.length - 1] !== last) kept.push(last);
  return kept;
}
