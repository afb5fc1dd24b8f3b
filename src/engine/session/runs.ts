/**
 * Training runs: starting one (checks, data, model), its controls, and its end. One run at a time;
 * `train` requests are set up one after another so that two quick clicks never interleave.
 *
 * Controls are never lost: the page may send pause / resume / step / stop for a run the moment it
 * has sent `train`, while this worker is still loading the dataset, uploading it or building the
 * model. So a run is registered synchronously when its `train` request arrives (before any await),
 * and controls for it are queued until its training loop exists, then replayed on the loop in the
 * order they came; a stop during set-up ends the set-up at its next step with the state `stopped`.
 */
import type * as tf from '@tensorflow/tfjs';
import { type Dataset, inputShapeOf } from '../data/datasets';
import { evaluateSplit } from '../inspect/evaluation';
import { readKernels } from '../inspect/filters';
import type { BackendName, EngineEvent, EngineRequest, RunControlRequest } from '../protocol';
import { buildModel, makeOptimizer } from '../spec/build';
import { formatIssues, hasErrors, validateSpec } from '../spec/validate';
import type { DatasetName, ModelSpec } from '../spec/types';
import { classifyError } from '../train/faults';
import { outputIsProbabilities } from '../train/objective';
import { type LoopOutcome, TrainingLoop } from '../train/loop';
import { checkDataOptions, makeResidentData } from '../train/residentData';
import type { CurrentModelHolder } from './currentModel';
import { messageOf } from './errors';
import type { RunKeeper } from './runKeeper';
import type { TestSplits } from './testSplits';

/** True when two specs describe the same network (layers and input), whatever their training settings. */
function sameNetwork(a: ModelSpec, b: ModelSpec): boolean {
  return JSON.stringify([a.inputShape, a.numClasses, a.layers]) === JSON.stringify([b.inputShape, b.numClasses, b.layers]);
}

/** What a user can do about a dataset that does not load (the fix on the server is not theirs). */
const DATASET_HINT =
  'Reload the page to try again, or pick the other dataset. If it keeps failing, the dataset files are missing or damaged on this server: tell whoever runs it.';

type TrainRequest = Extract<EngineRequest, { type: 'train' }>;
type Control = Exclude<RunControlRequest['type'], 'train'>;

export interface RunDeps {
  post: (event: EngineEvent) => void;
  /** At least the first `trainCount` training images (undefined: all; 0: the test set is enough). */
  getDataset: (name: DatasetName, trainCount?: number) => Promise<Dataset>;
  backendName: () => BackendName;
  now: () => number;
  current: CurrentModelHolder;
  testSplits: TestSplits;
  /** Kept runs (issue 19): records every run that trained; none in tests that do not need it. */
  keeper?: RunKeeper;
}

/** Test images a run's final record is evaluated on when its last evaluation is older than its weights. */
const FINAL_TEST_LIMIT = 1000;

interface ActiveRun {
  runId: number;
  loop: TrainingLoop;
  done: Promise<LoopOutcome>;
}

/** A run whose `train` request arrived but whose loop does not exist yet. */
interface PendingRun {
  controls: Control[];
}

