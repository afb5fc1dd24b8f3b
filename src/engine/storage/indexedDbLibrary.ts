/**
 * The saved-model library in IndexedDB (through `idb`), for the browser and its worker. A model's
 * metadata and its weights are written in ONE transaction over two stores, and a save resolves only
 * when that transaction has completed (durably), not when a request succeeded: a tab closed or an
 * engine hard-stopped right after "Saved" cannot leave half an entry. Other tabs hear of every change
 * on a BroadcastChannel, so their lists never go stale. Connections give way to a newer version
 * opened in another tab (`versionchange`), and an upgrade held up by an old tab says so.
 *
 * Models saved before this layout kept their weights in tfjs's own database
 * (`indexeddb://cnnp-<key>`): those still load, and weights there without an entry here (a tab closed
 * mid-save) are removed at start-up.
 */
import * as tf from '@tensorflow/tfjs';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { SavedModelInfo } from '../protocol';
import { joinWeights } from './modelFiles';
import { type LibraryStore, LIBRARY_CHANNEL, StorageError, type StoredWeights } from './libraryStore';

interface LibrarySchema extends DBSchema {
  models: { key: string; value: SavedModelInfo };
  weights: { key: string; value: StoredWeights & { key: string } };
}

const DB_NAME = 'cnn-playground-models';
/** 1: metadata only (weights in tfjs's database); 2: weights beside it. */
const DB_VERSION = 2;
/** Where tfjs kept the weights of models saved with version 1. */
const LEGACY_PREFIX = 'indexeddb://cnnp-';

const BLOCKED =
  'Another tab holds the saved models open with an older version of the playground: reload or close that tab, then try again.';

export class IndexedDbLibraryStore implements LibraryStore {
  private db: Promise<IDBPDatabase<LibrarySchema>> | null = null;
  private readonly channel: BroadcastChannel | null =
    typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(LIBRARY_CHANNEL);

  constructor(private readonly dbName = DB_NAME) {}

  private open(): Promise<IDBPDatabase<LibrarySchema>> {
    if (this.db) return this.db;
    const forget = () => {
      this.db = null;
    };
    const opening = new Promise<IDBPDatabase<LibrarySchema>>((resolve, reject) => {
      let gaveUp = false;
      openDB<LibrarySchema>(this.dbName, DB_VERSION, {
        upgrade(db, oldVersion) {
          if (oldVersion < 1) db.createObjectStore('models', { keyPath: 'key' });
          if (oldVersion < 2) db.createObjectStore('weights', { keyPath: 'key' });
        },
        // An older tab keeps version 1 open: say so rather than wait silently; the next request
        // tries again (and this connection, should it still open, is closed).
        blocked: () => {
          gaveUp = true;
          forget();
          reject(new StorageError(BLOCKED));
        },
        // A newer version wants to upgrade: let it, and reopen on the next request.
        blocking: () => {
          forget();
          void opening.then((db) => db.close()).catch(() => undefined);
        },
        terminated: forget,
      }).then(
        (db) => (gaveUp ? db.close() : resolve(db)),
        (error: unknown) => {
          forget();
          reject(error);
        },
      );
    });
    this.db = opening;
    return opening;
  }

  private changed(): void {
    this.channel?.postMessage({ type: 'changed' });
  }

  async put(info: SavedModelInfo, weights: StoredWeights): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['models', 'weights'], 'readwrite', { durability: 'strict' });
    await Promise.all([
      tx.objectStore('weights').put({ key: info.key, ...weights }),
      tx.objectStore('models').put(info),
      tx.done,
    ]);
    this.changed();
  }

  async get(key: string): Promise<SavedModelInfo | undefined> {
    return (await this.open()).get('models', key);
  }

  async all(): Promise<SavedModelInfo[]> {
    return (await this.open()).getAll('models');
  }

  async weights(key: string): Promise<StoredWeights> {
    const stored = await (await this.open()).get('weights', key);
    if (stored) return { weightSpecs: stored.weightSpecs, weights: stored.weights };
    const [handler] = tf.io.getLoadHandlers(LEGACY_PREFIX + key);
    if (!handler?.load)
      throw new StorageError(`The weights of saved model "${key}" are missing: delete the entry.`);
    const artifacts = await handler.load();
    return { weightSpecs: artifacts.weightSpecs ?? [], weights: joinWeights(artifacts.weightData) };
  }

  async remove(key: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['models', 'weights'], 'readwrite');
    await Promise.all([tx.objectStore('models').delete(key), tx.objectStore('weights').delete(key), tx.done]);
    await tf.io.removeModel(LEGACY_PREFIX + key).catch(() => undefined);
    this.changed();
  }

  /** Removes weights that have no entry (here, or in tfjs's database from a save cut short). */
  async sweep(): Promise<number> {
    const db = await this.open();
    const keys = new Set(await db.getAllKeys('models'));
    let removed = 0;
    const tx = db.transaction('weights', 'readwrite');
    for (const key of await tx.store.getAllKeys()) {
      if (!keys.has(key)) {
        await tx.store.delete(key);
        removed++;
      }
    }
    await tx.done;
    const legacy = await tf.io.listModels().catch(() => ({}) as Record<string, unknown>);
    for (const url of Object.keys(legacy)) {
      if (url.startsWith(LEGACY_PREFIX) && !keys.has(url.slice(LEGACY_PREFIX.length))) {
        await tf.io.removeModel(url).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }
}
