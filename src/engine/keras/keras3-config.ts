/**
 * A spec as the `config.json` of a Keras 3 `.keras` file: the serialisation Keras 3 itself writes
 * (every object with `module`, `class_name`, `config`, `registered_name`; the input as an InputLayer
 * with `batch_shape`), so that `keras.models.load_model` rebuilds it without edits. The older
 * tf.keras JSON of spec/keras-json.ts stays what tfjs reads; this one is for Keras 3.
 */
import { DEFAULT_INIT_STDDEV } from '../spec/layer-defaults';
import { layerName } from '../spec/layer-names';
import { layerSeed } from '../spec/layer-seed';
import { KERAS_CLASS } from '../spec/shapes';
import type { KernelInitializer, LayerSpec, ModelSpec } from '../spec/types';

type Json = Record<string, unknown>;

/** The package the playground's custom layer is registered under in Python (`cnn_playground>…`). */
export const PYTHON_PACKAGE = 'cnn_playground';
/** Python module (shipped with the project) that defines and registers the LRN layer. */
export const LRN_PY_MODULE = 'lrn_layer';

const object = (module: string, className: string, config: Json, registeredName: string | null = null): Json => ({
  module,
  class_name: className,
  config,
  registered_name: registeredName,
});

const DTYPE = object('keras', 'DTypePolicy', { name: 'float32' });

function initializer(kind: KernelInitializer, stddev: number, seed: number): Json {
  const init = (name: string, config: Json) => object('keras.initializers', name, config);
  switch (kind) {
    case 'glorotUniform':
      return init('GlorotUniform', { seed });
    case 'heNormal':
      return init('HeNormal', { seed });
    case 'heUniform':
      return init('HeUniform', { seed });
    case 'truncatedNormal':
      return init('TruncatedNormal', { mean: 0, stddev, seed });
    case 'randomNormal':
      return init('RandomNormal', { mean: 0, stddev, seed });
  }
}

function weighted(layer: Extract<LayerSpec, { type: 'conv2d' | 'dense' }>, seed: number, l2: number): Json {
  return {
    activation: layer.activation,
    use_bias: layer.useBias,
    kernel_initializer: initializer(layer.kernelInitializer, layer.initStddev ?? DEFAULT_INIT_STDDEV, seed),
    bias_initializer: layer.biasInit ? object('keras.initializers', 'Constant', { value: layer.biasInit }) : object('keras.initializers', 'Zeros', {}),
    kernel_regularizer: l2 > 0 ? object('keras.regularizers', 'L2', { l2 }) : null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  };
}

/** The Python class name of each spec layer (also what names its group in model.weights.h5). */
export function kerasClassOf(layer: LayerSpec): string {
  return KERAS_CLASS[layer.type];
}

function layerJson(spec: ModelSpec, index: number): Json {
  const layer = spec.layers[index];
  const base = { name: layerName(spec, index), trainable: true, dtype: DTYPE };
  const seed = layerSeed(spec.training.seed, index);
  const l2 = spec.training.l2;
  const layerObject = (config: Json) => object('keras.layers', kerasClassOf(layer), { ...base, ...config });
  switch (layer.type) {
    case 'conv2d':
      return layerObject({
        filters: layer.filters,
        kernel_size: [...layer.kernelSize],
        strides: [...layer.strides],
        padding: layer.padding,
        data_format: 'channels_last',
        dilation_rate: [...(layer.dilation ?? [1, 1])],
        groups: 1,
        ...weighted(layer, seed, l2),
      });
    case 'maxPool2d':
    case 'avgPool2d':
      return layerObject({ pool_size: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding, data_format: 'channels_last' });
    case 'flatten':
      return layerObject({ data_format: 'channels_last' });
    case 'dense':
      return layerObject({ units: layer.units, ...weighted(layer, seed, l2) });
    case 'dropout':
      return layerObject({ rate: layer.rate, seed: null, noise_shape: null });
    case 'batchNorm':
      return layerObject({ axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true });
    case 'activation':
      return layerObject({ activation: layer.activation });
    case 'lrn':
      return object(
        LRN_PY_MODULE,
        kerasClassOf(layer),
        { ...base, depth_radius: layer.depthRadius, bias: layer.bias, alpha: layer.alpha, beta: layer.beta },
        `${PYTHON_PACKAGE}>${kerasClassOf(layer)}`,
      );
  }
}

/** True when the spec needs the playground's own Python layer (LRN) to load in Keras. */
export function needsCustomLayer(spec: ModelSpec): boolean {
  return spec.layers.some((l) => l.type === 'lrn');
}

/** The model's `config.json` for a Keras 3 `.keras` file (uncompiled: train.py compiles it). */
export function keras3Config(spec: ModelSpec): Json {
  const batchShape = [null, ...spec.inputShape];
  return {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: spec.name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'playground',
      trainable: true,
      dtype: DTYPE,
      layers: [
        object('keras.layers', 'InputLayer', { batch_shape: batchShape, dtype: 'float32', sparse: false, name: 'input_layer' }),
        ...spec.layers.map((_, i) => layerJson(spec, i)),
      ],
    },
    registered_name: null,
    build_config: { input_shape: batchShape },
  };
}
