/**
 * Everything the engine worker answers, without the worker: backend choice, datasets, samples, and
 * (through the TrainingSession) runs, inspection and the library. worker.ts only connects it to
 * `postMessage`; tests connect it to an in-process EngineClient, so that the page-side bridges run
 * against the real engine in Node.
 */
import { getBackend } from '@tensorflow/tfjs';
import { calibrate } from './calibrate';
import { describe, selectBackend } from './backend';
import { type Dataset, imageValues } from './data/datasets';
import { isCustomDatasetName, toEngineDataset } from './data/customDataset';
import { registerCustomDataset } from './data/customRegistry';
import type { BackendChoice, BackendInfo, BackendName, EngineEvent, EngineRequest, MeasuredSpeeds } from './protocol';
import { EngineError, kindOf } from './session/errors';
import { isSessionRequest, TrainingSession } from './session/session';
import type { DatasetName } from './spec/types';
import type { ModelLibrary } from './storage/modelLibrary';

/** Where datasets come from once `init` named the base URL (the DatasetCache in the browser). */
export interface DatasetSource {
  /** At least the first `trainCount` training images (undefined: all; 0: the test set is enough). */
  get(name: DatasetName, trainCount?: number): Promise<Dataset>;
  decodeMs(name: DatasetName): number;
}

export interface HostDeps {
  post: (event: EngineEvent) => void;
  datasets: (baseUrl: string, progress: (dataset: DatasetName, phase: string, fraction: number) => void) => DatasetSource;
  selectBackend?: (choice: BackendChoice, measured: MeasuredSpeeds) => Promise<BackendInfo>;
  library?: ModelLibrary;
}

export class EngineHost {
  private datasets: DatasetSource | null = null;
  private measured: MeasuredSpeeds = {};
  private training: TrainingSession | null = null;
  /** Backend changes, one after another (see `serially`). */
  private backendChain: Promise<unknown> = Promise.resolve();
  private readonly select: (choice: BackendChoice, measured: MeasuredSpeeds) => Promise<BackendInfo>;
  /** Own datasets (#18 item 3): the learner's datasets this worker was sent, by `custom:<id>`. */
  private readonly custom = new Map<DatasetName, { dataset: Dataset; version: string }>();

  constructor(private readonly deps: HostDeps) {
    this.select = deps.selectBackend ?? ((choice, measured) => selectBackend(choice, { measured }));
  }

  /** Answers one request; never rejects (a failure becomes an `error` event with a kind). */
  async handle(request: EngineRequest): Promise<void> {
    try {
      await this.route(request);
    } catch (error) {
      this.deps.post({
        type: 'error',
        requestId: 'requestId' in request ? request.requestId : undefined,
        kind: kindOf(error, getBackend() as BackendName),
        message: describe(error),
      });
    }
  }

  /** The session, for the CLI and tests (created on first use). */
  session(): TrainingSession {
    if (!this.training) {
      this.training = new TrainingSession({
        post: this.deps.post,
        getDataset: (name, trainCount) => this.dataset(name, trainCount),
        backendName: () => getBackend() as BackendName,
        library: this.deps.library,
      });
    }
    return this.training;
  }

  dispose(): void {
    this.training?.dispose();
  }

