/**
 * The training half of the engine worker: runs, their controls, and everything asked of the current
 * model (activations, kernels, evaluation, top activations, saving, loading, files). The worker hands
 * it the requests; it answers with events through `post`. Nothing thrown escapes `handle`: every
 * failure becomes an `error` or `fault` event naming what went wrong.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/datasets';
import { ActivationProbe } from '../inspect/activations';
import { evaluateSplit } from '../inspect/evaluation';
import { copyKernels, readKernels } from '../inspect/filters';
import { topActivations } from '../inspect/topActivations';
import type { BackendName, EngineEvent, EngineRequest, EpochMetrics, Evaluation, InputImage, KernelWeights, SavedModelInfo } from '../protocol';
import { buildModel, makeOptimizer } from '../spec/build';
import { formatIssues, hasErrors, validateSpec } from '../spec/validate';
import type { DatasetName, ModelSpec } from '../spec/types';
import { exportModelFiles, type ModelMetadata, modelFromWeights, parseModelFiles } from '../storage/modelFiles';
import { ModelLibrary } from '../storage/modelLibrary';
import { openedModelInfo, openModelFile } from '../files/open-model-file';
import { exportKerasFile } from '../keras/keras-export';
import { projectSlug, pythonProjectZip } from '../python/python-project';
import { classifyError } from './faults';
import { type LoopOutcome, TrainingLoop } from './loop';
import { outputIsProbabilities } from './objective';
import { checkDataOptions, makeResidentData, type ResidentData, type ResidentSplit, uploadSplit } from './residentData';

export type SessionRequest = Extract<
  EngineRequest,
  {
    type:
      | 'train' | 'pause' | 'resume' | 'step' | 'stop' | 'inspect' | 'filters' | 'evaluate' | 'topActivations'
      | 'saveModel' | 'listModels' | 'loadModel' | 'deleteModel' | 'exportModel' | 'importModel'
      | 'openModelFile' | 'exportForPython';
  }
>;

export interface SessionDeps {
  post: (event: EngineEvent) => void;
  getDataset: (name: DatasetName) => Promise<Dataset>;
  backendName: () => BackendName;
  now?: () => number;
  /** Where saved models go; defaults to IndexedDB in browsers and memory in Node. */
  library?: ModelLibrary;
}

/** The model the inspection requests talk about: the current run's, or a loaded one. */
interface CurrentModel {
  model: tf.LayersModel;
  spec: ModelSpec;
  dataset: DatasetName;
  probe: ActivationProbe;
  history: EpochMetrics[];
  epochs: number;
  evaluation?: Evaluation;
  /** Conv kernels as initialised (only for models trained in this session). */
  initialKernels?: KernelWeights[];
}

interface ActiveRun {
  runId: number;
  loop: TrainingLoop;
  data: ResidentData;
  done: Promise<LoopOutcome>;
}

const NO_MODEL = 'There is no model yet: train one, or load a saved one.';

/** True when two specs describe the same network (layers and input), whatever their training settings. */
function sameNetwork(a: ModelSpec, b: ModelSpec): boolean {
  return JSON.stringify([a.inputShape, a.numClasses, a.layers]) === JSON.stringify([b.inputShape, b.numClasses, b.layers]);
}

