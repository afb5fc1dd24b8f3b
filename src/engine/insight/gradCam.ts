/**
 * Grad-CAM (Selvaraju et al. 2017) on the last convolution: each of its channels is weighted by how
 * much the class score rises when that channel rises (its gradient, averaged over the map), and the
 * weighted sum of the maps, with negatives cut away, says where in the image the evidence for the
 * class lies. The map has the last conv layer's own spatial size; the page upsamples it.
 *
 * Where a flatten + dense head weighs every position separately (the Tiny CNN), the averaged
 * gradients mostly cancel and Grad-CAM is often empty. Then, unless asked for Grad-CAM only, the
 * answer is HiResCAM (Draelos & Carin 2020): gradient times activation at each position, summed over
 * channels — for such a head exactly each position's share of the class score — and says so.
 */
import * as tf from '@tensorflow/tfjs';
import { computingLayers } from '../inspect/activations';
import type { ModelSpec } from '../spec/types';
import { EngineError } from '../session/errors';
import { inputShapeOf, lastConvIndex, runLayers, scoresFrom } from './forward';
import { checkClass, type ClassMap, normalisedMap } from './saliency';

export type CamMethod = 'grad-cam' | 'hires-cam';

export interface GradCamMap extends ClassMap {
  /** The spec index of the convolution it is computed on. */
  layerIndex: number;
  /** Which weighting made the map (see the file's comment). */
  method: CamMethod;
}

/** The Grad-CAM map of `pixels` for `classIndex` (undefined: the predicted class). */
export async function gradCam(
  model: tf.LayersModel,
  spec: ModelSpec,
  pixels: Float32Array,
  classIndex?: number,
  method: CamMethod | 'auto' = 'auto',
): Promise<GradCamMap> {
  const layerIndex = lastConvIndex(model);
  if (layerIndex < 0) throw new EngineError('input', 'This network has no convolution, so there is no class-activation map: add a Conv2D layer.');
  const [height, width, channels] = inputShapeOf(model);
  const layers = computingLayers(model);
  const [mapH, mapW] = (layers[layerIndex].outputShape as number[]).slice(1, 3);
  const { cam, hires, predictedT } = tf.tidy(() => {
    const image = tf.tensor4d(pixels, [1, height, width, channels]);
    const maps = runLayers(layers, image, 0, layerIndex + 1) as tf.Tensor4D;
    const scores = scoresFrom(model, spec, maps, layerIndex + 1);
    const numClasses = scores.shape[1];
    if (classIndex !== undefined) checkClass(classIndex, numClasses);
    const predictedT = tf.argMax(scores, -1);
    const mask = tf.oneHot(classIndex !== undefined ? [classIndex] : predictedT, numClasses).toFloat();
    const grads = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(scoresFrom(model, spec, a, layerIndex + 1), mask)) as tf.Scalar)(maps);
    const weights = tf.mean(grads, [1, 2], true);
    const cam = tf.relu(tf.sum(tf.mul(maps, weights), -1)).reshape([mapH, mapW]);
    const hires = tf.relu(tf.sum(tf.mul(maps, grads), -1)).reshape([mapH, mapW]);
    return { cam, hires, predictedT };
  });
  try {
    const predicted = (await predictedT.data())[0];
    let chosen: CamMethod = method === 'hires-cam' ? 'hires-cam' : 'grad-cam';
    let result = await normalisedMap(chosen === 'grad-cam' ? cam : hires);
    if (method === 'auto' && result.peak <= 0) {
      chosen = 'hires-cam';
      result = await normalisedMap(hires);
    }
    return { classIndex: classIndex ?? predicted, predicted, ...result, height: mapH, width: mapW, layerIndex, method: chosen };
  } finally {
    tf.dispose([cam, hires, predictedT]);
  }
}
