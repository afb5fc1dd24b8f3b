/**
 * The library of saved models: weights in IndexedDB through tfjs (`indexeddb://cnnp-<key>`, which works
 * inside a Web Worker) and a small metadata store beside them (name, spec, dataset, history, accuracy)
 * so that listing never loads weights. Both stores sit behind interfaces so that Node (tests, CLI),
 * which has no IndexedDB, uses in-memory stores with the same behaviour.
 */
import * as tf from '@tensorflow/tfjs';
import type { SavedModelInfo } from '../protocol';
import { captureArtifacts, joinWeights, type ModelMetadata, modelFromWeights } from './modelFiles';

/** Stored weights: the manifest entries and the bytes they describe. */
export interface StoredWeights {
  weightSpecs: tf.io.WeightsManifestEntry[];
  weights: ArrayBuffer;
}

export interface WeightStore {
  save(key: string, model: tf.LayersModel): Promise<void>;
  load(key: string): Promise<StoredWeights>;
  remove(key: string): Promise<void>;
}

export interface MetadataStore {
  put(info: SavedModelInfo): Promise<void>;
  get(key: string): Promise<SavedModelInfo | undefined>;
  all(): Promise<SavedModelInfo[]>;
  remove(key: string): Promise<void>;
}

/** A storage problem, phrased for the page. */
export class StorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageError';
  }
}

const URL_PREFIX = 'indexeddb://cnnp-';

/** Weights in IndexedDB via tfjs's own handler. */
export class IndexedDbWeightStore implements WeightStore {
  async save(key: string, model: tf.LayersModel): Promise<void> {
    await model.save(URL_PREFIX + key);
  }
  async load(key: string): Promise<StoredWeights> {
    const [handler] = tf.io.getLoadHandlers(URL_PREFIX + key);
    if (!handler?.load) throw new StorageError('IndexedDB is not available here, so saved models cannot be loaded.');
    const artifacts = await handler.load();
    return { weightSpecs: artifacts.weightSpecs ?? [], weights: joinWeights(artifacts.weightData) };
  }
  async remove(key: string): Promise<void> {
    await tf.io.removeModel(URL_PREFIX + key);
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Metadata in its own IndexedDB database (tfjs's database is tfjs's business). */
export class IndexedDbMetadataStore implements MetadataStore {
  private db: Promise<IDBDatabase> | null = null;
  constructor(private readonly dbName = 'cnn-playground-models') {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      const req = indexedDB.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('models', { keyPath: 'key' });
      this.db = request(req);
    }
    return this.db;
  }
  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction('models', mode).objectStore('models');
  }
  async put(info: SavedModelInfo): Promise<void> {
    await request((await this.store('readwrite')).put(info));
  }
  async get(key: string): Promise<SavedModelInfo | undefined> {
    return (await request((await this.store('readonly')).get(key))) as SavedModelInfo | undefined;
  }
  async all(): Promise<SavedModelInfo[]> {
    return (await request((await this.store('readonly')).getAll())) as SavedModelInfo[];
  }
  async remove(key: string): Promise<void> {
    await request((await this.store('readwrite')).delete(key));
  }
}

/** Weights kept in memory (Node, tests): copies, so later training does not change them. */
export class MemoryWeightStore implements WeightStore {
  private readonly entries = new Map<string, StoredWeights>();
  async save(key: string, model: tf.LayersModel): Promise<void> {
    const artifacts = await captureArtifacts(model);
    this.entries.set(key, { weightSpecs: artifacts.weightSpecs ?? [], weights: joinWeights(artifacts.weightData).slice(0) });
  }
  async load(key: string): Promise<StoredWeights> {
    const entry = this.entries.get(key);
    if (!entry) throw new StorageError(`No weights are stored under "${key}".`);
    return { weightSpecs: entry.weightSpecs, weights: entry.weights.slice(0) };
  }
  async remove(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

export class MemoryMetadataStore implements MetadataStore {
  private readonly entries = new Map<string, SavedModelInfo>();
  async put(info: SavedModelInfo): Promise<void> {
    this.entries.set(info.key, structuredClone(info));
  }
  async get(key: string): Promise<SavedModelInfo | undefined> {
    const info = this.entries.get(key);
    return info && structuredClone(info);
  }
  async all(): Promise<SavedModelInfo[]> {
    return [...this.entries.values()].map((info) => structuredClone(info));
  }
  async remove(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

/** A unique key; crypto.randomUUID is missing outside secure contexts, so plain randomness is used. */
function newKey(): string {
  return `${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

export class ModelLibrary {
  constructor(
    private readonly weightStore: WeightStore,
    private readonly metadataStore: MetadataStore,
  ) {}

  /** IndexedDB where the runtime has it (browser, worker), else memory (Node). */
  static forRuntime(): ModelLibrary {
    return typeof indexedDB === 'undefined'
      ? new ModelLibrary(new MemoryWeightStore(), new MemoryMetadataStore())
      : new ModelLibrary(new IndexedDbWeightStore(), new IndexedDbMetadataStore());
  }

  /** Saves the model under a new key; the name must not be blank. */
  async save(model: tf.LayersModel, metadata: ModelMetadata): Promise<SavedModelInfo> {
    const name = metadata.name.trim();
    if (!name) throw new StorageError('Give the model a name before saving it.');
    const info: SavedModelInfo = { ...metadata, name, key: newKey() };
    await this.weightStore.save(info.key, model);
    try {
      await this.metadataStore.put(info);
    } catch (error) {
      await this.weightStore.remove(info.key).catch(() => undefined);
      throw error;
    }
    return info;
  }

  /** Every saved model, newest first. */
  async list(): Promise<SavedModelInfo[]> {
    const all = await this.metadataStore.all();
    return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** Rebuilds a saved model from its spec and stored weights. */
  async load(key: string): Promise<{ info: SavedModelInfo; model: tf.LayersModel }> {
    const info = await this.metadataStore.get(key);
    if (!info) throw new StorageError(`No saved model has the key "${key}": it may have been deleted. Refresh the list.`);
    const stored = await this.weightStore.load(key);
    return { info, model: modelFromWeights(info.spec, stored.weightSpecs, stored.weights) };
  }

  async remove(key: string): Promise<void> {
    const info = await this.metadataStore.get(key);
    if (!info) throw new StorageError(`No saved model has the key "${key}": it may already be deleted.`);
    await this.metadataStore.remove(key);
    await this.weightStore.remove(key).catch(() => undefined);
  }
}
