/**
 * A trained playground model as a Keras 3 `.keras` file: a zip of `metadata.json`, `config.json`
 * (keras3-config.ts) and `model.weights.h5`, laid out as Keras 3's own saver lays it out
 * (`layers/<snake_case class>[_k]/vars/<i>`, tensors in Keras order), so that
 * `keras.models.load_model("model.keras")` opens it as it is. A model with the LRN layer needs that
 * layer's Python code (shipped in the Python project), so it is refused as a bare `.keras` file.
 */
import type * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import type { ModelSpec } from '../spec/types';
import { ModelFileError } from '../storage/modelFiles';
import { writeHdf5 } from './hdf5';
import { kerasClassOf, keras3Config, needsCustomLayer } from './keras3-config';
import { kerasSaveNames } from './keras-weights';

/** The Keras version whose format this writes (and which the round-trip test loads it with). */
export const KERAS_FORMAT_VERSION = '3.15.1';

/** The weights of every spec layer as Keras orders them (tfjs keeps the same order per layer). */
export async function layerWeightValues(model: tf.LayersModel): Promise<{ shape: number[]; values: Float32Array }[][]> {
  return Promise.all(
    model.layers.map((layer) => Promise.all(layer.weights.map(async (w) => {
      const value = w.read();
      return { shape: [...value.shape], values: new Float32Array(await value.data()) };
    }))),
  );
}

/** The `model.weights.h5` of a `.keras` file. */
export async function kerasWeightsH5(spec: ModelSpec, model: tf.LayersModel): Promise<Uint8Array> {
  const weights = await layerWeightValues(model);
  const names = kerasSaveNames(spec.layers.map((l) => ({ className: kerasClassOf(l), name: '', config: {} })));
  return writeHdf5((file) => {
    const layers = file.create_group('layers');
    names.forEach((name, i) => {
      const vars = layers.create_group(name).create_group('vars');
      weights[i].forEach((w, k) => vars.create_dataset({ name: String(k), data: w.values, shape: w.shape, dtype: '<f' }));
    });
    file.create_group('vars');
  });
}

export interface KerasExportOptions {
  /** Allow the LRN layer (the Python project ships its code); a bare `.keras` download refuses it. */
  allowCustomLayers?: boolean;
}

/**
 * The model as `.keras` bytes. Throws ModelFileError for a model with LRN unless
 * `allowCustomLayers` (Keras has no such layer built in: its code must travel with the file).
 */
export async function exportKerasFile(spec: ModelSpec, model: tf.LayersModel, options: KerasExportOptions = {}): Promise<Uint8Array> {
  if (needsCustomLayer(spec) && !options.allowCustomLayers) {
    throw new ModelFileError(
      'This network has a local response normalisation (LRN) layer, which Keras has no built-in for, so a .keras file alone would not load. ' +
        'Download it for Python instead: the project includes lrn_layer.py, the layer Keras needs, and loads the model with it.',
    );
  }
  const weights = await kerasWeightsH5(spec, model);
  const metadata = { keras_version: KERAS_FORMAT_VERSION, date_saved: new Date().toISOString().slice(0, 19).replace('T', '@'), saved_by: 'CNN Playground' };
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify(metadata)),
      'config.json': strToU8(JSON.stringify(keras3Config(spec))),
      // Stored, not deflated, as Keras writes it.
      'model.weights.h5': [weights, { level: 0 }],
    },
    { level: 0 },
  );
}
