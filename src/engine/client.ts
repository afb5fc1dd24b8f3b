/**
 * The page's handle on the engine worker. Request/response calls become promises matched by
 * requestId, each typed by the request (`ANSWER_TYPES` in protocol.ts says which event answers it);
 * a failure rejects with a {@link RequestError} carrying the error's kind. Streamed events
 * (progress, faults, the current model) go to subscribers. `restart()` is the hard stop: it
 * terminates the worker (a hung GPU, a runaway run) and starts a fresh one lazily, failing every
 * pending call with a clear message instead of leaving it hanging.
 */
import type {
  AnswerTo,
  AskRequest,
  BackendChoice,
  EngineEvent,
  ErrorKind,
  MeasuredSpeeds,
  RunControlRequest,
} from './protocol';
import { ANSWER_TYPES, transferablesOf } from './protocol';

type Listener = (event: EngineEvent) => void;
type WithoutId<T> = T extends { requestId: number } ? Omit<T, 'requestId'> : never;
/** A request as the page writes it: the client adds the requestId. */
export type ClientRequest = WithoutId<AskRequest>;

/** A request that failed: the engine's message, and its kind for the page to react to. */
export class RequestError extends Error {
  constructor(
    readonly kind: ErrorKind | 'restarted',
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** The kind of a failed request, or null for an error that did not come from the engine. */
export function errorKindOf(error: unknown): RequestError['kind'] | null {
  return error instanceof RequestError ? error.kind : null;
}

interface Pending {
  answer: EngineEvent['type'];
  resolve: (event: EngineEvent) => void;
  reject: (error: Error) => void;
}

/** What the client needs of a Worker: tests pass an in-process stand-in (see engineHarness.ts). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((message: MessageEvent<EngineEvent>) => void) | null;
  onerror: ((error: ErrorEvent) => void) | null;
};

export type WorkerFactory = () => WorkerLike;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'cnn-playground-engine' });

export class EngineClient {
  private worker: WorkerLike | null = null;
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

  /** Sends a request and resolves with the event that answers it (rejects with a RequestError). */
  request<R extends ClientRequest>(request: R): Promise<AnswerTo<R['type']>> {
    const requestId = this.nextId++;
    const message = { ...request, requestId } as AskRequest;
    const answer: EngineEvent['type'] = ANSWER_TYPES[request.type];
    return new Promise<AnswerTo<R['type']>>((resolve, reject) => {
      this.pending.set(requestId, { answer, resolve: resolve as (event: EngineEvent) => void, reject });
      this.ensureWorker().postMessage(message, transferablesOf(message));
    });
  }

  /** Sends a message that has no single answer (a run and its controls). */
  send(message: RunControlRequest): void {
    this.ensureWorker().postMessage(message, transferablesOf(message));
  }

  /** Initialises (or re-initialises after a restart) with a backend choice. */
  init(backend: BackendChoice, measured: MeasuredSpeeds = {}): Promise<AnswerTo<'init'>> {
    return this.request({ type: 'init', backend, datasetBaseUrl: this.datasetBaseUrl, measured });
  }

  /** Hard stop: kills the worker; the next request starts a fresh one. */
  restart(reason = 'the engine was restarted'): void {
    this.worker?.terminate();
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(new RequestError('restarted', reason));
    this.pending.clear();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  dispose(): void {
    this.restart('the engine was shut down');
    this.listeners.clear();
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.factory();
    worker.onmessage = (message: MessageEvent<EngineEvent>) => this.dispatch(message.data);
    worker.onerror = (error: ErrorEvent) => {
      error.preventDefault();
      const text = `the engine worker crashed: ${error.message || 'unknown error'}`;
      this.restart(text);
      this.dispatch({ type: 'error', kind: 'internal', message: text });
    };
    this.worker = worker;
    return worker;
  }

  private dispatch(event: EngineEvent): void {
    const requestId = 'requestId' in event ? event.requestId : undefined;
    const pending = requestId === undefined ? undefined : this.pending.get(requestId);
    if (pending && requestId !== undefined) {
      if (event.type === 'error') {
        this.pending.delete(requestId);
        pending.reject(new RequestError(event.kind, event.message));
      } else if (event.type === pending.answer) {
        this.pending.delete(requestId);
        pending.resolve(event);
      }
      // Any other event with this id (none today) is not the answer: keep waiting for it.
    }
    for (const listener of this.listeners) listener(event);
  }
}
