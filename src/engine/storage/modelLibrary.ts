/**
 * The library of saved models: each entry is its metadata (name, spec, dataset, history, accuracy),
 * listed without loading weights, and its weights, written together. The store sits behind an
 * interface: IndexedDB in the browser and its worker (indexedDbLibrary.ts), memory in Node (tests, CLI)
 * with the same behaviour.
 */
import type * as tf from '@tensorflow/tfjs';
import type { SavedModelInfo } from '../protocol';
import { IndexedDbLibraryStore } from './indexedDbLibrary';
import { type LibraryStore, StorageError, type StoredWeights } from './libraryStore';
import { captureArtifacts, joinWeights, type ModelMetadata, modelFromWeights } from './modelFiles';

export { LIBRARY_CHANNEL, type LibraryStore, StorageError, type StoredWeights } from './libraryStore';

/** Entries kept in memory (Node, tests): copies, so later training does not change them. */
export class MemoryLibraryStore implements LibraryStore {
  private readonly entries = new Map<string, SavedModelInfo>();
  private readonly stored = new Map<string, StoredWeights>();
  async put(info: SavedModelInfo, weights: StoredWeights): Promise<void> {
    this.entries.set(info.key, structuredClone(info));
    this.stored.set(info.key, {
      weightSpecs: structuredClone(weights.weightSpecs),
      weights: weights.weights.slice(0),
    });
  }
  async get(key: string): Promise<SavedModelInfo | undefined> {
    const info = this.entries.get(key);
    return info && structuredClone(info);
  }
  async all(): Promise<SavedModelInfo[]> {
    return [...this.entries.values()].map((info) => structuredClone(info));
  }
  async weights(key: string): Promise<StoredWeights> {
    const entry = this.stored.get(key);
    if (!entry) throw new StorageError(`No weights are stored under "${key}".`);
    return { weightSpecs: entry.weightSpecs, weights: entry.weights.slice(0) };
  }
  async remove(key: string): Promise<void> {
    this.entries.delete(key);
    this.stored.delete(key);
  }
  async sweep(): Promise<number> {
    let removed = 0;
    for (const key of this.stored.keys()) {
      if (!this.entries.has(key)) {
        this.stored.delete(key);
        removed++;
      }
    }
    return removed;
  }
  /** For tests: weights left behind without an entry, as a save cut short would leave them. */
  leaveOrphan(key: string, weights: StoredWeights): void {
    this.stored.set(key, weights);
  }
  get storedKeys(): string[] {
    return [...this.stored.keys()];
  }
}

/** A unique key; crypto.randomUUID is missing outside secure contexts, so plain randomness is used. */
function newKey(): string {
  return `${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;
}

/** `name`, or `name (2)`, `name (3)`, … when an entry already has it: same-name saves stay apart. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  for (let n = 2; ; n++) if (!names.has(`${name} (${n})`)) return `${name} (${n})`;
}

export class ModelLibrary {
  private swept: Promise<void> | null = null;

  constructor(private readonly store: LibraryStore) {}

  /** IndexedDB where the runtime has it (browser, worker), else memory (Node). */
  static forRuntime(): ModelLibrary {
    return new ModelLibrary(
      typeof indexedDB === 'undefined' ? new MemoryLibraryStore() : new IndexedDbLibraryStore(),
    );
  }

  /** Cleans up once, before the first listing: weights a closed tab left without an entry. */
  private sweepOnce(): Promise<void> {
    this.swept ??= this.store.sweep().then(
      () => undefined,
      () => undefined,
    );
    return this.swept;
  }

  /** Saves the model under a new key; the name must not be blank and is made unique. */
  async save(model: tf.LayersModel, metadata: ModelMetadata): Promise<SavedModelInfo> {
    const trimmed = metadata.name.trim();
    if (!trimmed) throw new StorageError('Give the model a name before saving it.');
    const name = uniqueName(
      trimmed,
      (await this.store.all()).map((m) => m.name),
    );
    const info: SavedModelInfo = { ...metadata, name, key: newKey() };
    const artifacts = await captureArtifacts(model);
    await this.store.put(info, {
      weightSpecs: artifacts.weightSpecs ?? [],
      weights: joinWeights(artifacts.weightData),
    });
    return info;
  }

  /** Every saved model, newest first. */
  async list(): Promise<SavedModelInfo[]> {
    await this.sweepOnce();
    const all = await this.store.all();
    return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** Rebuilds a saved model from its spec and stored weights. */
  async load(key: string): Promise<{ info: SavedModelInfo; model: tf.LayersModel }> {
    const info = await this.store.get(key);
    if (!info)
      throw new StorageError(
        `No saved model has the key "${key}": it may have been deleted. Refresh the list.`,
      );
    const stored = await this.store.weights(key);
    return { info, model: modelFromWeights(info.spec, stored.weightSpecs, stored.weights) };
  }

  async remove(key: string): Promise<void> {
    const info = await this.store.get(key);
    if (!info) throw new StorageError(`No saved model has the key "${key}": it may already be deleted.`);
    await this.store.remove(key);
  }
}
