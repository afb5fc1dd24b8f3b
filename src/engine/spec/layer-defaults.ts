/**
 * A sensible default for every layer type (what the editor's "add layer" inserts) and the
 * default training settings. Also the fallbacks the parser uses for optional fields, which
 * follow Keras' own defaults.
 */
import type { LayerSpec, LayerType, TrainingSpec } from './types';

/** Keras' default standard deviation for (truncated) normal initialisers. */
export const DEFAULT_INIT_STDDEV = 0.05;

/** Every layer type, in the order the editor offers them. */
export const LAYER_TYPES: readonly LayerType[] = [
  'conv2d',
  'maxPool2d',
  'avgPool2d',
  'flatten',
  'dense',
  'dropout',
  'batchNorm',
  'activation',
  'lrn',
];

/** A fresh default layer of this type. */
export function defaultLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'conv2d':
      return { type, filters: 16, kernelSize: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform' };
    case 'maxPool2d':
    case 'avgPool2d':
      return { type, poolSize: [2, 2], strides: [2, 2], padding: 'valid' };
    case 'flatten':
      return { type };
    case 'dense':
      return { type, units: 64, activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform' };
    case 'dropout':
      return { type, rate: 0.25 };
    case 'batchNorm':
      return { type };
    case 'activation':
      return { type, activation: 'relu' };
    case 'lrn':
      // tf.nn.lrn's defaults as the TFANN article uses them.
      return { type, depthRadius: 4, bias: 1, alpha: 0.001 / 9, beta: 0.75 };
  }
}

/** Layers that only work on image-shaped ([h, w, c]) inputs. */
const IMAGE_LAYERS: ReadonlySet<LayerType> = new Set(['conv2d', 'maxPool2d', 'avgPool2d', 'lrn']);

/**
 * Where "add layer" puts a new layer of this type when the learner names no position, so that
 * adding one never breaks a working network: appending a Conv2D after the Dense output made the
 * model invalid at once ("needs an image-shaped input… receives the flat vector [10]").
 * - image layers (conv, pooling, LRN) go before the first Flatten or Dense, i.e. after the last
 *   image-shaped layer;
 * - a Flatten goes before the first Dense;
 * - any other layer (Dense, Dropout, BatchNorm, Activation) goes before the output layer (the last
 *   Dense), which stays last;
 * - with no such landmark (an empty or unfinished network) the layer is appended.
 */
export function defaultInsertIndex(layers: readonly Pick<LayerSpec, 'type'>[], type: LayerType): number {
  const first = (match: (t: LayerType) => boolean): number => layers.findIndex((layer) => match(layer.type));
  let at: number;
  if (IMAGE_LAYERS.has(type)) at = first((t) => t === 'flatten' || t === 'dense');
  else if (type === 'flatten') at = first((t) => t === 'dense');
  else at = layers.map((layer) => layer.type).lastIndexOf('dense');
  return at < 0 ? layers.length : at;
}

/** Adam at Keras' default learning rate, Keras' default batch of 32. */
export const DEFAULT_TRAINING: Readonly<TrainingSpec> = {
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 32,
  epochs: 5,
  seed: 42,
  l2: 0,
};
