/**
 * Which test images excite one channel of one layer the most: the mean activation of that channel
 * over each image, computed in batches on the device, ranked with top-k, read back once.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import type { ResidentSplit } from '../train/residentData';
import { computingLayers } from './activations';
import { EngineError } from '../session/errors';

export interface TopActivations {
  indices: number[];
  scores: number[];
}

const BATCH = 256;

/** Finds the tfjs layer of spec layer `layerIndex`, or explains why it cannot be ranked. */
function findLayer(model: tf.LayersModel, spec: ModelSpec, layerIndex: number): tf.layers.Layer | string {
  if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= spec.layers.length) {
    return `Layer ${layerIndex} does not exist: the network has layers 0 to ${spec.layers.length - 1}.`;
  }
  // model.layers[i] is spec layer i (buildModel builds one tfjs layer per spec layer, in order).
  const layer = computingLayers(model)[layerIndex];
  if (!layer) return `Layer ${layerIndex} has no counterpart in the trained model: train or load the model first.`;
  const shape = layer.outputShape as number[];
  if (shape.length !== 4) {
    return `Layer ${layerIndex} (${spec.layers[layerIndex].type}) has no feature maps (its output is ${shape.slice(1).join('×')}): choose a convolution or pooling layer.`;
  }
  return layer;
}

/**
 * The `k` images among the first `limit` of `split` with the highest mean activation of `channel` in
 * spec layer `layerIndex`. Throws an Error with a clear message for an unusable layer or channel.
 */
export async function topActivations(
  model: tf.LayersModel,
  spec: ModelSpec,
  split: ResidentSplit,
  layerIndex: number,
  channel: number,
  k: number,
  limit?: number,
): Promise<TopActivations> {
  const layer = findLayer(model, spec, layerIndex);
  if (typeof layer === 'string') throw new EngineError('input', layer);
  const channels = (layer.outputShape as number[])[3];
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    throw new EngineError('input', `Channel ${channel} does not exist in layer ${layerIndex}: it has channels 0 to ${channels - 1}.`);
  }
  const count = Math.min(limit ?? split.count, split.count);
  const take = Math.max(0, Math.min(Math.floor(k), count));
  if (take === 0) return { indices: [], scores: [] };
  // Shares the layers (and weights) of `model`: dropped, never disposed.
  const probe = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  const perBatch: tf.Tensor1D[] = [];
  try {
    for (let start = 0; start < count; start += BATCH) {
      const size = Math.min(BATCH, count - start);
      perBatch.push(
        tf.tidy(() => {
          const images = tf.slice(split.images, [start, 0, 0, 0], [size, -1, -1, -1]);
          const maps = probe.apply(images, { training: false }) as tf.Tensor4D;
          const selected = tf.slice(maps, [0, 0, 0, channel], [-1, -1, -1, 1]);
          return tf.mean(selected, [1, 2, 3]) as tf.Tensor1D;
        }),
      );
    }
    const { values, indices } = tf.tidy(() => tf.topk(tf.concat(perBatch), take));
    try {
      const [scores, rows] = await Promise.all([values.data(), indices.data()]);
      return { indices: Array.from(rows), scores: Array.from(scores) };
    } finally {
      tf.dispose([values, indices]);
    }
  } finally {
    tf.dispose(perBatch);
  }
}
