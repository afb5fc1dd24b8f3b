/**
 * The bridge between the engine worker and the store, outside React: it owns the EngineClient, turns
 * worker events into setState calls (one subscription: engine-level events here, run and model
 * events through the run slice's reducer), and offers the few commands the UI needs.
 */
import { EngineClient, type WorkerFactory } from '../engine/client';
import type { BackendChoice, MeasuredSpeeds } from '../engine/protocol';
import type { DatasetName } from '../engine/spec/types';
import { useAppStore } from './index';

let client: EngineClient | null = null;

function datasetBaseUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}datasets/`, window.location.href).href;
}

let workerFactory: WorkerFactory | undefined;

/**
 * Makes the page's engine client (created on the next `engine()` call) use `factory` for its worker:
 * the unit tests pass an in-process engine. Drops the current client.
 */
export function setWorkerFactory(factory: WorkerFactory | undefined, baseUrl?: string): void {
  client?.dispose();
  client = null;
  workerFactory = factory;
  overrideBaseUrl = baseUrl;
}

let overrideBaseUrl: string | undefined;

/** The single engine client of the page, created on first use. */
export function engine(): EngineClient {
  if (client) return client;
  client = new EngineClient(overrideBaseUrl ?? datasetBaseUrl(), workerFactory);
  client.subscribe((event) => {
    const store = useAppStore.getState();
    store.applyRunEvent(event);
    switch (event.type) {
      case 'currentModel':
        // A loaded or uploaded model speaks of its own dataset: show its samples too.
        if (event.model && event.model.source !== 'run' && store.dataset !== event.model.dataset) store.setDataset(event.model.dataset);
        break;
      case 'backend':
        store.setBackend(event.info);
        break;
      case 'datasetProgress':
        store.setDatasetLoad(event.dataset, { phase: event.phase, fraction: event.fraction, error: undefined });
        break;
      case 'datasetLoaded':
        store.setDatasetLoad(event.info.dataset, { phase: 'ready', fraction: 1, info: event.info });
        break;
      case 'error':
        if (event.requestId === undefined) store.setEngineStatus('failed', event.message);
        break;
      default:
        break;
    }
  });
  return client;
}

const SPEEDS_KEY = 'cnnp-backend-speeds';

/** Backend speeds measured earlier on this machine (remembered across visits), if any. */
export function rememberedSpeeds(): MeasuredSpeeds {
  try {
    const stored = JSON.parse(localStorage.getItem(SPEEDS_KEY) ?? '{}') as { speeds?: MeasuredSpeeds };
    return stored.speeds && typeof stored.speeds === 'object' ? stored.speeds : {};
  } catch {
    return {};
  }
}

/** Starts the engine with the backend named in the URL (?backend=) or the stored choice. */
export async function startEngine(choice: BackendChoice): Promise<void> {
  const store = useAppStore.getState();
  store.setBackendChoice(choice);
  store.setEngineStatus('starting');
  try {
    await engine().init(choice, rememberedSpeeds());
  } catch (error) {
    store.setEngineStatus('failed', error instanceof Error ? error.message : String(error));
  }
}

export async function changeBackend(choice: BackendChoice): Promise<void> {
  const store = useAppStore.getState();
  store.setBackendChoice(choice);
  try {
    await engine().request({ type: 'setBackend', backend: choice, measured: rememberedSpeeds() });
  } catch (error) {
    store.setEngineStatus('failed', error instanceof Error ? error.message : String(error));
  }
}

/** Measures every backend on this machine (about 2 s each), remembers the result and re-selects. */
export async function measureBackends(): Promise<void> {
  const store = useAppStore.getState();
  store.setCalibrating(true);
  try {
    const answer = await engine().request({ type: 'calibrate', backend: store.backendChoice });
    localStorage.setItem(SPEEDS_KEY, JSON.stringify({ speeds: answer.speeds, measuredAt: new Date().toISOString() }));
  } catch (error) {
    store.setEngineStatus('failed', error instanceof Error ? error.message : String(error));
  } finally {
    store.setCalibrating(false);
  }
}

const GALLERY_SIZE = 24;

/** Loads a dataset in the worker and fetches a gallery of test samples (a spread of indices). */
export async function loadSamples(dataset: DatasetName, count = GALLERY_SIZE): Promise<void> {
  const store = useAppStore.getState();
  store.setDatasetLoad(dataset, { phase: 'starting', fraction: 0, error: undefined });
  try {
    await engine().request({ type: 'loadDataset', dataset });
    const indices = Array.from({ length: count }, (_, i) => i);
    const answer = await engine().request({ type: 'samples', dataset, split: 'test', indices });
    if (useAppStore.getState().dataset === dataset) {
      store.setSamples({ dataset, indices: answer.indices, images: answer.images, labels: answer.labels });
    }
  } catch (error) {
    store.setDatasetLoad(dataset, { error: error instanceof Error ? error.message : String(error) });
  }
}
