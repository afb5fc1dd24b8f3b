/**
 * The training loop of one run: batches gathered on the device from a seeded per-epoch permutation,
 * one optimiser step each, metrics accumulated on the device and read asynchronously (every batch on
 * CPU backends, where a read costs nothing; at most every ~100 ms on GPU backends, pipelined so the
 * GPU never waits), progress posted at most ~10 times a second, and pause / resume / single-step /
 * stop honoured between batches. A NaN or ±Infinity in the outputs, the gradients or the loss stops the
 * run with an explanation (divergence.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { evaluateSplit } from '../inspect/evaluation';
import type { BackendName, EngineEvent, Evaluation, RunState } from '../protocol';
import type { ModelSpec } from '../spec/types';
import { batchHealth, type DivergenceContext, divergenceFault, diverged, nonFiniteLayers } from './divergence';
import { classifyError, type Fault, nanFault } from './faults';
import { MetricsWindow, readWindow, type WindowMetrics } from './metricsWindow';
import { correctCount, outputIsProbabilities, regularizationPenalty, type SoftmaxHead, softmaxHead, trainingForward } from './objective';
import { deriveSeed, mulberry32, permutation, type Random } from './prng';
import { hostBatch, type ResidentData, SEED_PURPOSE } from './residentData';
import { yieldToEventLoop } from './yieldToEventLoop';

/**
 * Minimum time between two progress events (≤ 4 messages/s). Each one re-renders the page's charts and
 * counters; at 10 a second that took 16 % of a core on the main thread (Fashion CNN, Build view, 2-core
 * machine), time taken from the training threads. Four a second still reads as live.
 */
export const PROGRESS_INTERVAL_MS = 250;
/** On GPU backends, minimum time between two metric reads. */
export const READ_INTERVAL_MS = 100;

export interface LoopOptions {
  runId: number;
  spec: ModelSpec;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  data: ResidentData;
  post: (event: EngineEvent) => void;
  now: () => number;
  backend: BackendName;
  /** Read metrics after every batch: right for `cpu`/`wasm`, where the data already sits in JS memory. */
  readEveryBatch: boolean;
  startPaused?: boolean;
  /** Evaluate the test set (confusion matrix, worst examples) at every epoch end. Default true. */
  evaluateEachEpoch?: boolean;
}

/** How a run ended. */
export interface LoopOutcome {
  state: Extract<RunState, 'finished' | 'stopped' | 'failed'>;
  fault?: Fault;
  /** The last test-set evaluation made, if any. */
  evaluation?: Evaluation;
}

/** Running time that excludes pauses and epoch-end evaluation, for examples/s and the ETA. */
class Stopwatch {
  private elapsed = 0;
  private since: number | null = null;
  constructor(private readonly now: () => number) {}
  start(): void {
    if (this.since === null) this.since = this.now();
  }
  stop(): void {
    if (this.since !== null) this.elapsed += this.now() - this.since;
    this.since = null;
  }
  get seconds(): number {
    return (this.elapsed + (this.since === null ? 0 : this.now() - this.since)) / 1000;
  }
}

/** Metric sums over some span of batches (since the last progress event, or over the epoch). */
class Tally {
  batches = 0;
  examples = 0;
  lossSum = 0;
  correct = 0;
  add(m: WindowMetrics): void {
    this.batches += m.batches;
    this.examples += m.examples;
    this.lossSum += m.loss * m.batches;
    this.correct += m.accuracy * m.examples;
  }
  get loss(): number {
    return this.batches === 0 ? NaN : this.lossSum / this.batches;
  }
  get accuracy(): number {
    return this.examples === 0 ? NaN : this.correct / this.examples;
  }
}

export class TrainingLoop {
  private control: 'running' | 'paused';
  private stepPending = false;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private fault: Fault | null = null;
  /** Set when the outputs or gradients held NaN / ±Infinity (see divergence.ts). */
  private divergence: DivergenceContext | null = null;
  private readonly window = new MetricsWindow();
  private pendingRead: Promise<void> | null = null;
  private lastReadAt = -Infinity;
  private lastPostAt = -Infinity;
  private readonly sincePost = new Tally();
  private epochTally = new Tally();
  private completedExamples = 0;
  private epoch = 0;
  private completedBatches = 0;
  private readonly clock: Stopwatch;
  private readonly variables: tf.Variable[];
  private readonly probabilities: boolean;
  /** Where the loss reads the logits (training takes the cross-entropy from them, see objective.ts). */
  private readonly head: SoftmaxHead;
  private readonly batchSize: number;
  /** Seeded stream for dropout masks; null when the network has no dropout. */
  private readonly dropoutRandom: Random | null;
  /** Build batches in JavaScript (cpu/wasm, where tensors live in JS or wasm memory anyway). */
  private readonly hostBatches: boolean;
  readonly batchesPerEpoch: number;

