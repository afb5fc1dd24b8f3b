/**
 * Why the network decided, pixel by pixel: the gradient of one class's score (the logit before a
 * softmax head) with respect to the input image. A pixel whose change would move the score most
 * is bright. The map is |gradient|, the largest over the colour channels, divided by its maximum.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import { EngineError } from '../session/errors';
import { inputShapeOf, scoresFrom } from './forward';

export interface ClassMap {
  /** The class the map is for. */
  classIndex: number;
  /** The class the network predicts for the image (argmax of its scores). */
  predicted: number;
  /** Row-major [height × width], in [0, 1] (all zero when the score does not depend on the input). */
  map: Float32Array;
  height: number;
  width: number;
  /** The largest value before normalisation (0: the map carries no information). */
  peak: number;
}

/** Checks a class index against the network's output width. */
export function checkClass(classIndex: number, numClasses: number): void {
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= numClasses) {
    throw new EngineError('input', `Class ${classIndex} does not exist: choose one from 0 to ${numClasses - 1}.`);
  }
}

/** Divides by the maximum (when it is positive) and reads back once. */
export async function normalisedMap(raw: tf.Tensor): Promise<{ map: Float32Array; peak: number }> {
  const [scaled, peak] = tf.tidy(() => {
    const max = tf.max(raw);
    return [tf.div(raw, tf.maximum(max, 1e-12)).reshape([-1]), max];
  });
  try {
    const [map, top] = await Promise.all([scaled.data() as Promise<Float32Array>, peak.data()]);
    return { map, peak: top[0] };
  } finally {
    tf.dispose([scaled, peak]);
  }
}

/**
 * The saliency map of `pixels` (h·w·c values in [0, 1]) for `classIndex` (undefined: the predicted
 * class). Every tensor it makes is freed before it resolves.
 */
export async function saliencyMap(model: tf.LayersModel, spec: ModelSpec, pixels: Float32Array, classIndex?: number): Promise<ClassMap> {
  const [height, width, channels] = inputShapeOf(model);
  const { grad, predictedT } = tf.tidy(() => {
    const image = tf.tensor4d(pixels, [1, height, width, channels]);
    const scores = scoresFrom(model, spec, image);
    const predictedT = tf.argMax(scores, -1);
    const target = classIndex ?? -1;
    const numClasses = scores.shape[1];
    if (target >= 0) checkClass(target, numClasses);
    const score = (x: tf.Tensor): tf.Scalar => {
      const s = scoresFrom(model, spec, x);
      // The predicted class when none was asked for: a one-hot mask of the argmax (no gradient flows into it).
      const mask = target >= 0 ? tf.oneHot([target], numClasses) : tf.oneHot(tf.argMax(s, -1), numClasses);
      return tf.sum(tf.mul(s, mask.toFloat())) as tf.Scalar;
    };
    const grad = tf.max(tf.abs(tf.grad(score)(image)), -1).reshape([height, width]);
    return { grad, predictedT };
  });
  try {
    const predicted = (await predictedT.data())[0];
    const { map, peak } = await normalisedMap(grad);
    return { classIndex: classIndex ?? predicted, predicted, map, height, width, peak };
  } finally {
    tf.dispose([grad, predictedT]);
  }
}
