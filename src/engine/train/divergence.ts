/**
 * Divergence detection that a clipped loss cannot hide. The loss clips probabilities to [ε, 1 − ε], so
 * NaN outputs can still give a finite loss (16.1 at most) on backends whose clamp turns NaN into a
 * bound (wasm, WebGPU). Instead every batch counts the NaN and ±Infinity values among the network's
 * raw outputs and among all the gradients, on the device, into a five-number health vector that the
 * metrics window sums and reads together with the loss (one transfer, no extra sync). A non-zero count
 * stops the run; the fault says which it was (NaN, or an overflow to ±Infinity), where it showed
 * (outputs or gradients), which layers' weights are no longer finite, and on which batch it began.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import { addAll } from './addAll';
import type { Fault } from './faults';

/** Length of the health vector of one batch (and of a window's sum of them). */
export const HEALTH_LENGTH = 5;

/** A window's summed health vector, read back to JavaScript. */
export interface DivergenceCounts {
  outputNaN: number;
  outputInf: number;
  /** Batches whose gradients held a NaN. */
  gradientNaN: number;
  /** Batches whose gradients held ±Infinity (and no NaN). */
  gradientInf: number;
  /** Batches of the window with at least one non-finite value. */
  badBatches: number;
}

/** [NaN count, ±Infinity count] of one tensor, float32, on the device. */
function nonFiniteCounts(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(
    () =>
      tf.stack([
        tf.sum(tf.cast(tf.isNaN(x), 'float32')),
        tf.sum(tf.cast(tf.isInf(x), 'float32')),
      ]) as tf.Tensor1D,
  );
}

/**
 * The health vector of one batch: [output NaN count, output ±Inf count, gradients NaN 0/1, gradients
 * ±Inf 0/1, bad batch 0/1]. The outputs are small and counted exactly. The gradients are as large as
 * the weights, so they get two cheap passes each: the sum of absolute values over all of them is NaN
 * when any value is NaN and +Infinity when any is ±Infinity (or when they are so large that their sum
 * overflows, which is divergence too).
 */
export function batchHealth(output: tf.Tensor, grads: tf.NamedTensorMap): tf.Tensor1D {
  return tf.tidy(() => {
    const sums = Object.values(grads).map((g) => tf.sum(tf.abs(g)));
    const magnitude =
      sums.length === 0 ? tf.zeros([1]) : tf.reshape(addAll(sums), [1]);
    const counts = tf.concat([nonFiniteCounts(output), nonFiniteCounts(magnitude)]);
    const bad = tf.cast(tf.greater(tf.sum(counts), 0), 'float32');
    return tf.concat([counts, tf.reshape(bad, [1])]) as tf.Tensor1D;
  });
}

/** Reads the health part of a window's sums (indices `offset` … `offset + 4`). */
export function countsFrom(values: ArrayLike<number>, offset: number): DivergenceCounts {
  return {
    outputNaN: values[offset],
    outputInf: values[offset + 1],
    gradientNaN: values[offset + 2],
    gradientInf: values[offset + 3],
    badBatches: values[offset + 4],
  };
}

export function diverged(counts: DivergenceCounts): boolean {
  return counts.badBatches > 0;
}

/**
 * Layer names whose weights hold a NaN or ±Infinity, in network order (a one-off read, made only once
 * a divergence was seen, to say where it went wrong).
 */
export async function nonFiniteLayers(model: tf.LayersModel): Promise<string[]> {
  const names: string[] = [];
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    const flag = tf.tidy(
      () =>
        addAll(weights.map((w) => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(w)), 'float32')))) as tf.Scalar,
    );
    const [count] = await flag.data();
    flag.dispose();
    if (count > 0) names.push(layer.name);
  }
  return names;
}

export interface DivergenceContext {
  spec: ModelSpec;
  /** 0-based epoch. */
  epoch: number;
  /** 1-based batch of the epoch that ended the window in which the divergence was seen. */
  windowEnd: number;
  counts: DivergenceCounts;
  /** From {@link nonFiniteLayers}. */
  badLayers: string[];
}

/** The batch (1-based, within the epoch) on which the divergence began. */
export function firstBadBatch(windowEnd: number, counts: DivergenceCounts): number {
  // Once weights are non-finite they stay so, so every later batch of the window is bad too.
  return Math.max(1, windowEnd - counts.badBatches + 1);
}

/** Most likely cure, named for the spec's optimiser and learning rate. */
export function divergenceHint(spec: ModelSpec): string {
  const { optimizer, learningRate } = spec.training;
  const typical: Record<string, number> = {
    sgd: 0.1,
    momentum: 0.05,
    adam: 0.01,
    rmsprop: 0.01,
    adadelta: 1,
  };
  const limit = typical[optimizer] ?? 0.01;
  const init = spec.layers.some(
    (l) => (l.type === 'dense' || l.type === 'conv2d') && (l.initStddev ?? 0) > 0.5,
  )
    ? ' A smaller initial weight spread (standard deviation) also helps.'
    : '';
  return learningRate > limit
    ? `The learning rate ${learningRate} is high for ${optimizer}: try ${limit / 10} and start over.${init}`
    : `Lower the learning rate (for instance by 10×), add batch normalisation or L2 regularisation, and start over.${init}`;
}

/** Explains a divergence: NaN or overflow, where it showed, and since which batch. */
export function divergenceFault({ spec, epoch, windowEnd, counts, badLayers }: DivergenceContext): Fault {
  const overflow = counts.outputInf > 0 || counts.gradientInf > 0;
  const what = overflow ? 'overflowed to ±Infinity' : 'became NaN (not a number)';
  const inOutputs = counts.outputNaN + counts.outputInf > 0;
  const inGradients = counts.gradientNaN + counts.gradientInf > 0;
  const where =
    inOutputs && inGradients
      ? 'The network’s outputs and its gradients'
      : inOutputs
        ? 'The network’s outputs'
        : 'The gradients';
  const layers =
    badLayers.length === 0
      ? ''
      : ` The weights of ${badLayers.length === 1 ? 'layer' : 'layers'} ${listNames(badLayers)} are no longer finite.`;
  return {
    kind: 'nan',
    message: `${where} ${what} at epoch ${epoch + 1}, batch ${firstBadBatch(windowEnd, counts)}: training diverged, so the run was stopped.${layers}`,
    hint: divergenceHint(spec),
  };
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}
