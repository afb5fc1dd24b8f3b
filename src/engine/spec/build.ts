/**
 * Expands a ModelSpec into an (uncompiled) tfjs model. The trainer chooses loss and optimiser
 * (see {@link makeOptimizer}); everything about the network itself is decided here.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../backends/fusedAdam';
import { LocalResponseNormalization } from './lrn-layer';
import { layerName } from './layer-names';
import { DEFAULT_INIT_STDDEV } from './layer-defaults';
import { layerSeed } from './layer-seed';
import type { ActivationName, Conv2DLayer, DenseLayer, LayerSpec, ModelSpec, TrainingSpec } from './types';

export { layerName, specIndexOfLayerName } from './layer-names';

export { layerSeed } from './layer-seed';
export { DEFAULT_INIT_STDDEV } from './layer-defaults';

type WeightedLayer = Conv2DLayer | DenseLayer;

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

function kernelInitializer(layer: WeightedLayer, seed: number): Initializer {
  const stddev = layer.initStddev ?? DEFAULT_INIT_STDDEV;
  switch (layer.kernelInitializer) {
    case 'glorotUniform':
      return tf.initializers.glorotUniform({ seed });
    case 'heNormal':
      return tf.initializers.heNormal({ seed });
    case 'heUniform':
      return tf.initializers.heUniform({ seed });
    case 'truncatedNormal':
      return tf.initializers.truncatedNormal({ mean: 0, stddev, seed });
    case 'randomNormal':
      return tf.initializers.randomNormal({ mean: 0, stddev, seed });
  }
}

function weightArgs(layer: WeightedLayer, seed: number, l2: number) {
  return {
    activation: layer.activation as ActivationName,
    useBias: layer.useBias,
    kernelInitializer: kernelInitializer(layer, seed),
    biasInitializer: tf.initializers.constant({ value: layer.biasInit ?? 0 }),
    kernelRegularizer: l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined,
  };
}

function makeLayer(spec: ModelSpec, index: number): tf.layers.Layer {
  const layer: LayerSpec = spec.layers[index];
  // The first layer carries the input shape so that model.layers[i] is spec layer i.
  const name = layerName(spec, index);
  const base = index === 0 ? { name, inputShape: spec.inputShape } : { name };
  const seed = layerSeed(spec.training.seed, index);
  switch (layer.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        ...base,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides,
        padding: layer.padding,
        dilationRate: layer.dilation,
        ...weightArgs(layer, seed, spec.training.l2),
      });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ ...base, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding });
    case 'avgPool2d':
      return tf.layers.averagePooling2d({ ...base, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding });
    case 'flatten':
      return tf.layers.flatten(base);
    case 'dense':
      return tf.layers.dense({ ...base, units: layer.units, ...weightArgs(layer, seed, spec.training.l2) });
    case 'dropout':
      // Deliberately unseeded: a seeded dropout would repeat the same mask every step.
      return tf.layers.dropout({ ...base, rate: layer.rate });
    case 'batchNorm':
      return tf.layers.batchNormalization(base);
    case 'activation':
      return tf.layers.activation({ ...base, activation: layer.activation });
    case 'lrn':
      return new LocalResponseNormalization({
        ...base,
        depthRadius: layer.depthRadius,
        bias: layer.bias,
        alpha: layer.alpha,
        beta: layer.beta,
      });
  }
}

/**
 * Builds the network described by `spec` as an uncompiled tf.Sequential: one tfjs layer per
 * spec layer, named by {@link layerName}, each with its own seeded initialiser and the
 * optional L2 kernel regulariser; `model.layers[i]` is spec layer i. Validate the spec first (`validateSpec`): tfjs throws on
 * impossible shapes, and this function lets that error through with the layer's name.
 */
export function buildModel(spec: ModelSpec): tf.LayersModel {
  if (spec.layers.length === 0) throw new Error('The spec has no layers: add at least the 10-unit softmax head.');
  const model = tf.sequential({ name: 'playground' });
  for (let i = 0; i < spec.layers.length; i++) {
    try {
      model.add(makeLayer(spec, i));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Layer ${i + 1} (${layerName(spec, i)}) cannot be built: ${reason}`);
    }
  }
  return model;
}

/** Momentum used by the `momentum` optimiser (the classic value). */
export const MOMENTUM = 0.9;

/** The optimiser a TrainingSpec names, with its learning rate. */
export function makeOptimizer(training: TrainingSpec): tf.Optimizer {
  const lr = training.learningRate;
  switch (training.optimizer) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, MOMENTUM);
    case 'adam':
      // tf.train.adam's optimiser, with one fused native pass per variable on wasm (same numbers).
      return new FusedAdamOptimizer(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adadelta':
      return tf.train.adadelta(lr);
  }
}
