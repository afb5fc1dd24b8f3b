/**
 * What a channel looks for: an input image, made by gradient ascent, that drives the mean activation
 * of one conv channel (or one dense unit) as high as it goes. Several units of one layer climb
 * together, one image each, in one batch. The usual regularisation keeps the images readable rather
 * than adversarial noise: each step is normalised (a fixed small size whatever the gradient's scale),
 * the image is jittered by a pixel or two before each step (so the pattern does not rely on exact
 * positions), blurred every few steps in the first half, pulled gently towards black (an L2 penalty), and clamped to
 * the pixel range [0, 1]. It climbs the layer's output (with a little of a conv or dense layer's
 * pre-activation, so that a unit that starts silent has a gradient; the logits for a softmax) and
 * reports the layer's actual output.
 */
import * as tf from '@tensorflow/tfjs';
import { computingLayers } from '../inspect/activations';
import { mulberry32 } from '../train/prng';
import { yieldToEventLoop } from '../train/yieldToEventLoop';
import { EngineError } from '../session/errors';
import { inputShapeOf, layerObjectiveOutput, requireLayer, runLayers } from './forward';

export interface AscentOptions {
  layerIndex: number;
  /** Channels (conv, pooling) or units (dense) of that layer, one image each. */
  units: number[];
  /** The starting image (h·w·c values in [0, 1]) for every unit; undefined: seeded grey noise. */
  start?: Float32Array;
  steps?: number;
  /** Size of one normalised step, in pixel units (mean |step| per pixel). */
  stepSize?: number;
  /** Largest jitter, in pixels. */
  jitter?: number;
  /** Blur every `blurEvery` steps during the first half of the climb (0: never). */
  blurEvery?: number;
  /** Fraction of each pixel taken away per step (an L2 penalty's gradient step). */
  decay?: number;
  seed?: number;
  /** Called every `progressEvery` steps and after the last, with the images so far. */
  progressEvery?: number;
}

export interface AscentProgress {
  step: number;
  steps: number;
  /** Mean activation of each unit for its image now. */
  activations: number[];
  /** One image per unit, each h·w·c values. */
  images: Float32Array;
  /** [h, w, c] of one image. */
  shape: [number, number, number];
}

export interface AscentResult extends AscentProgress {
  /** Mean activation of each unit for the starting image. */
  startActivations: number[];
  cancelled: boolean;
}

/**
 * Measured on a Tiny CNN trained on MNIST: a 3×3 first-layer filter wants fine, high-contrast
 * strokes, so blurring all the way through halves what it reaches; blurring in the first half only
 * keeps the pattern smooth and lets the second half sharpen it.
 */
export const ASCENT_DEFAULTS = { steps: 128, stepSize: 0.05, jitter: 1, blurEvery: 4, decay: 0.0005, progressEvery: 8, seed: 1 } as const;

/** Most units one request may climb at once (one layer's grid). */
export const MAX_UNITS = 64;

/** A 3×3 binomial blur for every channel (depthwise, 'same' padding keeps the size). */
function blurKernel(channels: number): tf.Tensor4D {
  const k = [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16);
  const values: number[] = [];
  for (const v of k) for (let c = 0; c < channels; c++) values.push(v);
  return tf.tensor4d(values, [3, 3, channels, 1]);
}

/** Shifts images by (dy, dx) pixels, wrapping around (a jitter that loses nothing). */
function roll(x: tf.Tensor4D, dy: number, dx: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  let out = x;
  const sy = ((dy % h) + h) % h;
  const sx = ((dx % w) + w) % w;
  if (sy) out = tf.concat([tf.slice(out, [0, h - sy, 0, 0], [-1, sy, -1, -1]), tf.slice(out, [0, 0, 0, 0], [-1, h - sy, -1, -1])], 1);
  if (sx) out = tf.concat([tf.slice(out, [0, 0, w - sx, 0], [-1, -1, sx, -1]), tf.slice(out, [0, 0, 0, 0], [-1, -1, w - sx, -1])], 2);
  return out;
}

/** Mean over space of unit i's channel for image i (conv / pooling output) or unit i (dense): [n]. */
function unitMeans(output: tf.Tensor, mask: tf.Tensor2D): tf.Tensor1D {
  const perUnit = output.rank === 4 ? tf.mean(output, [1, 2]) : output.reshape([output.shape[0], -1]);
  return tf.sum(tf.mul(perUnit, mask), -1) as tf.Tensor1D;
}

/**
 * Climbs `options.units` of `options.layerIndex`. `cancelled` is polled between steps (the event loop
 * runs there, so a cancel request can arrive); a cancelled climb resolves with the images so far.
 */
