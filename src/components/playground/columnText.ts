/**
 * What each column of the network picture says about its layer, in the builder's Keras-exact
 * terms: a short name ("Conv 3×3"), its settings ("8 filters · stride 1 · valid"), its output
 * shape and parameters, and how it connects to the column before it. Pure, unit-tested.
 */
import type { LayerSpec, Shape } from '../../engine/spec/types';

/** How a column draws its layer's output. */
export type ColumnBody = 'maps' | 'strip' | 'bars';

export function columnName(layer: LayerSpec): string {
  switch (layer.type) {
    case 'conv2d':
      return `Conv ${layer.kernelSize.join('×')}`;
    case 'maxPool2d':
      return `Max pool ${layer.poolSize.join('×')}`;
    case 'avgPool2d':
      return `Avg pool ${layer.poolSize.join('×')}`;
    case 'flatten':
      return 'Flatten';
    case 'dense':
      return 'Dense';
    case 'dropout':
      return 'Dropout';
    case 'batchNorm':
      return 'BatchNorm';
    case 'activation':
      return layer.activation === 'relu' ? 'ReLU' : `Activation`;
    case 'lrn':
      return 'LRN';
  }
}

/** The layer's settings in one line (empty for layers without any). */
export function columnSettings(layer: LayerSpec): string {
  switch (layer.type) {
    case 'conv2d':
      return `${layer.filters} filters · stride ${layer.strides[0]} · ${layer.padding} · ${layer.activation}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `stride ${layer.strides[0]} · ${layer.padding}`;
    case 'dense':
      return `${layer.units} units · ${layer.activation}`;
    case 'dropout':
      return `${Math.round(layer.rate * 100)} % while training`;
    case 'activation':
      return layer.activation;
    case 'lrn':
      return `radius ${layer.depthRadius}`;
    default:
      return '';
  }
}

/** "28×28×8" for maps, "1,352" for vectors, "?" when the shape cannot be worked out. */
export function formatShape(shape: Shape | null): string {
  if (!shape) return '?';
  return shape.length === 1 ? shape[0].toLocaleString('en-US') : shape.join('×');
}

export function formatParams(params: number | null): string {
  if (params === null) return '';
  if (params === 0) return 'no weights';
  return `${params.toLocaleString('en-US')} param${params === 1 ? '' : 's'}`;
}

/** Maps for image-shaped outputs, a strip for a flatten, bars for other vectors. */
export function columnBody(layer: LayerSpec, output: Shape | null): ColumnBody {
  if (output && output.length === 3) return 'maps';
  return layer.type === 'flatten' ? 'strip' : 'bars';
}

/** `one` when channel k only feeds channel k (pooling and per-value layers), else `all`. */
export function columnLink(layer: LayerSpec): 'one' | 'all' {
  switch (layer.type) {
    case 'maxPool2d':
    case 'avgPool2d':
    case 'dropout':
    case 'activation':
    case 'batchNorm':
      return 'one';
    default:
      return 'all';
  }
}

/** The count a column's − / + buttons change (filters or units), or null for other layers. */
export function resizable(layer: LayerSpec): { field: 'filters' | 'units'; value: number; noun: string } | null {
  if (layer.type === 'conv2d') return { field: 'filters', value: layer.filters, noun: 'filter' };
  if (layer.type === 'dense') return { field: 'units', value: layer.units, noun: 'unit' };
  return null;
}
