/**
 * Zoom and pan of one square map inside a fixed viewport, the arithmetic only (no DOM): zoom about a
 * point (a pinch's midpoint, or the centre for the +/− buttons), pan by a drag, and keep the map
 * covering the viewport so that it can never be lost off to one side.
 */
export interface ZoomState {
  zoom: number;
  x: number;
  y: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 8;

export const FIT: ZoomState = { zoom: 1, x: 0, y: 0 };

/** The offsets clamped so that the zoomed map (size·zoom) still covers the viewport (size). */
export function clampPan(state: ZoomState, size: number): ZoomState {
  const min = size - size * state.zoom;
  return { zoom: state.zoom, x: Math.min(0, Math.max(min, state.x)), y: Math.min(0, Math.max(min, state.y)) };
}

/** Zooms by `factor` keeping the viewport point (px, py) over the same spot of the map. */
export function zoomAbout(state: ZoomState, factor: number, px: number, py: number, size: number): ZoomState {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, state.zoom * factor));
  const applied = zoom / state.zoom;
  return clampPan({ zoom, x: px - (px - state.x) * applied, y: py - (py - state.y) * applied }, size);
}

export function panBy(state: ZoomState, dx: number, dy: number, size: number): ZoomState {
  return clampPan({ zoom: state.zoom, x: state.x + dx, y: state.y + dy }, size);
}
