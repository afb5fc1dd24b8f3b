/** What the saved-model library stores and where: the interface both stores implement. */
import type * as tf from '@tensorflow/tfjs';
import type { SavedModelInfo } from '../protocol';

/** Stored weights: the manifest entries and the bytes they describe. */
export interface StoredWeights {
  weightSpecs: tf.io.WeightsManifestEntry[];
  weights: ArrayBuffer;
}

/** Where entries live. `put` resolves only once metadata and weights are both safely stored. */
export interface LibraryStore {
  put(info: SavedModelInfo, weights: StoredWeights): Promise<void>;
  get(key: string): Promise<SavedModelInfo | undefined>;
  all(): Promise<SavedModelInfo[]>;
  weights(key: string): Promise<StoredWeights>;
  remove(key: string): Promise<void>;
  /** Removes weights without an entry; how many were removed. */
  sweep(): Promise<number>;
}

/** The BroadcastChannel on which a change to the library is announced to every tab. */
export const LIBRARY_CHANNEL = 'cnn-playground-models';

/** A storage problem, phrased for the page. */
export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}
