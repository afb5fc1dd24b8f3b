/**
 * Where kept runs live: IndexedDB (through `idb`, database `cnn-playground-runs`, its own so that its
 * versions never collide with the model library's) in the browser and its worker, memory in Node
 * (tests, CLI) with the same behaviour. A run's record and its optional weights sit in two stores,
 * so listing runs never reads weights; deleting a run removes both in one transaction.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { KeptRun } from '../protocol';
import { StorageError, type StoredWeights } from './libraryStore';

export interface RunStore {
  put(run: KeptRun): Promise<void>;
  get(id: string): Promise<KeptRun | undefined>;
  all(): Promise<KeptRun[]>;
  remove(id: string): Promise<void>;
  putWeights(id: string, weights: StoredWeights): Promise<void>;
  weights(id: string): Promise<StoredWeights | undefined>;
}

interface RunsSchema extends DBSchema {
  runs: { key: string; value: KeptRun };
  weights: { key: string; value: StoredWeights & { id: string } };
}

export const RUNS_DB_NAME = 'cnn-playground-runs';
const RUNS_DB_VERSION = 1;

const BLOCKED = 'Another tab holds the kept runs open with an older version of the playground: reload or close that tab, then try again.';

export class IndexedDbRunStore implements RunStore {
  private db: Promise<IDBPDatabase<RunsSchema>> | null = null;

  constructor(private readonly dbName = RUNS_DB_NAME) {}

  private open(): Promise<IDBPDatabase<RunsSchema>> {
    if (this.db) return this.db;
    const forget = () => {
      this.db = null;
    };
    const opening = openDB<RunsSchema>(this.dbName, RUNS_DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('weights', { keyPath: 'id' });
      },
      blocked: () => {
        forget();
      },
      // A newer version wants to upgrade: let it, and reopen on the next request.
      blocking: () => {
        forget();
        void opening.then((db) => db.close()).catch(() => undefined);
      },
      terminated: forget,
    }).catch((error: unknown) => {
      forget();
      throw error instanceof DOMException && error.name === 'VersionError' ? new StorageError(BLOCKED) : error;
    });
    this.db = opening;
    return opening;
  }

  async put(run: KeptRun): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('runs', 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.put(run), tx.done]);
  }

  async get(id: string): Promise<KeptRun | undefined> {
    return (await this.open()).get('runs', id);
  }

  async all(): Promise<KeptRun[]> {
    return (await this.open()).getAll('runs');
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['runs', 'weights'], 'readwrite');
    await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('weights').delete(id), tx.done]);
  }

  async putWeights(id: string, weights: StoredWeights): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('weights', 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.put({ id, ...weights }), tx.done]);
  }

  async weights(id: string): Promise<StoredWeights | undefined> {
    const stored = await (await this.open()).get('weights', id);
    return stored && { weightSpecs: stored.weightSpecs, weights: stored.weights };
  }
}

/** Runs kept in memory (Node, tests): copies, so later changes to a record do not reach the store. */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, KeptRun>();
  private readonly stored = new Map<string, StoredWeights>();
  async put(run: KeptRun): Promise<void> {
    this.runs.set(run.id, structuredClone(run));
  }
  async get(id: string): Promise<KeptRun | undefined> {
    const run = this.runs.get(id);
    return run && structuredClone(run);
  }
  async all(): Promise<KeptRun[]> {
    return [...this.runs.values()].map((run) => structuredClone(run));
  }
  async remove(id: string): Promise<void> {
    this.runs.delete(id);
    this.stored.delete(id);
  }
  async putWeights(id: string, weights: StoredWeights): Promise<void> {
    this.stored.set(id, { weightSpecs: structuredClone(weights.weightSpecs), weights: weights.weights.slice(0) });
  }
  async weights(id: string): Promise<StoredWeights | undefined> {
    const entry = this.stored.get(id);
    return entry && { weightSpecs: entry.weightSpecs, weights: entry.weights.slice(0) };
  }
}

/** IndexedDB where the runtime has it (browser, worker), else memory (Node). */
export function runStoreForRuntime(): RunStore {
  return typeof indexedDB === 'undefined' ? new MemoryRunStore() : new IndexedDbRunStore();
}
