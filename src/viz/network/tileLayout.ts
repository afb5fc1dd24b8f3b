/**
 * How a column of the network picture shows a layer's channels in the space it has: as many as fit
 * at a readable size, the rest behind "+ N more". A column too narrow for all its maps shows fewer,
 * larger ones rather than many tiny ones. Pure, so it is unit-tested.
 */

export interface TileLayout {
  /** Side of one channel tile in CSS pixels. */
  size: number;
  /** Tiles per row. */
  columns: number;
  /** Channels drawn (the first `shown`). */
  shown: number;
  /** Channels behind "+ N more" (0 when all are shown). */
  more: number;
}

export interface TileLimits {
  /** Smallest readable tile (larger in projector mode). */
  minTile: number;
  /** Largest tile worth drawing (a 28×28 map at 4× is already large). */
  maxTile: number;
  gap: number;
}

const fitCount = (size: number, extent: number, gap: number): number => Math.max(0, Math.floor((extent + gap) / (size + gap)));

/**
 * The largest tile size from `minTile` to `maxTile` at which all `channels` fit in width × height;
 * when not all fit even at `minTile`, as many as fit at `minTile` with the last slot left for the
 * "+ N more" button. Always shows at least one tile when there is a channel.
 */
export function tileLayout(channels: number, width: number, height: number, limits: TileLimits): TileLayout {
  const { minTile, maxTile, gap } = limits;
  if (channels <= 0) return { size: minTile, columns: 1, shown: 0, more: 0 };
  for (let size = maxTile; size >= minTile; size--) {
    const columns = fitCount(size, width, gap);
    const rows = fitCount(size, height, gap);
    if (columns > 0 && columns * rows >= channels) return { size, columns: Math.min(columns, channels), shown: channels, more: 0 };
  }
  const size = Math.max(8, Math.min(minTile, width));
  const columns = Math.max(1, fitCount(size, width, gap));
  const rows = Math.max(1, fitCount(size, height, gap));
  const capacity = columns * rows;
  const shown = Math.max(1, capacity - 1);
  return { size, columns, shown: Math.min(shown, channels), more: Math.max(0, channels - shown) };
}
