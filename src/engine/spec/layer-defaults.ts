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

/** Adam at Keras' default learning rate, Keras' default batch of 32. */
export const DEFAULT_TRAINING: Readonly<TrainingSpec> = {
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 32,
  epochs: 5,
  seed: 42,
  l2: 0,
};
