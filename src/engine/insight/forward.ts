/**
 * The forward pieces every insight needs, on concrete tensors so that gradients can flow to the
 * input or to a layer's output: the network run layer by layer (spec layer i is computing layer i),
 * the class scores before a softmax head (a softmax saturates, and its gradient with it), and what
 * gradient ascent climbs for one layer. Call inside `tf.tidy` or `tf.grad`.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import { denseLogits, softmaxHead } from '../train/objective';
import { computingLayers } from '../inspect/activations';
import { EngineError } from '../session/errors';

const INFERENCE = { training: false };

/** Runs computing layers `from` … `to − 1` on `x` (inference mode: dropout off, batch norm frozen). */
export function runLayers(layers: tf.layers.Layer[], x: tf.Tensor, from: number, to: number): tf.Tensor {
  let out = x;
  for (let i = from; i < to; i++) out = layers[i].apply(out, INFERENCE) as tf.Tensor;
  return out;
}

/**
 * The class scores of `x` given the output of computing layer `from − 1` (from = 0: `x` is the
 * image): logits where the network ends in a softmax whose scores can be read, else its output.
 */
export function scoresFrom(model: tf.LayersModel, spec: ModelSpec, x: tf.Tensor, from = 0): tf.Tensor2D {
  const layers = computingLayers(model);
  const head = softmaxHead(spec);
  if (head === 'dense' || head === 'activation') {
    const beforeLast = runLayers(layers, x, from, layers.length - 1);
    return (head === 'dense' ? denseLogits(layers[layers.length - 1], beforeLast) : beforeLast) as tf.Tensor2D;
  }
  return runLayers(layers, x, from, layers.length) as tf.Tensor2D;
}

/** A conv layer's output before its activation: the convolution with its own config, plus the bias. */
function convAffine(layer: tf.layers.Layer, x: tf.Tensor4D): tf.Tensor4D {
  const config = layer.getConfig() as { strides?: number | number[]; padding?: 'valid' | 'same'; dilationRate?: number | number[] };
  const [kernel, bias] = layer.weights.map((weight) => weight.read());
  const pair = (value: number | number[] | undefined): [number, number] =>
    Array.isArray(value) ? [value[0], value[1] ?? value[0]] : [value ?? 1, value ?? 1];
  const out = tf.conv2d(x, kernel as tf.Tensor4D, pair(config.strides), config.padding ?? 'valid', 'NHWC', pair(config.dilationRate));
  return bias ? tf.add(out, bias) : out;
}

/**
 * How much of the pre-activation gradient ascent adds to a layer's output: just enough that a unit
 * whose ReLU starts at zero everywhere still has a gradient (a leaky ReLU's leak), too little to
 * matter once it fires. The pre-activation alone would not do: a first layer's channel mean before
 * its activation is linear in the image, and climbing it only brightens or darkens everything.
 */
export const PRE_ACTIVATION_LEAK = 0.05;

/**
 * What gradient ascent climbs for a layer: its output, plus a little of its pre-activation where it
 * has a non-linear one; for a softmax, the scores before it (the logits) alone.
 */
export function layerObjectiveOutput(layers: tf.layers.Layer[], layerIndex: number, image: tf.Tensor): tf.Tensor {
  const input = runLayers(layers, image, 0, layerIndex);
  const layer = layers[layerIndex];
  const className = layer.getClassName();
  const output = layer.apply(input, INFERENCE) as tf.Tensor;
  if (className !== 'Conv2D' && className !== 'Dense') return output;
  const activation = (layer.getConfig() as { activation?: string }).activation ?? 'linear';
  if (activation === 'linear') return output;
  const pre = className === 'Conv2D' ? convAffine(layer, input as tf.Tensor4D) : denseLogits(layer, input);
  return activation === 'softmax' ? pre : tf.add(output, tf.mul(pre, PRE_ACTIVATION_LEAK));
}

/** The computing layer of spec layer `layerIndex`, or an `input` error naming the valid range. */
export function requireLayer(model: tf.LayersModel, layerIndex: number): tf.layers.Layer {
  const layers = computingLayers(model);
  if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= layers.length) {
    throw new EngineError('input', `Layer ${layerIndex} does not exist: the network has layers 0 to ${layers.length - 1}.`);
  }
  return layers[layerIndex];
}

/** The position of the last convolution among the computing layers, or −1 when there is none. */
export function lastConvIndex(model: tf.LayersModel): number {
  const layers = computingLayers(model);
  for (let i = layers.length - 1; i >= 0; i--) if (layers[i].getClassName() === 'Conv2D') return i;
  return -1;
}

/** The model's input shape without the batch dimension ([h, w, c]). */
export function inputShapeOf(model: tf.LayersModel): [number, number, number] {
  const shape = model.inputs[0].shape.slice(1) as number[];
  if (shape.length !== 3) throw new EngineError('input', `This network takes inputs of shape ${shape.join('×')}; the pictures need an image input (height × width × channels).`);
  return shape as [number, number, number];
}
