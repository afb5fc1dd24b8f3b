/** Per-layer initialiser seeds; tfjs-free so that exporters can state the same seeds. */

/**
 * The seed of spec layer `index`, derived from the run seed so that every layer draws
 * different weights and the same spec + seed always gives the same network.
 */
export function layerSeed(seed: number, index: number): number {
  // A 32-bit integer hash (murmur finaliser) keeps neighbouring seeds far apart.
  let h = (Math.trunc(seed) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) % 2147483647;
}
