/**
 * A network pointed at a dataset, by the dataset's name (a built-in, a class subset, or a learner's
 * own `custom:<id>` once registered): the input takes the dataset's image shape, the output layer
 * one unit per class, and, when the caller knows how many training images there are, the batch no
 * more than that. The layers in between are the learner's and are left alone. The one way every
 * caller fits a network: the presets, the dataset pickers, a learner's own dataset and the CLI.
 */
import type { DatasetName, ModelSpec } from '../spec/types';
import { datasetMeta } from './datasets';

export interface FittedSpec {
  /** The fitted spec; the very object given when nothing had to change. */
  spec: ModelSpec;
  /** What was changed, in words, for the page or the CLI to say ("output layer: 10 → 3 units"). */
  changes: string[];
}

export interface FitOptions {
  /**
   * Training images the dataset has: a batch larger than that is cut to it (a learner's dataset
   * may hold a few dozen images, fewer than the network's batch of 64).
   */
  trainCount?: number;
}

/**
 * The spec made to fit dataset `name`: its inputShape becomes the dataset's [height, width,
 * channels]; when the class count differs, numClasses changes and so does the head (a last Dense
 * layer with numClasses units); the batch is capped at `options.trainCount`. The spec given is not
 * changed.
 */
export function fitSpecToDataset(spec: ModelSpec, name: DatasetName, options: FitOptions = {}): FittedSpec {
  const { height, width, channels, classNames } = datasetMeta(name);
  const classes = classNames.length;
  const changes: string[] = [];
  let fitted = spec;
  const [h, w, c] = spec.inputShape;
  if (h !== height || w !== width || c !== channels) {
    fitted = { ...fitted, inputShape: [height, width, channels] };
    changes.push(`input: ${h}×${w}×${c} → ${height}×${width}×${channels}`);
  }
  if (spec.numClasses !== classes) {
    const layers = [...spec.layers];
    const last = layers.length - 1;
    const head = layers[last];
    if (head?.type === 'dense' && head.units === spec.numClasses) {
      layers[last] = { ...head, units: classes };
      changes.push(`output layer: ${head.units} → ${classes} units`);
    } else {
      changes.push(`classes: ${spec.numClasses} → ${classes}`);
    }
    fitted = { ...fitted, numClasses: classes, layers };
  }
  const { trainCount } = options;
  if (trainCount !== undefined && trainCount > 0 && spec.training.batchSize > trainCount) {
    fitted = { ...fitted, training: { ...spec.training, batchSize: trainCount } };
    changes.push(`batch: ${spec.training.batchSize} → ${trainCount} (the training images there are)`);
  }
  return { spec: fitted, changes };
}