export class RunManager {
  private run: ActiveRun | null = null;
  private readonly pending = new Map<number, PendingRun>();
  private starting: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RunDeps) {}

  /** Registers the run at once, then sets it up after any earlier set-up. Never rejects. */
  train(request: TrainRequest): Promise<void> {
    this.pending.set(request.runId, { controls: [] });
    const started = this.starting
      .then(() => this.start(request))
      .catch((error: unknown) => {
        const fault = classifyError(error, this.deps.backendName());
        this.deps.post({ type: 'fault', runId: request.runId, ...fault });
        this.deps.post({ type: 'runState', runId: request.runId, state: 'failed', message: fault.message });
      })
      .finally(() => {
        this.pending.delete(request.runId);
        this.deps.current.settle();
      });
    this.starting = started;
    return started;
  }

  /** Applies a control to its run now, or queues it while the run is being set up. */
  control(request: Exclude<RunControlRequest, { type: 'train' }>): void {
    const run = this.run;
    if (run && run.runId === request.runId) {
      run.loop[request.type]();
      return;
    }
    // Not set up yet: applied when its loop exists. Otherwise the run already ended: nothing to do.
    this.pending.get(request.runId)?.controls.push(request.type);
  }

  /** True while a run's loop trains (not paused, not ended): its weights are moving. */
  get training(): boolean {
    return this.run !== null && !this.run.loop.paused;
  }

  /** Resolves when no run is in progress (for the CLI and tests). */
  async idle(): Promise<LoopOutcome | null> {
    await this.starting;
    return this.run ? this.run.done : null;
  }

  /** Stops every run: the active one (waiting for it to end) and those still being set up. */
  async stopAll(): Promise<void> {
    for (const pending of this.pending.values()) pending.controls.push('stop');
    await this.starting;
    await this.stopActive();
  }

  /** Stops the active run and waits for it to end. */
  private async stopActive(): Promise<void> {
    const run = this.run;
    if (run) {
      run.loop.stop();
      await run.done;
    }
  }

  dispose(): void {
    this.run?.loop.stop();
  }

  private async start(request: TrainRequest): Promise<void> {
    const { runId, spec, dataset: datasetName, options } = request;
    const { post } = this.deps;
    const pending = this.pending.get(runId) ?? { controls: [] };
    const stopped = (): boolean => {
      if (!pending.controls.includes('stop')) return false;
      post({ type: 'runState', runId, state: 'stopped', message: 'Stopped before the first batch.' });
      return true;
    };
    const fail = (kind: 'spec' | 'dataset', message: string, hint: string) => {
      post({ type: 'fault', runId, kind, message, hint });
      post({ type: 'runState', runId, state: 'failed', message });
    };
    await this.stopActive();
    if (stopped()) return;
    const issues = validateSpec(spec);
    if (hasErrors(issues)) {
      fail('spec', 'The network cannot be trained as specified.', formatIssues(issues.filter((i) => i.severity === 'error')));
      return;
    }
    let dataset: Dataset;
    try {
      dataset = await this.deps.getDataset(datasetName, options.trainLimit);
    } catch (error) {
      fail('dataset', `The ${datasetName} dataset could not be loaded: ${messageOf(error)}`, DATASET_HINT);
      return;
    }
    if (stopped()) return;
    if (spec.numClasses !== dataset.classNames.length) {
      fail('spec', `The network predicts ${spec.numClasses} classes but ${datasetName} has ${dataset.classNames.length}.`, `Set the last Dense layer to ${dataset.classNames.length} units.`);
      return;
    }
    const [h, w, c] = inputShapeOf(datasetName);
    if (spec.inputShape[0] !== h || spec.inputShape[1] !== w || spec.inputShape[2] !== c) {
      fail('spec', `The network takes ${spec.inputShape.join('×')} images but ${datasetName} has ${h}×${w}×${c}.`, `Set the input shape to ${h}×${w}×${c} (choosing the dataset again does it).`);
      return;
    }
    const problem = checkDataOptions(dataset, options, spec.training.batchSize);
    if (problem) {
      fail('spec', problem, 'Change the data options and start again.');
      return;
    }
    const testSplit = await this.deps.testSplits.get(datasetName);
    if (stopped()) return;
    // A loaded or opened model trained further keeps its weights and history; anything else starts afresh.
    const previous = options.continueFromCurrent ? this.deps.current.get() : null;
    const continuing = previous && sameNetwork(previous.spec, spec) ? previous : null;
    const epochsBefore = continuing?.epochs ?? 0;
    if (!continuing) this.deps.current.drop();
    // Memory errors while uploading or building reach `train`, which reports them as faults.
    // cpu / wasm build every batch in JavaScript (see TrainingLoop): the training images stay there.
    const backend = this.deps.backendName();
    const hostBatches = backend === 'cpu' || backend === 'wasm';
    const data = makeResidentData(dataset, options, spec.training.batchSize, spec.training.seed, testSplit, hostBatches);
    let model: tf.LayersModel;
    try {
      model = continuing ? continuing.model : buildModel(spec);
    } catch (error) {
      data.dispose();
      fail('spec', messageOf(error), 'Change the layer named in the message and start again.');
      return;
    }
    let initialKernels;
    try {
      initialKernels = continuing ? continuing.initialKernels : await readKernels(model);
    } catch (error) {
      data.dispose();
      model.dispose();
      throw error;
    }
    const optimizer = makeOptimizer(spec.training);
    const current = continuing
      ? this.deps.current.continueAs(runId, spec)
      : this.deps.current.replace({ model, spec, dataset: datasetName, source: 'run', name: spec.name, runId, initialKernels })!;
    // Kept runs (issue 19): the run's events are tracked, and it is recorded at each pause and at its end.
    const tracker = this.deps.keeper?.follow({ runId, spec, dataset: datasetName, options, backend }) ?? null;
    const evaluationOptions = { probabilities: outputIsProbabilities(spec), numClasses: data.numClasses };
    let periodic: Promise<void> | null = null;
    let evaluatedAtBatch = 0;
    const postRunEvent = (event: EngineEvent): void => {
      if (event.type === 'epochEnd') {
        const { type: _type, runId: _runId, ...metrics } = event;
        current.history.push(metrics);
        current.epochs = epochsBefore + event.epoch + 1;
      } else if (event.type === 'evaluation') {
        // Say which epoch it is from: after a stop, the results are the last whole epoch's.
        const evaluation = { ...event.evaluation, epochs: current.epochs };
        current.evaluation = evaluation;
        tracker?.observe(event);
        post({ ...event, evaluation });
        return;
      }
      tracker?.observe(event);
      post(event);
      if (tracker && event.type === 'runState' && event.state === 'paused') void this.deps.keeper?.record(tracker, 'paused');
      // A long run's test results are refreshed every few hundred batches (one at a time), so that
      // the home view's strip never goes stale while Play trains "until I pause".
      const every = options.evaluateEveryBatches;
      if (event.type === 'progress' && every && every > 0 && !periodic) {
        const batches = event.epoch * event.batchesPerEpoch + event.batch;
        if (batches - evaluatedAtBatch >= every) {
          evaluatedAtBatch = batches;
          periodic = evaluateSplit(model, data.test, evaluationOptions)
            .then((evaluation) => postRunEvent({ type: 'evaluation', runId, evaluation }))
            .catch(() => undefined)
            .finally(() => (periodic = null));
        }
      }
    };
    const loop = new TrainingLoop({
      runId,
      spec,
      model,
      optimizer,
      data,
      now: this.deps.now,
      backend,
      readEveryBatch: backend === 'cpu' || backend === 'wasm',
      startPaused: options.startPaused,
      post: postRunEvent,
    });
    // The controls that came during set-up, in their order, before the first batch.
    for (const control of pending.controls) loop[control]();
    pending.controls.length = 0;
    const done = loop
      .run()
      .then(async (outcome) => {
        await periodic;
        if (tracker?.trained) {
          // The record's test metrics are of the weights the run left (a stop mid-epoch is newer than
          // its last evaluation); the page's own results are not changed by this.
          if (outcome.state !== 'failed' && !tracker.testIsCurrent) {
            const evaluation = await evaluateSplit(model, data.test, { ...evaluationOptions, limit: FINAL_TEST_LIMIT }).catch(() => null);
            if (evaluation) tracker.observe({ type: 'evaluation', runId, evaluation });
          }
          await this.deps.keeper?.record(tracker, outcome.state);
        }
        return outcome;
      })
      .finally(() => {
        optimizer.dispose();
        data.dispose();
        if (this.run?.runId === runId) this.run = null;
      });
    this.run = { runId, loop, done };
    // From here on, controls go straight to the loop.
    this.pending.delete(runId);
  }
}
