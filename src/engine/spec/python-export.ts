/**
 * Runnable Python for taking a playground network to a real training setup: tf.keras and
 * PyTorch versions that build the same layers (same shapes, same parameter count, which the
 * code asserts), read the dataset's IDX files, and train with the spec's optimiser and settings.
 * Every value written into the code is checked or escaped (python-text.ts): a spec from a shared
 * link or a file can never add a statement; an unwritable one is refused with the reason.
 */
import { accountSpec } from './accounting';
import { DEFAULT_INIT_STDDEV } from './layer-defaults';
import { layerName } from './layer-names';
import { layerSeed } from './layer-seed';
import { ACTIVATIONS } from './parse-spec';
import { checkChoices, header, IDX_FILES, settingsAndLoader } from './python-preamble';
import {
  ExportRefused,
  guardedExport,
  pyBool,
  pyChoice,
  pyInt,
  pyNumber,
  pyString,
  pyTuple,
  type PythonExport,
} from './python-text';
import type { Conv2DLayer, DatasetName, DenseLayer, ModelSpec, TrainingSpec } from './types';

export { exportPytorchPython } from './python-torch';
export type { PythonExport } from './python-text';

const PADDINGS = ['valid', 'same'] as const;

function kerasInitializer(layer: Conv2DLayer | DenseLayer, seed: string): string {
  const stddev = pyNumber(layer.initStddev ?? DEFAULT_INIT_STDDEV, 'initStddev');
  switch (layer.kernelInitializer) {
    case 'glorotUniform':
      return `keras.initializers.GlorotUniform(seed=${seed})`;
    case 'heNormal':
      return `keras.initializers.HeNormal(seed=${seed})`;
    case 'heUniform':
      return `keras.initializers.HeUniform(seed=${seed})`;
    case 'truncatedNormal':
      return `keras.initializers.TruncatedNormal(stddev=${stddev}, seed=${seed})`;
    case 'randomNormal':
      return `keras.initializers.RandomNormal(stddev=${stddev}, seed=${seed})`;
    default:
      throw new ExportRefused(
        `kernelInitializer ${JSON.stringify(layer.kernelInitializer)?.slice(0, 40)} is not one the export knows`,
      );
  }
}

/** Keras' optimiser for the spec's training settings (refused when a setting is not one it knows). */
export function kerasOptimizer(t: TrainingSpec): string {
  const lr = pyNumber(t.learningRate, 'learningRate');
  switch (t.optimizer) {
    case 'sgd':
      return `keras.optimizers.SGD(learning_rate=${lr})`;
    case 'momentum':
      return `keras.optimizers.SGD(learning_rate=${lr}, momentum=0.9)`;
    case 'adam':
      return `keras.optimizers.Adam(learning_rate=${lr})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(learning_rate=${lr})`;
    case 'adadelta':
      return `keras.optimizers.Adadelta(learning_rate=${lr})`;
    default:
      throw new ExportRefused(
        `optimizer ${JSON.stringify(t.optimizer)?.slice(0, 40)} is not one the export knows`,
      );
  }
}

function kerasLayer(spec: ModelSpec, i: number, reg: string): string {
  const layer = spec.layers[i];
  const name = `name=${pyString(layerName(spec, i))}`;
  const seed = pyInt(layerSeed(spec.training.seed, i), 'the seed');
  const act = (a: unknown) => pyChoice(a, ACTIVATIONS, `layer ${i + 1} activation`);
  const pad = (p: unknown) => pyChoice(p, PADDINGS, `layer ${i + 1} padding`);
  const biasInit = (l: Conv2DLayer | DenseLayer) =>
    l.biasInit ? `, bias_initializer=keras.initializers.Constant(${pyNumber(l.biasInit, 'biasInit')})` : '';
  switch (layer.type) {
    case 'conv2d':
      return `layers.Conv2D(${pyInt(layer.filters, 'filters')}, ${pyTuple(layer.kernelSize, 'kernelSize')}, strides=${pyTuple(layer.strides, 'strides')}, padding="${pad(layer.padding)}", activation="${act(layer.activation)}", use_bias=${pyBool(layer.useBias, 'useBias')}, kernel_initializer=${kerasInitializer(layer, seed)}${biasInit(layer)}${reg}, ${name})`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `layers.${layer.type === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D'}(pool_size=${pyTuple(layer.poolSize, 'poolSize')}, strides=${pyTuple(layer.strides, 'strides')}, padding="${pad(layer.padding)}", ${name})`;
    case 'flatten':
      return `layers.Flatten(${name})`;
    case 'dense':
      return `layers.Dense(${pyInt(layer.units, 'units')}, activation="${act(layer.activation)}", use_bias=${pyBool(layer.useBias, 'useBias')}, kernel_initializer=${kerasInitializer(layer, seed)}${biasInit(layer)}${reg}, ${name})`;
    case 'dropout':
      return `layers.Dropout(${pyNumber(layer.rate, 'rate')}, ${name})`;
    case 'batchNorm':
      return `layers.BatchNormalization(${name})`;
    case 'activation':
      return `layers.Activation("${act(layer.activation)}", ${name})`;
    case 'lrn':
      return `layers.Lambda(lambda x: tf.nn.local_response_normalization(x, depth_radius=${pyInt(layer.depthRadius, 'depthRadius')}, bias=${pyNumber(layer.bias, 'bias')}, alpha=${pyNumber(layer.alpha, 'alpha')}, beta=${pyNumber(layer.beta, 'beta')}), ${name})`;
    default:
      throw new ExportRefused(`layer ${i + 1} has a type the export does not know`);
  }
}

/** tf.keras code that builds, checks and trains the network. */
export function exportKerasPython(spec: ModelSpec, dataset: DatasetName = 'mnist'): PythonExport {
  return guardedExport(() => {
    checkChoices(spec);
    const acc = accountSpec(spec);
    if (!acc) return { code: null, params: 0, reason: 'the model has errors' };
    const t = spec.training;
    const reg = t.l2 > 0 ? `, kernel_regularizer=keras.regularizers.L2(${pyNumber(t.l2, 'l2')})` : '';
    const lines = spec.layers.map((_, i) => kerasLayer(spec, i, reg));
    const code = `${header(spec, acc.totalParams, 'TensorFlow / tf.keras')}
import gzip
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

${settingsAndLoader(spec, dataset)}


tf.random.set_seed(${pyInt(t.seed, 'seed')})

model = keras.Sequential([
    keras.Input(shape=${pyTuple(spec.inputShape, 'inputShape')}),
${lines.map((l) => `    ${l},`).join('\n')}
])
model.summary()
assert model.count_params() == ${acc.totalParams}, model.count_params()

x_train = (load_idx("${IDX_FILES.trainImages}", TRAIN_LIMIT)[..., np.newaxis] / 255.0).astype("float32")
y_train = load_idx("${IDX_FILES.trainLabels}", TRAIN_LIMIT).astype("int64")
x_test = (load_idx("${IDX_FILES.testImages}", TEST_LIMIT)[..., np.newaxis] / 255.0).astype("float32")
y_test = load_idx("${IDX_FILES.testLabels}", TEST_LIMIT).astype("int64")

model.compile(optimizer=${kerasOptimizer(t)}, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=${pyInt(t.batchSize, 'batchSize')}, epochs=EPOCHS, validation_data=(x_test, y_test))
loss, accuracy = model.evaluate(x_test, y_test)
print(f"{MODEL_NAME}: test accuracy {accuracy:.4f}, loss {loss:.4f}")
`;
    return { code, params: acc.totalParams };
  });
}
