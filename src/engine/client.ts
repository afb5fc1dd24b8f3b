/**
 * The page's handle on the engine worker. Request/response calls become promises matched by
 * requestId; streamed events (progress, faults) go to subscribers. `restart()` is the hard stop: it
 * terminates the worker (a hung GPU, a runaway run) and starts a fresh one lazily, failing every pending
 * call with a clear message instead of leaving it hanging.
 */
import type { BackendChoice, EngineEvent, EngineRequest, MeasuredSpeeds } from './protocol';
import { transferablesOf } from './protocol';

type Listener = (event: EngineEvent) => void;
type WithoutId<T> = T extends { requestId: number } ? Omit<T, 'requestId'> : never;
export type ClientRequest = WithoutId<EngineRequest>;
type Answer<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

interface Pending {
  resolve: (event: EngineEvent) => void;
  reject: (error: Error) => void;
}

export type WorkerFactory = () => Worker;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'cnn-playground-engine' });

export class EngineClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly datasetBaseUrl: string,
    private readonly factory: WorkerFactory = defaultWorkerFactory,
  ) {}

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a request and resolves with the event that answers it (rejects on an `error` event). */
  request<T extends EngineEvent['type']>(request: ClientRequest, _answer?: T): Promise<Answer<T>> {
    const requestId = this.nextId++;
    const message = { ...request, requestId } as EngineRequest;
    return new Promise<Answer<T>>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (event: EngineEvent) => void, reject });
      this.ensureWorker().postMessage(message, transferablesOf(message));
    });
  }

  /** Sends a message that has no single answer (training control). */
  send(message: Extract<EngineRequest, { runId: number }>): void {
    this.ensureWorker().postMessage(message, transferablesOf(message));
  }

  /** Initialises (or re-initialises after a restart) with a backend choice. */
  init(backend: BackendChoice, measured: MeasuredSpeeds = {}): Promise<Answer<'backend'>> {
    return this.request<'backend'>({ type: 'init', backend, datasetBaseUrl: this.datasetBaseUrl, measured });
  }

  /** Hard stop: kills the worker; the next request starts a fresh one. */
  restart(reason = 'the engine was restarted'): void {
    this.worker?.terminate();
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(new Error(reason));
    this.pending.clear();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  dispose(): void {
    this.restart('the engine was shut down');
    this.listeners.clear();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.factory();
    worker.onmessage = (message: MessageEvent<EngineEvent>) => this.dispatch(message.data);
    worker.onerror = (error: ErrorEvent) => {
      error.preventDefault();
      const text = `the engine worker crashed: ${error.message || 'unknown error'}`;
      this.restart(text);
      this.dispatch({ type: 'error', message: text });
    };
    this.worker = worker;
    return worker;
  }

  private dispatch(event: EngineEvent): void {
    const requestId = 'requestId' in event ? event.requestId : undefined;
    if (requestId !== undefined) {
      const pending = this.pending.get(requestId);
      if (pending) {
        this.pending.delete(requestId);
        if (event.type === 'error') pending.reject(new Error(event.message));
        else pending.resolve(event);
      }
    }
    for (const listener of this.listeners) listener(event);
  }
}
