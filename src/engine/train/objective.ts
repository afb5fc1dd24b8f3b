/**
 * What training minimises and what it counts: mean cross-entropy of the batch (plus the model's L2
 * kernel penalties) and the number of correct predictions. Works whether the network ends in a
 * softmax or in raw scores (logits). When it ends in a softmax, training takes the cross-entropy from
 * the scores *before* that softmax, as TensorFlow's `softmax_cross_entropy_with_logits` and Keras do:
 * the clipped log of a saturated softmax has zero gradient, so a network that starts saturated (the
 * course notebook's unit-normal weights) would never learn.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import { addAll } from './addAll';

/** Keras's epsilon: probabilities are clipped to [ε, 1 − ε] before the log. */
const EPSILON = 1e-7;

/** True when the network's last layer already applies a softmax. */
export function outputIsProbabilities(spec: ModelSpec): boolean {
  for (let i = spec.layers.length - 1; i >= 0; i--) {
    const layer = spec.layers[i];
    if (layer.type === 'dense' || layer.type === 'activation') return layer.activation === 'softmax';
    if (layer.type === 'conv2d') return layer.activation === 'softmax';
  }
  return false;
}

/** Turns the network's output into class probabilities (a no-op when it ends in a softmax). */
export function toProbabilities(output: tf.Tensor, probabilities: boolean): tf.Tensor2D {
  return (probabilities ? output : tf.softmax(output)) as tf.Tensor2D;
}

/**
 * Per-example cross-entropy, [batch]. From probabilities: −log(clip(p_label)); from logits: the
 * numerically stable log-softmax form.
 */
export function crossEntropyPerExample(output: tf.Tensor, labels: tf.Tensor1D, numClasses: number, probabilities: boolean): tf.Tensor1D {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, numClasses).toFloat();
    const logProbabilities = probabilities
      ? tf.log(tf.clipByValue(output, EPSILON, 1 - EPSILON))
      : tf.logSoftmax(output as tf.Tensor2D);
    return tf.neg(tf.sum(tf.mul(oneHot, logProbabilities), -1)) as tf.Tensor1D;
  });
}

/**
 * The model's regularisation penalties (the L2 kernel regularisers `buildModel` attaches), summed to a
 * scalar. A custom loop has to add them itself: only `model.fit` does so automatically.
 */
export function regularizationPenalty(model: tf.LayersModel): tf.Scalar {
  return tf.tidy(() => {
    const penalties = model.calculateLosses();
    return (penalties.length === 0 ? tf.scalar(0) : addAll(penalties)) as tf.Scalar;
  });
}

/** Where a softmax head's scores (logits) can be read before its softmax, or why they cannot. */
export type SoftmaxHead =
  /** The last layer is a Dense layer with `activation: 'softmax'`: its affine part gives the logits. */
  | 'dense'
  /** The last layer is a softmax Activation layer: the layer before it gives the logits. */
  | 'activation'
  /** The network ends in raw scores already. */
  | 'none'
  /** A softmax the loss cannot look behind (a convolution with a softmax); the clipped log is used. */
  | 'opaque';

/** How the network's softmax, if any, is applied (the last layer decides). */
export function softmaxHead(spec: ModelSpec): SoftmaxHead {
  const last = spec.layers.at(-1);
  if (!outputIsProbabilities(spec) || !last) return 'none';
  if (last.type === 'dense') return 'dense';
  if (last.type === 'activation' && spec.layers.length > 1) return 'activation';
  return 'opaque';
}

/** A forward pass for training: the network's scores and the per-example cross-entropy, [batch]. */
export interface TrainingForward {
  /** The network's logits (or its probabilities for an opaque softmax): argmax is the prediction. */
  scores: tf.Tensor;
  crossEntropy: tf.Tensor1D;
}

/**
 * Runs `model` on `images` layer by layer, stopping before the final softmax when there is one, and
 * takes the cross-entropy from the logits (the numerically stable log-softmax form). Gradients flow
 * through the layers' variables exactly as through `model.apply`. Call inside `tf.tidy` /
 * `optimizer.minimize`.
 */
export function trainingForward(
  model: tf.LayersModel,
  head: SoftmaxHead,
  images: tf.Tensor,
  labels: tf.Tensor1D,
  numClasses: number,
  training: boolean,
): TrainingForward {
  const kwargs = { training };
  if (head === 'none' || head === 'opaque') {
    const output = model.apply(images, kwargs) as tf.Tensor;
    return { scores: output, crossEntropy: crossEntropyPerExample(output, labels, numClasses, head === 'opaque') };
  }
  const layers = model.layers;
  let x = images;
  for (let i = 0; i < layers.length - 1; i++) x = layers[i].apply(x, kwargs) as tf.Tensor;
  const logits = head === 'dense' ? denseLogits(layers[layers.length - 1], x) : x;
  return { scores: logits, crossEntropy: crossEntropyPerExample(logits, labels, numClasses, false) };
}

/** A Dense layer's output without its activation: x·kernel + bias (x flattened to [rows, inputs]). */
export function denseLogits(layer: tf.layers.Layer, x: tf.Tensor): tf.Tensor {
  const [kernel, bias] = layer.weights.map((weight) => weight.read());
  const rows = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1]!]) as tf.Tensor2D;
  const affine = tf.matMul(rows, kernel as tf.Tensor2D);
  const out = bias ? tf.add(affine, bias) : affine;
  return x.rank === 2 ? out : tf.reshape(out, [...x.shape.slice(0, -1), kernel.shape[1]!]);
}

/** Number of rows whose highest output is the label, as a float32 scalar (stays on the device). */
export function correctCount(output: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.equal(tf.argMax(output, -1), labels).toFloat()) as tf.Scalar);
}
