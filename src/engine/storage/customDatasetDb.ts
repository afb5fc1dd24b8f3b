/**
 * The learner's own datasets in IndexedDB (through `idb`), in their own database so that its versions
 * never collide with the model library's. A dataset is two records written in one transaction: its
 * summary (what the list shows, small) and its pixels (read only when the dataset is opened or used).
 * A write resolves when the transaction has completed, so "Saved" means saved. Other tabs hear of
 * every change on a BroadcastChannel.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { type CustomDataset, type CustomDatasetSummary, summarise } from '../data/customDataset';

interface DatasetSchema extends DBSchema {
  summaries: { key: string; value: CustomDatasetSummary };
  pixels: { key: string; value: { id: string; images: Uint8Array; labels: Uint8Array } };
}

export const DATASET_DB = 'cnn-playground-datasets';
const DB_VERSION = 1;
export const DATASET_CHANNEL = 'cnn-playground-datasets';

export class DatasetStorageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetStorageError';
  }
}

function storageMessage(action: string, error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return `Could not ${action}: the browser's storage for this site is full. Export and delete datasets or saved models you no longer need.`;
  return `Could not ${action}: ${error instanceof Error ? error.message : String(error)}`;
}

export class CustomDatasetDb {
  private db: Promise<IDBPDatabase<DatasetSchema>> | null = null;
  private readonly channel: BroadcastChannel | null = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(DATASET_CHANNEL);

  constructor(private readonly name = DATASET_DB) {}

  private open(): Promise<IDBPDatabase<DatasetSchema>> {
    if (!this.db) {
      const forget = () => {
        this.db = null;
      };
      this.db = openDB<DatasetSchema>(this.name, DB_VERSION, {
        upgrade(db) {
          db.createObjectStore('summaries', { keyPath: 'id' });
          db.createObjectStore('pixels', { keyPath: 'id' });
        },
        blocking: () => {
          void this.db?.then((db) => db.close());
          forget();
        },
        terminated: forget,
      });
      this.db.catch(forget);
    }
    return this.db;
  }

  /** Calls `listener` when another tab changed the datasets; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    const handler = () => listener();
    this.channel?.addEventListener('message', handler);
    return () => this.channel?.removeEventListener('message', handler);
  }

  async list(): Promise<CustomDatasetSummary[]> {
    try {
      const all = await (await this.open()).getAll('summaries');
      return all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    } catch (error) {
      throw new DatasetStorageError(storageMessage('list your datasets', error));
    }
  }

  async get(id: string): Promise<CustomDataset | undefined> {
    try {
      const db = await this.open();
      const tx = db.transaction(['summaries', 'pixels'], 'readonly');
      const [summary, pixels] = await Promise.all([tx.objectStore('summaries').get(id), tx.objectStore('pixels').get(id), tx.done]);
      if (!summary || !pixels) return undefined;
      const { count: _count, perClass: _perClass, ...rest } = summary;
      return { ...rest, images: pixels.images, labels: pixels.labels };
    } catch (error) {
      throw new DatasetStorageError(storageMessage('open the dataset', error));
    }
  }

  async put(dataset: CustomDataset): Promise<CustomDatasetSummary> {
    const summary = summarise(dataset);
    try {
      const db = await this.open();
      const tx = db.transaction(['summaries', 'pixels'], 'readwrite', { durability: 'strict' });
      await Promise.all([
        tx.objectStore('summaries').put(summary),
        tx.objectStore('pixels').put({ id: dataset.id, images: dataset.images, labels: dataset.labels }),
        tx.done,
      ]);
    } catch (error) {
      throw new DatasetStorageError(storageMessage(`save “${dataset.title}”`, error));
    }
    this.channel?.postMessage({ type: 'changed', id: dataset.id });
    return summary;
  }

  async rename(id: string, title: string): Promise<void> {
    const dataset = await this.get(id);
    if (!dataset) throw new DatasetStorageError('That dataset is no longer stored (another tab may have deleted it).');
    await this.put({ ...dataset, title, updatedAt: new Date().toISOString() });
  }

  async remove(id: string): Promise<void> {
    try {
      const db = await this.open();
      const tx = db.transaction(['summaries', 'pixels'], 'readwrite');
      await Promise.all([tx.objectStore('summaries').delete(id), tx.objectStore('pixels').delete(id), tx.done]);
    } catch (error) {
      throw new DatasetStorageError(storageMessage('delete the dataset', error));
    }
    this.channel?.postMessage({ type: 'changed', id });
  }
}
