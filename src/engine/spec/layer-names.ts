/**
 * Stable tfjs layer names for spec layers. The spec index sits at the name's tail so that
 * anything holding a tfjs layer (activations, weights, gradients) can find its spec layer.
 * Pure and tfjs-free so that the UI can use it on the main thread.
 */
import type { LayerType, ModelSpec } from './types';

const PREFIX: Record<LayerType, string> = {
  conv2d: 'conv2d',
  maxPool2d: 'max_pool',
  avgPool2d: 'avg_pool',
  flatten: 'flatten',
  dense: 'dense',
  dropout: 'dropout',
  batchNorm: 'batch_norm',
  activation: 'activation',
  lrn: 'lrn',
};

/** Name prefix used for a layer type, e.g. `max_pool` for `maxPool2d`. */
export function layerNamePrefix(type: LayerType): string {
  return PREFIX[type];
}

/**
 * The tfjs name of spec layer `index`, e.g. `conv2d_0`, `max_pool_1`, `dense_5`.
 * Returns `layer_<index>` for an index outside the spec rather than throwing.
 */
export function layerName(spec: ModelSpec, index: number): string {
  const layer = spec.layers[index];
  return layer ? `${PREFIX[layer.type]}_${index}` : `layer_${index}`;
}

/** The spec index encoded in a name made by {@link layerName}, or null for any other name. */
export function specIndexOfLayerName(name: string): number | null {
  const match = /_(\d+)$/.exec(name);
  if (!match) return null;
  const prefix = name.slice(0, match.index);
  return Object.values(PREFIX).includes(prefix) ? Number(match[1]) : null;
}
