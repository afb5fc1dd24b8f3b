/**
 * The real engine in-process, behind the `WorkerLike` face the EngineClient expects, for unit tests
 * of the client and the page-side bridges (Node only: datasets come from disk, the backend is tfjs
 * `cpu`). Messages are structured-cloned and delivered on a later task in both directions, as
 * `postMessage` does, so that ordering races between page and worker show up here too.
 */
import * as tf from '@tensorflow/tfjs';
import type { WorkerFactory, WorkerLike } from '../client';
import { EngineHost } from '../host';
import { loadDatasetFromDisk } from './datasetSource';
import type { BackendInfo, EngineEvent, EngineRequest } from '../protocol';

const CPU_ONLY: BackendInfo = {
  name: 'cpu',
  reason: 'the in-process test engine runs on cpu',
  softwareAdapter: false,
  backends: [{ name: 'cpu', available: true, note: '' }],
};

export interface InProcessWorkers {
  factory: WorkerFactory;
  /** Every request the page sent, in order (a copy). */
  requests: EngineRequest[];
  /** How many workers the factory made (a hard stop makes a new one). */
  made: () => number;
}

export function inProcessWorkers(): InProcessWorkers {
  const requests: EngineRequest[] = [];
  let made = 0;
  const factory: WorkerFactory = () => {
    made++;
    let terminated = false;
    const worker: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message: EngineRequest) {
        const copy = structuredClone(message);
        requests.push(copy);
        setTimeout(() => {
          if (!terminated) void host.handle(copy);
        }, 0);
      },
      terminate() {
        terminated = true;
        host.dispose();
      },
    } as WorkerLike;
    const host = new EngineHost({
      post: (event: EngineEvent) => {
        if (terminated) return;
        const copy = structuredClone(event);
        setTimeout(() => {
          if (!terminated) worker.onmessage?.({ data: copy } as MessageEvent<EngineEvent>);
        }, 0);
      },
      datasets: () => ({ get: loadDatasetFromDisk, decodeMs: () => 0 }),
      selectBackend: async () => {
        await tf.setBackend('cpu');
        return structuredClone(CPU_ONLY);
      },
    });
    return worker;
  };
  return { factory, requests, made: () => made };
}
