/**
 * Titles of the layer rows in the feature maps and filters: the layer's 1-based position, its Keras
 * class with its window settings when the model's spec is known, and its output shape.
 */
import type { LayerActivation } from '../../engine/protocol';
import type { LayerSpec, ModelSpec } from '../../engine/spec/types';

function settings(layer: LayerSpec | undefined): string {
  if (!layer) return '';
  switch (layer.type) {
    case 'conv2d':
      return ` ${layer.kernelSize.join('×')}, stride ${layer.strides[0]}, ${layer.padding}, ${layer.activation}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return ` ${layer.poolSize.join('×')}, stride ${layer.strides[0]}, ${layer.padding}`;
    case 'dense':
      return ` ${layer.activation}`;
    case 'activation':
      return ` ${layer.activation}`;
    default:
      return '';
  }
}

/** "Layer 1 · Conv2D 3×3, stride 1, valid, relu · 26 × 26 × 8" for each activation. */
export function layerTitles(layers: LayerActivation[], spec: ModelSpec | null): string[] {
  return layers.map((layer) => {
    const index = layer.layerIndex;
    return `Layer ${index + 1} · ${layer.layerType}${settings(spec?.layers[index])} · ${layer.shape.join(' × ')}`;
  });
}

/** The same titles keyed by spec index, for the conv layers' filters. */
export function titlesByIndex(layers: LayerActivation[], spec: ModelSpec | null): Record<number, string> {
  const titles = layerTitles(layers, spec);
  const out: Record<number, string> = {};
  layers.forEach((layer, position) => {
    out[layer.layerIndex] = titles[position];
  });
  return out;
}
