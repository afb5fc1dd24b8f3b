/**
 * What training minimises and what it counts: mean cross-entropy of the batch (plus the model's L2
 * kernel penalties) and the number of correct predictions. Works whether the
 * network ends in a softmax (probabilities, clipped as Keras does) or in raw scores (logits).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';

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
    return (penalties.length === 0 ? tf.scalar(0) : tf.addN(penalties)) as tf.Scalar;
  });
}

/** Number of rows whose highest output is the label, as a float32 scalar (stays on the device). */
export function correctCount(output: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.equal(tf.argMax(output, -1), labels).toFloat()) as tf.Scalar);
}
