import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../engine/protocol';
import { cellExamples } from './cellExamples';

// Six test images: labels 0 1 1 0 1 0; predictions 0 1 0 0 0 1.
const labels = [0, 1, 1, 0, 1, 0];
const predicted = [0, 1, 0, 0, 0, 1];
const rows = labels.map((label, index) => ({
  index,
  label,
  predicted: predicted[index],
  confidence: 0.5 + index / 20,
}));
const evaluation: Evaluation = {
  loss: 0.5,
  accuracy: 3 / 6,
  confusion: [
    [2, 1],
    [2, 1],
  ],
  perClassAccuracy: [2 / 3, 1 / 3],
  worst: rows.filter((r) => r.label !== r.predicted).sort((a, b) => b.confidence - a.confidence),
  predictions: rows.slice(0, 2),
  count: 6,
};

describe('cellExamples', () => {
  it('finds every image of a cell from the full list of predicted classes', () => {
    const full = { ...evaluation, predictedClasses: predicted };
    expect(cellExamples(full, labels, 1, 0)).toEqual({ indices: [2, 4], total: 2, partial: false });
    expect(cellExamples(full, labels, 0, 0)).toEqual({ indices: [0, 3], total: 2, partial: false });
    expect(cellExamples(full, labels, 0, 0, 1).indices).toEqual([0]);
  });

  it('falls back to the predictions and worst examples, and says when that is partial', () => {
    expect(cellExamples(evaluation, null, 1, 0)).toEqual({ indices: [2, 4], total: 2, partial: false });
    // Diagonal cell 0/0 holds images 0 and 3, but only image 0 is among the leading predictions.
    expect(cellExamples(evaluation, null, 0, 0)).toEqual({ indices: [0], total: 2, partial: true });
    expect(cellExamples(evaluation, labels, 5, 5)).toEqual({ indices: [], total: 0, partial: false });
  });
});