export async function gradientAscent(
  model: tf.LayersModel,
  options: AscentOptions,
  onProgress: (progress: AscentProgress) => void = () => undefined,
  cancelled: () => boolean = () => false,
): Promise<AscentResult> {
  const o = { ...ASCENT_DEFAULTS, ...options };
  const layer = requireLayer(model, o.layerIndex);
  const shape = inputShapeOf(model);
  const [h, w, c] = shape;
  const outShape = (layer.outputShape as number[]).slice(1);
  const width = outShape[outShape.length - 1];
  if (outShape.length !== 3 && layer.getClassName() !== 'Dense') {
    throw new EngineError('input', `Layer ${o.layerIndex} (${layer.getClassName()}) has neither channels nor units to climb (its output is ${outShape.join('×')}).`);
  }
  if (o.units.length === 0 || o.units.length > MAX_UNITS) throw new EngineError('input', `Ask for 1 to ${MAX_UNITS} channels at once (asked for ${o.units.length}).`);
  for (const unit of o.units) {
    if (!Number.isInteger(unit) || unit < 0 || unit >= width) {
      throw new EngineError('input', `${outShape.length === 3 ? 'Channel' : 'Unit'} ${unit} does not exist in layer ${o.layerIndex}: it has 0 to ${width - 1}.`);
    }
  }
  if (o.start && (o.start.length !== h * w * c || !o.start.every(Number.isFinite))) {
    throw new EngineError('input', `The starting image must have ${h * w * c} finite values in [0, 1].`);
  }
  if (!Number.isInteger(o.steps) || o.steps < 1 || o.steps > 1000) throw new EngineError('input', `Steps must be a whole number from 1 to 1000 (got ${o.steps}).`);

  const n = o.units.length;
  const layers = computingLayers(model);
  const random = mulberry32(o.seed);
  const startValues = new Float32Array(n * h * w * c);
  for (let i = 0; i < startValues.length; i++) startValues[i] = o.start ? o.start[i % (h * w * c)] : 0.5 + 0.2 * (random() - 0.5);

  const mask = tf.tidy(() => tf.oneHot(o.units, width).toFloat() as tf.Tensor2D);
  const blur = blurKernel(c);
  let x: tf.Tensor4D = tf.tensor4d(startValues, [n, h, w, c]);
  const measure = (images: tf.Tensor4D): tf.Tensor1D => tf.tidy(() => unitMeans(runLayers(layers, images, 0, o.layerIndex + 1), mask));
  const read = async (step: number): Promise<AscentProgress> => {
    const means = measure(x);
    try {
      const [activations, images] = await Promise.all([means.data(), x.data() as Promise<Float32Array>]);
      return { step, steps: o.steps, activations: Array.from(activations), images, shape };
    } finally {
      means.dispose();
    }
  };
  try {
    const startActivations = (await read(0)).activations;
    const objective = (images: tf.Tensor): tf.Scalar => tf.sum(unitMeans(layerObjectiveOutput(layers, o.layerIndex, images), mask)) as tf.Scalar;
    const gradient = tf.grad(objective);
    let step = 0;
    let stopped = false;
    while (step < o.steps) {
      // Messages (a cancel, a new run) are handled here, and only here, so the check right after sees them.
      await yieldToEventLoop();
      if (cancelled()) {
        stopped = true;
        break;
      }
      const dy = Math.round((random() * 2 - 1) * o.jitter);
      const dx = Math.round((random() * 2 - 1) * o.jitter);
      const doBlur = o.blurEvery > 0 && step < o.steps / 2 && (step + 1) % o.blurEvery === 0;
      const next = tf.tidy(() => {
        // The gradient at the jittered image, shifted back: the step improves the unjittered one.
        const g = roll(gradient(roll(x, dy, dx)) as tf.Tensor4D, -dy, -dx);
        const scale = tf.add(tf.mean(tf.abs(g), [1, 2, 3], true), 1e-8);
        let y: tf.Tensor4D = tf.add(tf.mul(x, 1 - o.decay), tf.mul(tf.div(g, scale), o.stepSize));
        if (doBlur) y = tf.depthwiseConv2d(y, blur, 1, 'same');
        return tf.clipByValue(y, 0, 1) as tf.Tensor4D;
      });
      x.dispose();
      x = next;
      step++;
      if (step % o.progressEvery === 0 && step < o.steps) onProgress(await read(step));
    }
    const last = await read(step);
    onProgress(last);
    return { ...last, startActivations, cancelled: stopped };
  } finally {
    tf.dispose([x, mask, blur]);
  }
}
