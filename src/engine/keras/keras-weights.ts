/**
 * The trained weights of a Keras file, per layer, and how they become the weights of the tfjs network
 * the spec builds. Keras 3 `.keras` files keep them in `model.weights.h5` under
 * `layers/<snake_case class name>[_k]/vars/<i>`; legacy `.h5` files under
 * `model_weights/<layer name>/<weight name>` in the order of the `weight_names` attribute. Kernels of
 * Conv2D (kh, kw, in, out) and Dense (in, out) have the same layout in Keras and tfjs, and both
 * flatten channels-last, so values are copied as they are; only BatchNormalization may need its
 * missing scale (ones) or centre (zeros) filled in.
 */
import * as tf from '@tensorflow/tfjs';
import type { Group } from 'h5wasm';
import { buildModel } from '../spec/build';
import type { ModelSpec } from '../spec/types';
import { ModelFileError } from '../storage/modelFiles';
import { datasetAt, groupAt, readFloats, stringListAttr } from './hdf5';

/** One stored tensor. */
export interface StoredWeight {
  shape: number[];
  values: Float32Array;
}

/** A Keras layer of the file: its class, its config name and its config (for BatchNorm's options). */
export interface KerasLayerRef {
  className: string;
  name: string;
  config: Record<string, unknown>;
}

/** Keras' `naming.to_snake_case`, which names a layer's group in model.weights.h5. */
export function snakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Group names Keras 3's saver gives the layers of a model, in order: the class name, made unique by a count. */
export function kerasSaveNames(layers: readonly KerasLayerRef[]): string[] {
  const used = new Map<string, number>();
  return layers.map((layer) => {
    const base = snakeCase(layer.className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    return count === undefined ? base : `${base}_${count + 1}`;
  });
}

function numericKeys(group: Group): string[] {
  return group
    .keys()
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b));
}

/** Weights of every layer of a Keras 3 `model.weights.h5` (`layers` lists the model's layers without InputLayer). */
export function readKeras3Weights(root: Group, layers: readonly KerasLayerRef[]): StoredWeight[][] {
  const names = kerasSaveNames(layers);
  return layers.map((layer, i) => {
    const group = groupAt(root, `layers/${names[i]}/vars`) ?? groupAt(root, `layers/${layer.name}/vars`);
    if (!group) {
      if (!hasWeights(layer.className)) return [];
      throw new ModelFileError(`model.weights.h5 has no weights for layer ${i + 1} (${layer.className} '${layer.name}'; looked under layers/${names[i]}): the file is damaged or was not written by Keras 3.`);
    }
    return numericKeys(group).map((key) => readFloats(datasetAt(group, key)!));
  });
}

/** Weights of every layer of a legacy Keras `.h5` file's `model_weights` group. */
export function readLegacyWeights(root: Group, layers: readonly KerasLayerRef[]): StoredWeight[][] {
  const weightsRoot = groupAt(root, 'model_weights');
  if (!weightsRoot) throw new ModelFileError('This .h5 file has no model_weights group: save the model with model.save("model.h5") so that its weights come with it.');
  return layers.map((layer, i) => {
    const group = groupAt(weightsRoot, layer.name);
    if (!group) {
      if (!hasWeights(layer.className)) return [];
      throw new ModelFileError(`The .h5 file has no weights for layer ${i + 1} (${layer.className} '${layer.name}').`);
    }
    const names = stringListAttr(group, 'weight_names') ?? [];
    return names.map((name) => {
      const dataset = datasetAt(group, name);
      if (!dataset) throw new ModelFileError(`The .h5 file lists weight ${name} of layer '${layer.name}' but does not hold it.`);
      return readFloats(dataset);
    });
  });
}

function hasWeights(className: string): boolean {
  return className === 'Conv2D' || className === 'Dense' || className === 'BatchNormalization';
}

/** Keras BatchNormalization stores [gamma?, beta?, mean, variance]; tfjs always wants all four. */
function batchNormWeights(stored: StoredWeight[], config: Record<string, unknown>): StoredWeight[] {
  const scale = config.scale !== false;
  const center = config.center !== false;
  const rest = [...stored];
  const channels = stored[stored.length - 1]?.shape ?? [0];
  const filled = (value: number): StoredWeight => ({ shape: channels, values: new Float32Array(channels[0]).fill(value) });
  const gamma = scale ? rest.shift() : filled(1);
  const beta = center ? rest.shift() : filled(0);
  return [gamma!, beta!, ...rest];
}

/**
 * Builds the spec's network and gives every layer the stored weights, checked by count and shape.
 * `layers[i]` and `weights[i]` belong to spec layer i. Throws ModelFileError when they do not fit.
 */
export function modelFromKerasWeights(spec: ModelSpec, layers: readonly KerasLayerRef[], weights: readonly StoredWeight[][]): tf.LayersModel {
  const model = buildModel(spec);
  try {
    model.layers.forEach((target, i) => {
      const wanted = target.weights;
      let stored = weights[i] ?? [];
      if (spec.layers[i].type === 'batchNorm' && stored.length > 0) stored = batchNormWeights(stored, layers[i].config);
      const owner = `layer ${i + 1} (${layers[i].className} '${layers[i].name}')`;
      if (stored.length !== wanted.length) {
        throw new ModelFileError(`The file holds ${stored.length} weight tensors for ${owner} but the network needs ${wanted.length}.`);
      }
      if (wanted.length === 0) return;
      stored.forEach((w, k) => {
        if (w.shape.join(',') !== wanted[k].shape.join(',')) {
          throw new ModelFileError(`Weight ${k + 1} of ${owner} has shape [${w.shape.join(', ')}] but the network needs [${wanted[k].shape.join(', ')}].`);
        }
      });
      const tensors = stored.map((w) => tf.tensor(w.values, w.shape));
      target.setWeights(tensors);
      tf.dispose(tensors);
    });
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}
