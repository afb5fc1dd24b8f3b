/**
 * The test images that landed in one confusion-matrix cell. With the engine's full list of predicted
 * classes every image is found; otherwise only the predictions and worst examples the evaluation
 * carries can be searched, and the result says it is partial.
 */
import type { Evaluation } from '../../engine/protocol';

export interface CellExamples {
  /** Test-set indices, in order, at most `limit`. */
  indices: number[];
  /** How many images the cell holds in all (from the confusion matrix). */
  total: number;
  /** True when `indices` could only be drawn from a sample of the evaluated images. */
  partial: boolean;
}

/** Test-set indices whose true class is `label` and predicted class `predicted`. */
export function cellExamples(
  evaluation: Evaluation,
  labels: ArrayLike<number> | null,
  label: number,
  predicted: number,
  limit = 48,
): CellExamples {
  const total = evaluation.confusion[label]?.[predicted] ?? 0;
  const all = evaluation.predictedClasses;
  if (all && labels && labels.length >= all.length) {
    const indices: number[] = [];
    for (let i = 0; i < all.length && indices.length < limit; i++) {
      if (labels[i] === label && all[i] === predicted) indices.push(i);
    }
    return { indices, total, partial: false };
  }
  const seen = new Set<number>();
  for (const row of [...evaluation.predictions, ...evaluation.worst]) {
    if (row.label === label && row.predicted === predicted) seen.add(row.index);
  }
  const indices = [...seen].sort((a, b) => a - b).slice(0, limit);
  return { indices, total, partial: indices.length < Math.min(total, limit) };
}