export class TrainingSession {
  private current: CurrentModel | null = null;
  private run: ActiveRun | null = null;
  private readonly testSplits = new Map<DatasetName, ResidentSplit>();
  private readonly library: ModelLibrary;
  private readonly now: () => number;
  /** Train requests start one after another, so two quick clicks never interleave their set-up. */
  private starting: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SessionDeps) {
    this.library = deps.library ?? ModelLibrary.forRuntime();
    this.now = deps.now ?? (() => performance.now());
  }

  /** Handles one request; never rejects. */
  async handle(request: SessionRequest): Promise<void> {
    try {
      await this.dispatch(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if ('requestId' in request) {
        this.deps.post({ type: 'error', requestId: request.requestId, message });
        return;
      }
      const fault = classifyError(error, this.deps.backendName());
      this.deps.post({ type: 'fault', runId: request.runId, ...fault });
      if (request.type === 'train') this.deps.post({ type: 'runState', runId: request.runId, state: 'failed', message: fault.message });
    }
  }

  /** Resolves when no run is in progress (for the CLI and tests). */
  async idle(): Promise<LoopOutcome | null> {
    return this.run ? this.run.done : null;
  }

  /** Stops any run and frees every tensor the session holds. */
  dispose(): void {
    this.run?.loop.stop();
    this.releaseModel();
    for (const split of this.testSplits.values()) tf.dispose([split.images, split.labels]);
    this.testSplits.clear();
  }

  private async dispatch(request: SessionRequest): Promise<void> {
    const post = this.deps.post;
    switch (request.type) {
      case 'train': {
        const started = this.starting.then(() => this.startRun(request));
        this.starting = started.catch(() => undefined);
        return started;
      }
      case 'pause':
      case 'resume':
      case 'step':
      case 'stop': {
        const run = this.run;
        if (!run || run.runId !== request.runId) return; // a run that already ended: nothing to do
        run.loop[request.type]();
        return;
      }
      case 'inspect': {
        const current = this.requireModel();
        const started = this.now();
        const pixels = await this.inputPixels(current, request.input);
        const result = await current.probe.run(pixels);
        const computeMs = this.now() - started;
        post({ type: 'activations', requestId: request.requestId, input: pixels.slice(), ...result, computeMs });
        return;
      }
      case 'filters': {
        const current = this.requireModel();
        if (request.initial && !current.initialKernels) {
          throw new Error('The initial kernels are only known for a model trained in this session (not for a loaded one).');
        }
        const layers = request.initial ? copyKernels(current.initialKernels ?? []) : await readKernels(current.model);
        post({ type: 'filters', requestId: request.requestId, layers });
        return;
      }
      case 'evaluate': {
        const current = this.requireModel();
        const evaluation = await evaluateSplit(current.model, await this.testSplit(current.dataset), {
          probabilities: outputIsProbabilities(current.spec),
          numClasses: current.spec.numClasses,
          limit: request.limit,
        });
        current.evaluation = evaluation;
        post({ type: 'evaluation', requestId: request.requestId, evaluation });
        return;
      }
      case 'topActivations': {
        const current = this.requireModel();
        const split = await this.testSplit(current.dataset);
        const { layerIndex, channel, k, limit } = request;
        const top = await topActivations(current.model, current.spec, split, layerIndex, channel, k, limit ?? 1000);
        post({ type: 'topActivations', requestId: request.requestId, ...top });
        return;
      }
      case 'saveModel': {
        const model = await this.library.save(this.requireModel().model, this.metadata(request.name));
        post({ type: 'modelSaved', requestId: request.requestId, model });
        return;
      }
      case 'listModels':
        post({ type: 'models', requestId: request.requestId, models: await this.library.list() });
        return;
      case 'loadModel': {
        const { info, model } = await this.library.load(request.key);
        await this.adopt(model, info);
        post({ type: 'modelLoaded', requestId: request.requestId, model: info });
        return;
      }
      case 'deleteModel':
        await this.library.remove(request.key);
        post({ type: 'modelDeleted', requestId: request.requestId, key: request.key });
        return;
      case 'exportModel': {
        const current = this.requireModel();
        const files = await exportModelFiles(current.model, this.metadata(current.spec.name));
        post({ type: 'modelExported', requestId: request.requestId, files });
        return;
      }
      case 'importModel': {
        const parsed = parseModelFiles(request.files);
        const metadata = { ...parsed.metadata, dataset: request.dataset };
        const model = modelFromWeights(metadata.spec, parsed.weightSpecs, parsed.weights);
        const info: SavedModelInfo = { key: '', ...metadata };
        await this.adopt(model, info);
        post({ type: 'modelLoaded', requestId: request.requestId, model: info });
        return;
      }
      case 'openModelFile': {
        const opened = await openModelFile(request.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })));
        const info = openedModelInfo(opened, request.dataset);
        await this.adopt(opened.model, info);
        post({ type: 'modelLoaded', requestId: request.requestId, model: info });
        return;
      }
      case 'exportForPython': {
        const current = this.requireModel();
        const file =
          request.format === 'keras'
            ? { fileName: `${projectSlug(current.spec)}.keras`, bytes: await exportKerasFile(current.spec, current.model) }
            : await pythonProjectZip(current.spec, current.model, current.dataset, (await this.deps.getDataset(current.dataset)).test);
        post({ type: 'modelFile', requestId: request.requestId, fileName: file.fileName, bytes: file.bytes.slice().buffer });
        return;
      }
      default: {
        const unhandled: never = request;
        throw new Error(`The training engine does not handle ${JSON.stringify(unhandled)}`);
      }
    }
  }

  private requireModel(): CurrentModel {
    if (!this.current) throw new Error(NO_MODEL);
    return this.current;
  }

  private metadata(name: string): ModelMetadata {
    const current = this.requireModel();
    return {
      name,
      savedAt: new Date().toISOString(),
      dataset: current.dataset,
      spec: current.spec,
      epochs: current.epochs,
      history: current.history.map((h) => ({ ...h })),
      ...(current.evaluation ? { testAccuracy: current.evaluation.accuracy } : {}),
    };
  }

  private async inputPixels(current: CurrentModel, input: InputImage): Promise<Float32Array> {
    if (input.kind === 'pixels') {
      if (!input.pixels.every(Number.isFinite)) throw new Error('The input image contains NaN or infinite values: send pixel values between 0 and 1.');
      return input.pixels;
    }
    const test = (await this.deps.getDataset(current.dataset)).test;
    if (!Number.isInteger(input.index) || input.index < 0 || input.index >= test.count) {
      throw new Error(`Test image ${input.index} does not exist: choose one from 0 to ${test.count - 1}.`);
    }
    const size = test.images.length / test.count;
    const pixels = new Float32Array(size);
    for (let i = 0; i < size; i++) pixels[i] = test.images[input.index * size + i] / 255;
    return pixels;
  }

  /** The whole test set of a dataset, uploaded once and shared by runs and requests. */
  private async testSplit(name: DatasetName): Promise<ResidentSplit> {
    let split = this.testSplits.get(name);
    if (!split) {
      split = uploadSplit((await this.deps.getDataset(name)).test);
      this.testSplits.set(name, split);
    }
    return split;
  }

  /** Stops the run (waiting for it to end) and frees the current model. */
  private async releaseRun(): Promise<void> {
    const run = this.run;
    if (run) {
      run.loop.stop();
      await run.done;
    }
  }

  private releaseModel(): void {
    // The probe shares the model's layers: disposing the model frees both.
    this.current?.model.dispose();
    this.current = null;
  }

  private async adopt(model: tf.LayersModel, info: SavedModelInfo): Promise<void> {
    await this.releaseRun();
    this.releaseModel();
    this.current = {
      model,
      spec: info.spec,
      dataset: info.dataset,
      probe: new ActivationProbe(model, outputIsProbabilities(info.spec)),
      history: info.history ?? [],
      epochs: info.epochs,
    };
  }

  private async startRun(request: Extract<SessionRequest, { type: 'train' }>): Promise<void> {
    const { runId, spec, dataset: datasetName, options } = request;
    const fail = (kind: 'spec' | 'dataset', message: string, hint: string) => {
      this.deps.post({ type: 'fault', runId, kind, message, hint });
      this.deps.post({ type: 'runState', runId, state: 'failed', message });
    };
    await this.releaseRun();
    const issues = validateSpec(spec);
    if (hasErrors(issues)) {
      fail('spec', 'The network cannot be trained as specified.', formatIssues(issues.filter((i) => i.severity === 'error')));
      return;
    }
    let dataset: Dataset;
    try {
      dataset = await this.deps.getDataset(datasetName);
    } catch (error) {
      fail('dataset', `The ${datasetName} dataset could not be loaded: ${error instanceof Error ? error.message : String(error)}`, 'Run `npm run datasets`, then reload.');
      return;
    }
    if (spec.numClasses !== dataset.classNames.length) {
      fail('spec', `The network predicts ${spec.numClasses} classes but ${datasetName} has ${dataset.classNames.length}.`, `Set the last Dense layer to ${dataset.classNames.length} units.`);
      return;
    }
    const problem = checkDataOptions(dataset, options, spec.training.batchSize);
    if (problem) {
      fail('spec', problem, 'Change the data options and start again.');
      return;
    }
    // A loaded model trained further keeps its weights (and its history); anything else starts afresh.
    const previous = options.continueFromCurrent && this.current && sameNetwork(this.current.spec, spec) ? this.current : null;
    if (!previous) this.releaseModel();
    // Memory errors while uploading or building reach `handle`, which reports them as faults.
    const data = makeResidentData(dataset, options, spec.training.batchSize, spec.training.seed, await this.testSplit(datasetName));
    let model: tf.LayersModel;
    try {
      model = previous ? previous.model : buildModel(spec);
    } catch (error) {
      data.dispose();
      fail('spec', error instanceof Error ? error.message : String(error), 'Change the layer named in the message and start again.');
      return;
    }
    const optimizer = makeOptimizer(spec.training);
    const current: CurrentModel = {
      model,
      spec,
      dataset: datasetName,
      probe: previous?.probe ?? new ActivationProbe(model, outputIsProbabilities(spec)),
      history: previous ? [...previous.history] : [],
      epochs: previous?.epochs ?? 0,
      initialKernels: previous?.initialKernels ?? (await readKernels(model)),
    };
    this.current = current;
    const backend = this.deps.backendName();
    const loop = new TrainingLoop({
      runId,
      spec,
      model,
      optimizer,
      data,
      now: this.now,
      backend,
      readEveryBatch: backend === 'cpu' || backend === 'wasm',
      startPaused: options.startPaused,
      post: (event) => {
        if (event.type === 'epochEnd') {
          const { type: _type, runId: _runId, ...metrics } = event;
          current.history.push(metrics);
          current.epochs = (previous?.epochs ?? 0) + event.epoch + 1;
        } else if (event.type === 'evaluation') {
          current.evaluation = event.evaluation;
        }
        this.deps.post(event);
      },
    });
    const done = loop.run().finally(() => {
      optimizer.dispose();
      data.dispose();
      if (this.run?.runId === runId) this.run = null;
    });
    this.run = { runId, loop, data, done };
  }
}
