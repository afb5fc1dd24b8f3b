/// <reference lib="webworker" />
/**
 * The engine's Web Worker: everything heavy (decoding datasets, TensorFlow.js, training) runs here so
 * that the page never freezes. It only connects the EngineHost (host.ts), which answers every
 * request of protocol.ts, to `postMessage`.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { DatasetCache } from './datasetCache';
import { EngineHost } from './host';
import { type EngineEvent, type EngineRequest, transferablesOf } from './protocol';
import { setUpWasm } from './wasmSetup';

const scope = self as unknown as DedicatedWorkerGlobalScope;
setUpWasm();

function post(event: EngineEvent): void {
  scope.postMessage(event, transferablesOf(event));
}

const host = new EngineHost({
  post,
  datasets: (baseUrl, progress) => {
    const cache = new DatasetCache(baseUrl, progress);
    return { get: (name) => cache.get(name), decodeMs: (name) => cache.decodeMs.get(name) ?? 0 };
  },
});

scope.onmessage = (message: MessageEvent<EngineRequest>) => {
  void host.handle(message.data);
};

post({ type: 'ready' });