  /**
   * Runs backend changes one at a time. tfjs's `setBackend` is not safe to interleave: while the
   * wasm backend initialises (asynchronously), a second `setBackend` leaves the engine naming one
   * backend and holding another, and the next op runs a WebGL kernel on the wasm backend
   * ("webglBackend.shouldExecuteOnCPU is not a function"). React's development mode starts the
   * engine twice (StrictMode effects), which is how `npm run dev` fell back to WebGL.
   */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.backendChain.then(work);
    this.backendChain = next.catch(() => undefined);
    return next;
  }

  private requireDatasets(): DatasetSource {
    if (!this.datasets) throw new EngineError('not-ready', 'the engine was not initialised: send an init request first');
    return this.datasets;
  }

  /** A built-in dataset (fetched once) or a learner's own (sent by the page). */
  private async dataset(name: DatasetName, trainCount?: number): Promise<Dataset> {
    const custom = this.custom.get(name);
    if (custom) return custom.dataset;
    if (isCustomDatasetName(name)) {
      throw new EngineError('dataset', `your dataset ${name} was not sent to the engine: choose it again under Your data`);
    }
    return this.requireDatasets().get(name, trainCount);
  }

  private async route(request: EngineRequest): Promise<void> {
    const post = this.deps.post;
    if (isSessionRequest(request)) {
      // The session answers these itself (events or an error event, never a throw).
      await this.session().handle(request);
      return;
    }
    switch (request.type) {
      case 'init': {
        this.datasets = this.deps.datasets(request.datasetBaseUrl, (dataset, phase, fraction) =>
          post({ type: 'datasetProgress', dataset, phase, fraction }),
        );
        this.measured = request.measured ?? {};
        const info = await this.serially(() => this.select(request.backend, this.measured));
        post({ type: 'backend', requestId: request.requestId, info });
        return;
      }
      case 'setBackend': {
        this.measured = request.measured ?? this.measured;
        const info = await this.serially(() => this.select(request.backend, this.measured));
        post({ type: 'backend', requestId: request.requestId, info });
        return;
      }
      case 'calibrate': {
        const info = await this.serially(async () => {
          this.measured = await calibrate(['webgpu', 'webgl', 'wasm', 'cpu']);
          return this.select(request.backend, this.measured);
        });
        post({ type: 'calibration', requestId: request.requestId, speeds: this.measured, info });
        post({ type: 'backend', info });
        return;
      }
      case 'loadDataset': {
        // The gallery and the info need the test set; training asks for its images itself.
        const data = await this.dataset(request.dataset, 0);
        const decodeMs = this.custom.has(data.name) ? 0 : this.requireDatasets().decodeMs(data.name);
        post({
          type: 'datasetLoaded',
          requestId: request.requestId,
          info: { dataset: data.name, trainCount: data.trainTotal ?? data.train.count, testCount: data.test.count, classNames: data.classNames, decodeMs },
        });
        return;
      }
      case 'putCustomDataset': {
        const started = performance.now();
        const dataset = toEngineDataset(request.dataset);
        const version = `${request.dataset.updatedAt}/${request.dataset.labels.length}/${request.dataset.seed}`;
        const before = this.custom.get(dataset.name);
        if (before && before.version !== version) {
          // Changed images: runs on the old ones stop, and its test split on the device is dropped.
          await this.session().forgetDataset(dataset.name);
        }
        this.custom.set(dataset.name, { dataset, version });
        registerCustomDataset(dataset);
        post({
          type: 'datasetLoaded',
          requestId: request.requestId,
          info: { dataset: dataset.name, trainCount: dataset.train.count, testCount: dataset.test.count, classNames: dataset.classNames, decodeMs: performance.now() - started },
        });
        return;
      }
      case 'samples': {
        const data = await this.dataset(request.dataset, request.split === 'test' ? 0 : undefined);
        const split = data[request.split];
        const indices = request.indices.filter((i) => Number.isInteger(i) && i >= 0 && i < split.count);
        const size = imageValues(request.dataset);
        const images = new Uint8Array(indices.length * size);
        const labels = new Uint8Array(indices.length);
        indices.forEach((index, k) => {
          images.set(split.images.subarray(index * size, (index + 1) * size), k * size);
          labels[k] = split.labels[index];
        });
        post({ type: 'samples', requestId: request.requestId, dataset: request.dataset, split: request.split, indices, images, labels });
        return;
      }
      default: {
        const unhandled: never = request;
        throw new Error(`unknown request ${JSON.stringify(unhandled)}`);
      }
    }
  }
}
