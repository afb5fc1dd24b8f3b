/**
 * A network made for MNIST (10 classes, 28×28×1) pointed at a learner's dataset: the output layer gets
 * one unit per class, the input the dataset's shape, and the batch no more images than the training
 * split holds. The layers in between are the learner's and are left alone.
 */
import type { ModelSpec } from '../spec/types';
import type { ImageShape } from './customDataset';

export interface FitChange {
  spec: ModelSpec;
  /** What was changed, in words, for the page or the CLI to say ("output layer: 10 → 3 units"). */
  changes: string[];
}

export function fitSpecToImages(spec: ModelSpec, classes: number, shape: ImageShape, trainCount: number): FitChange {
  const next = structuredClone(spec);
  const changes: string[] = [];
  const [h, w, c] = next.inputShape;
  if (h !== shape.height || w !== shape.width || c !== shape.channels) {
    next.inputShape = [shape.height, shape.width, shape.channels];
    changes.push(`input: ${h}×${w}×${c} → ${shape.height}×${shape.width}×${shape.channels}`);
  }
  if (next.numClasses !== classes) {
    const last = next.layers[next.layers.length - 1];
    if (last?.type === 'dense' && last.units === next.numClasses) {
      changes.push(`output layer: ${last.units} → ${classes} units`);
      last.units = classes;
    } else {
      changes.push(`classes: ${next.numClasses} → ${classes}`);
    }
    next.numClasses = classes;
  }
  if (trainCount > 0 && next.training.batchSize > trainCount) {
    changes.push(`batch: ${next.training.batchSize} → ${trainCount} (the training images there are)`);
    next.training.batchSize = trainCount;
  }
  return { spec: next, changes };
}
