/// <reference lib="webworker" />
/**
 * The engine's Web Worker: everything heavy (decoding datasets, TensorFlow.js, training) runs here so
 * that the page never freezes. It answers the requests of protocol.ts; the switch below must stay
 * exhaustive.
 */
import '@tensorflow/tfjs-backend-webgpu';
import { getBackend } from '@tensorflow/tfjs';
import { TrainingSession } from './train/session';
import { setUpWasm } from './wasmSetup';
import { selectBackend, describe } from './backend';
import { DatasetCache } from './datasetCache';
import { PIXELS } from './data/datasets';
import { calibrate } from './calibrate';
import { type BackendName, type EngineEvent, type EngineRequest, type MeasuredSpeeds, transferablesOf } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
setUpWasm();

function post(event: EngineEvent): void {
  scope.postMessage(event, transferablesOf(event));
}

let datasets: DatasetCache | null = null;
let measured: MeasuredSpeeds = {};

let training: TrainingSession | null = null;

/** The training session, created on first use (it needs the dataset cache of `init`). */
function requireTraining(): TrainingSession {
  if (!training) {
    training = new TrainingSession({
      post,
      getDataset: (name) => requireDatasets().get(name),
      backendName: () => getBackend() as BackendName,
    });
  }
  return training;
}

function requireDatasets(): DatasetCache {
  if (!datasets) throw new Error('the engine was not initialised: send an init request first');
  return datasets;
}

async function handle(request: EngineRequest): Promise<void> {
  switch (request.type) {
    case 'init': {
      datasets = new DatasetCache(request.datasetBaseUrl, (dataset, phase, fraction) =>
        post({ type: 'datasetProgress', dataset, phase, fraction }),
      );
      measured = request.measured ?? {};
      const info = await selectBackend(request.backend, { measured });
      post({ type: 'backend', requestId: request.requestId, info });
      return;
    }
    case 'setBackend': {
      measured = request.measured ?? measured;
      const info = await selectBackend(request.backend, { measured });
      post({ type: 'backend', requestId: request.requestId, info });
      return;
    }
    case 'calibrate': {
      measured = await calibrate(['webgpu', 'webgl', 'wasm', 'cpu']);
      const info = await selectBackend(request.backend, { measured });
      post({ type: 'calibration', requestId: request.requestId, speeds: measured, info });
      post({ type: 'backend', info });
      return;
    }
    case 'loadDataset': {
      const cache = requireDatasets();
      const data = await cache.get(request.dataset);
      post({
        type: 'datasetLoaded',
        requestId: request.requestId,
        info: {
          dataset: data.name,
          trainCount: data.train.count,
          testCount: data.test.count,
          classNames: data.classNames,
          decodeMs: cache.decodeMs.get(data.name) ?? 0,
        },
      });
      return;
    }
    case 'samples': {
      const data = await requireDatasets().get(request.dataset);
      const split = data[request.split];
      const indices = request.indices.filter((i) => Number.isInteger(i) && i >= 0 && i < split.count);
      const images = new Uint8Array(indices.length * PIXELS);
      const labels = new Uint8Array(indices.length);
      indices.forEach((index, k) => {
        images.set(split.images.subarray(index * PIXELS, (index + 1) * PIXELS), k * PIXELS);
        labels[k] = split.labels[index];
      });
      post({ type: 'samples', requestId: request.requestId, dataset: request.dataset, split: request.split, indices, images, labels });
      return;
    }
    case 'train':
    case 'pause':
    case 'resume':
    case 'step':
    case 'stop':
    case 'inspect':
    case 'filters':
    case 'evaluate':
    case 'topActivations':
    case 'saveModel':
    case 'listModels':
    case 'loadModel':
    case 'deleteModel':
    case 'exportModel':
    case 'importModel':
    case 'openModelFile':
    case 'exportForPython':
      // The training half of the engine answers these itself (events or an error event, never a throw).
      await requireTraining().handle(request);
      return;
    default: {
      const unhandled: never = request;
      throw new Error(`unknown request ${JSON.stringify(unhandled)}`);
    }
  }
}

scope.onmessage = (message: MessageEvent<EngineRequest>) => {
  const request = message.data;
  handle(request).catch((error: unknown) => {
    post({ type: 'error', requestId: 'requestId' in request ? request.requestId : undefined, message: describe(error) });
  });
};

post({ type: 'ready' });