  constructor(private readonly options: LoopOptions) {
    this.control = options.startPaused ? 'paused' : 'running';
    this.clock = new Stopwatch(options.now);
    this.variables = options.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    this.probabilities = outputIsProbabilities(options.spec);
    this.head = softmaxHead(options.spec);
    this.batchSize = options.spec.training.batchSize;
    this.batchesPerEpoch = Math.floor(options.data.train.count / this.batchSize);
    const hasDropout = options.spec.layers.some((layer) => layer.type === 'dropout');
    this.hostBatches = options.backend === 'cpu' || options.backend === 'wasm';
    this.dropoutRandom = hasDropout ? mulberry32(deriveSeed(options.spec.training.seed, SEED_PURPOSE.dropout)) : null;
  }

  /** Pauses before the next batch. */
  pause(): void {
    this.control = 'paused';
  }

  /** Continues a paused run. */
  resume(): void {
    this.control = 'running';
    this.wakeUp();
  }

  /** Runs exactly one batch, then stays (or becomes) paused. */
  step(): void {
    this.control = 'paused';
    this.stepPending = true;
    this.wakeUp();
  }

  /** Ends the run before the next batch (the model keeps the weights it has). */
  stop(): void {
    this.stopRequested = true;
    this.wakeUp();
  }

  get paused(): boolean {
    return this.control === 'paused';
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private post(event: EngineEvent): void {
    this.options.post(event);
  }

  private postState(state: RunState, message?: string): void {
    this.post({ type: 'runState', runId: this.options.runId, state, ...(message ? { message } : {}) });
  }

  /** Runs every epoch (or until stopped or failed). Never throws: failures end as a 'failed' outcome. */
  async run(): Promise<LoopOutcome> {
    const { spec, data, runId } = this.options;
    const random = mulberry32(deriveSeed(spec.training.seed, SEED_PURPOSE.epochOrder));
    let evaluation: Evaluation | undefined;
    this.postState(this.control);
    try {
      for (this.epoch = 0; this.epoch < spec.training.epochs; this.epoch++) {
        const started = this.options.now();
        this.epochTally = new Tally();
        this.completedBatches = 0;
        const rows = permutation(data.train.count, random);
        // CPU backends build each batch in JavaScript (cheaper than their element-wise gather); GPU
        // backends gather it on the device from the resident images.
        const order = this.hostBatches ? null : tf.tensor1d(rows, 'int32');
        try {
          for (let batch = 0; batch < this.batchesPerEpoch; batch++) {
            if (!(await this.beforeBatch())) break;
            const stepping = this.stepPending;
            this.stepPending = false;
            this.trainBatch(rows, order, batch);
            await this.afterBatch(batch + 1, stepping);
          }
        } finally {
          order?.dispose();
        }
        this.clock.stop();
        await this.flush();
        if (this.fault || this.stopRequested) break;
        const validation = await evaluateSplit(this.options.model, data.validation, {
          probabilities: this.probabilities,
          numClasses: data.numClasses,
        });
        this.post({
          type: 'epochEnd',
          runId,
          epoch: this.epoch,
          loss: this.epochTally.loss,
          accuracy: this.epochTally.accuracy,
          valLoss: validation.loss,
          valAccuracy: validation.accuracy,
          seconds: (this.options.now() - started) / 1000,
        });
        if (this.options.evaluateEachEpoch ?? true) {
          evaluation = data.heldOut
            ? await evaluateSplit(this.options.model, data.test, { probabilities: this.probabilities, numClasses: data.numClasses })
            : validation;
          this.post({ type: 'evaluation', runId, evaluation });
        }
      }
    } catch (error) {
      this.fault = classifyError(error, this.options.backend);
    } finally {
      this.clock.stop();
      await this.pendingRead?.catch(() => undefined);
      this.window.dispose();
    }
    if (this.divergence) {
      // Say where: which layers' weights the diverged step left non-finite (one read, once).
      const badLayers = await nonFiniteLayers(this.options.model).catch(() => []);
      this.fault = divergenceFault({ ...this.divergence, badLayers });
    }
    if (this.fault) {
      this.post({ type: 'fault', runId, ...this.fault });
      this.postState('failed', this.fault.message);
      return { state: 'failed', fault: this.fault, evaluation };
    }
    const state = this.stopRequested ? 'stopped' : 'finished';
    this.postState(state);
    return { state, evaluation };
  }

  /** Yields to queued messages and waits while paused. False when the run must end. */
  private async beforeBatch(): Promise<boolean> {
    await yieldToEventLoop();
    if (this.fault || this.stopRequested) return false;
    if (this.control === 'paused' && !this.stepPending) {
      this.clock.stop();
      await this.flush();
      if (this.fault) return false;
      this.postState('paused');
      while (this.control === 'paused' && !this.stepPending && !this.stopRequested) {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      if (this.stopRequested) return false;
      if (!this.paused) this.postState('running');
    }
    this.clock.start();
    return true;
  }

  /**
   * tfjs draws each dropout mask from a generator seeded by Math.random() (the Dropout layer has no
   * seed, and must not have one: a fixed seed repeats the same mask every step). Feeding Math.random
   * from the run's own seeded stream for the duration of one step gives fresh masks every step that
   * are still the same from one run to the next, so runs with dropout are reproducible too.
   */
  private trainBatch(rows: Int32Array, order: tf.Tensor1D | null, batch: number): void {
    const random = this.dropoutRandom;
    if (!random) return this.trainBatchUnseeded(rows, order, batch);
    const original = Math.random;
    Math.random = random;
    try {
      this.trainBatchUnseeded(rows, order, batch);
    } finally {
      Math.random = original;
    }
  }

  /** The batch's images and labels: built in JavaScript from `rows`, or gathered by `order`. */
  private batchTensors(rows: Int32Array, order: tf.Tensor1D | null, batch: number): { images: tf.Tensor4D; labels: tf.Tensor1D } {
    const { train } = this.options.data;
    const size = this.batchSize;
    const built = order ? null : hostBatch(train, rows, batch * size, (batch + 1) * size);
    if (built) return built;
    const picked = order ? tf.slice(order, [batch * size], [size]) : tf.tensor1d(rows.subarray(batch * size, (batch + 1) * size), 'int32');
    return { images: tf.gather(train.images, picked), labels: tf.gather(train.labels, picked) };
  }

  private trainBatchUnseeded(rows: Int32Array, order: tf.Tensor1D | null, batch: number): void {
    const { model, optimizer, data } = this.options;
    const size = this.batchSize;
    tf.tidy(() => {
      const { images, labels } = this.batchTensors(rows, order, batch);
      const kept: { correct?: tf.Scalar; output?: tf.Tensor } = {};
      // computeGradients + applyGradients is what minimize() does; the gradients are wanted in between
      // for the divergence check. The scores checked are the logits when the head is a softmax (an
      // overflow shows there as ±Infinity before the softmax turns it into NaN).
      const { value: loss, grads } = optimizer.computeGradients(() => {
        const { scores, crossEntropy: perExample } = trainingForward(model, this.head, images, labels, data.numClasses, true);
        kept.correct = tf.keep(correctCount(scores, labels));
        kept.output = tf.keep(scores);
        const crossEntropy = tf.mean(perExample);
        return tf.add(crossEntropy, regularizationPenalty(model)) as tf.Scalar;
      }, this.variables);
      try {
        const health = batchHealth(kept.output as tf.Tensor, grads);
        optimizer.applyGradients(grads);
        this.window.add(loss, kept.correct as tf.Scalar, size, health);
      } finally {
        kept.correct?.dispose();
        kept.output?.dispose();
        tf.dispose(grads);
      }
    });
  }

  /** Starts a metrics read when one is due and posts progress when one is due. */
  private async afterBatch(batchesDone: number, stepping: boolean): Promise<void> {
    const now = this.options.now();
    if (stepping || this.options.readEveryBatch || now - this.lastReadAt >= READ_INTERVAL_MS) {
      // At most one read in flight: waiting here bounds how far the CPU runs ahead of the GPU.
      if (this.pendingRead) await this.pendingRead;
      this.startRead(batchesDone);
      this.lastReadAt = now;
    }
    if (stepping) {
      await this.flush();
    } else if (now - this.lastPostAt >= PROGRESS_INTERVAL_MS) {
      this.postProgress();
    }
  }

  private startRead(batchesDone: number): void {
    const closed = this.window.take();
    if (!closed) return;
    const epoch = this.epoch;
    this.pendingRead = readWindow(closed).then((metrics) => {
      this.pendingRead = null;
      this.sincePost.add(metrics);
      this.epochTally.add(metrics);
      this.completedExamples += metrics.examples;
      this.completedBatches = batchesDone;
      const counts = metrics.divergence;
      if (counts && diverged(counts) && !this.fault) {
        this.divergence = { spec: this.options.spec, epoch, windowEnd: batchesDone, counts, badLayers: [] };
        this.fault = divergenceFault(this.divergence);
      }
      if (!metrics.finite && !this.fault) this.fault = nanFault(this.options.spec, epoch, batchesDone, metrics.loss);
    });
  }

  /** Reads everything still on the device and posts progress now. */
  private async flush(): Promise<void> {
    if (this.pendingRead) await this.pendingRead;
    this.startRead(this.completedBatches + this.window.pendingBatches);
    if (this.pendingRead) await this.pendingRead;
    this.postProgress();
  }

  private postProgress(): void {
    if (this.sincePost.batches === 0) return;
    const { spec, runId } = this.options;
    const seconds = this.clock.seconds;
    const examplesPerSecond = seconds > 0 ? this.completedExamples / seconds : 0;
    const total = spec.training.epochs * this.batchesPerEpoch * this.batchSize;
    this.post({
      type: 'progress',
      runId,
      epoch: this.epoch,
      epochs: spec.training.epochs,
      batch: this.completedBatches,
      batchesPerEpoch: this.batchesPerEpoch,
      examplesSeen: this.completedExamples,
      examplesPerSecond,
      etaSeconds: examplesPerSecond > 0 ? (total - this.completedExamples) / examplesPerSecond : NaN,
      loss: this.sincePost.loss,
      accuracy: this.sincePost.accuracy,
    });
    this.sincePost.batches = 0;
    this.sincePost.examples = 0;
    this.sincePost.lossSum = 0;
    this.sincePost.correct = 0;
    this.lastPostAt = this.options.now();
  }
}
