/**
 * The whole test set of each dataset, uploaded once as tensors and shared by runs (validation,
 * evaluation) and by requests (evaluate, top activations).
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/datasets';
import type { DatasetName } from '../spec/types';
import { type ResidentSplit, uploadSplit } from '../train/residentData';

export class TestSplits {
  private readonly splits = new Map<DatasetName, ResidentSplit>();

  constructor(private readonly getDataset: (name: DatasetName, trainCount?: number) => Promise<Dataset>) {}

  async get(name: DatasetName): Promise<ResidentSplit> {
    let split = this.splits.get(name);
    if (!split) {
      const test = (await this.getDataset(name, 0)).test;
      // Another request may have uploaded it while the dataset loaded.
      split = this.splits.get(name) ?? uploadSplit(test);
      this.splits.set(name, split);
    }
    return split;
  }

  /** Frees one dataset's test split (its images changed); the next `get` uploads it again. */
  forget(name: DatasetName): void {
    const split = this.splits.get(name);
    if (split) tf.dispose([split.images, split.labels]);
    this.splits.delete(name);
  }

  dispose(): void {
    for (const split of this.splits.values()) tf.dispose([split.images, split.labels]);
    this.splits.clear();
  }
}
