/**
 * Evaluation of a model on a resident split: mean cross-entropy, accuracy, the confusion matrix,
 * per-class accuracy, the most confidently wrong examples and the first predictions for a prediction
 * grid. Runs in fixed-size batches on the device and reads everything back in one transfer at the end.
 */
import * as tf from '@tensorflow/tfjs';
import type { Evaluation } from '../protocol';
import { crossEntropyPerExample, toProbabilities } from '../train/objective';
import type { ResidentSplit } from '../train/residentData';

export interface EvaluateOptions {
  /** True when the network ends in a softmax. */
  probabilities: boolean;
  numClasses: number;
  /** Only the first `limit` rows of the split; undefined = all. */
  limit?: number;
  /** Rows per forward pass (memory vs speed). */
  batchSize?: number;
  /** How many confidently wrong examples to list. */
  worst?: number;
  /** How many leading predictions to return for the prediction grid. */
  predictions?: number;
}

const DEFAULT_BATCH = 256;

/** A forward pass in inference mode (dropout off, batch norm uses its moving statistics). */
export function forward(model: tf.LayersModel, images: tf.Tensor): tf.Tensor {
  return model.apply(images, { training: false }) as tf.Tensor;
}

/** Evaluates `model` on the first `limit` rows of `split`. */
export async function evaluateSplit(model: tf.LayersModel, split: ResidentSplit, options: EvaluateOptions): Promise<Evaluation> {
  const count = Math.min(options.limit ?? split.count, split.count);
  const classes = options.numClasses;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? DEFAULT_BATCH, count));
  if (count === 0) {
    return { loss: NaN, accuracy: NaN, confusion: [], perClassAccuracy: [], worst: [], predictions: [], count: 0 };
  }
  let lossSum: tf.Scalar = tf.keep(tf.scalar(0));
  let confusion: tf.Tensor2D = tf.keep(tf.zeros([classes, classes]));
  const perBatch: tf.Tensor[] = [];
  let packed: tf.Tensor | null = null;
  try {
    for (let start = 0; start < count; start += batchSize) {
      const size = Math.min(batchSize, count - start);
      const [nextLoss, nextConfusion, rows] = tf.tidy(() => {
        const images = tf.slice(split.images, [start, 0, 0, 0], [size, -1, -1, -1]);
        const labels = tf.slice(split.labels, [start], [size]);
        const output = forward(model, images);
        const probabilities = toProbabilities(output, options.probabilities);
        const loss = tf.add(lossSum, tf.sum(crossEntropyPerExample(output, labels, classes, options.probabilities)));
        const predicted = tf.argMax(probabilities, -1);
        const counts = tf.matMul(tf.oneHot(labels, classes).toFloat(), tf.oneHot(predicted, classes).toFloat(), true, false);
        // Rows of [predicted, confidence] for the worst-example search and the prediction grid.
        const detail = tf.stack([predicted.toFloat(), tf.max(probabilities, -1)], 1);
        return [tf.keep(loss as tf.Scalar), tf.keep(tf.add(confusion, counts) as tf.Tensor2D), tf.keep(detail)];
      });
      lossSum.dispose();
      confusion.dispose();
      lossSum = nextLoss;
      confusion = nextConfusion;
      perBatch.push(rows);
    }
    packed = tf.tidy(() => tf.concat([lossSum.reshape([1]), confusion.reshape([-1]), tf.concat(perBatch, 0).reshape([-1])]));
    const values = await packed.data();
    return summarise(values, split.labelValues, count, classes, options);
  } finally {
    tf.dispose([lossSum, confusion, ...perBatch]);
    packed?.dispose();
  }
}

function summarise(
  values: ArrayLike<number>,
  labels: ArrayLike<number>,
  count: number,
  classes: number,
  options: EvaluateOptions,
): Evaluation {
  const confusion: number[][] = [];
  let correct = 0;
  for (let t = 0; t < classes; t++) {
    const row: number[] = [];
    for (let p = 0; p < classes; p++) row.push(Math.round(values[1 + t * classes + p]));
    confusion.push(row);
    correct += row[t];
  }
  const perClassAccuracy = confusion.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : row[t] / total;
  });
  const detailStart = 1 + classes * classes;
  const rows: Evaluation['worst'] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      index: i,
      label: labels[i],
      predicted: Math.round(values[detailStart + 2 * i]),
      confidence: values[detailStart + 2 * i + 1],
    });
  }
  const worst = rows
    .filter((row) => row.predicted !== row.label)
    .sort((a, b) => b.confidence - a.confidence || a.index - b.index)
    .slice(0, options.worst ?? 16);
  return {
    loss: values[0] / count,
    accuracy: correct / count,
    confusion,
    perClassAccuracy,
    worst,
    predictions: rows.slice(0, options.predictions ?? 36),
    // Every image's predicted class, so a confusion-matrix cell can list all of its images.
    predictedClasses: rows.map((row) => row.predicted),
    // … and its true label, so that the page needs no images to know which ones are wrong.
    labels: rows.map((row) => row.label),
    count,
  };
}
