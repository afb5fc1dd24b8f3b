/**
 * Requests about the current model's insides and quality: activations of one input, the conv
 * kernels (now and as initialised), an evaluation on the test set, and the test images that excite
 * one channel most. Each answers with one event or throws an error with a kind.
 */
import type { Dataset } from '../data/datasets';
import { evaluateSplit } from '../inspect/evaluation';
import { copyKernels, readKernels } from '../inspect/filters';
import { topActivations } from '../inspect/topActivations';
import type { EngineEvent, EngineRequest, InputImage } from '../protocol';
import type { DatasetName } from '../spec/types';
import { outputIsProbabilities } from '../train/objective';
import type { CurrentModel, CurrentModelHolder } from './currentModel';
import { EngineError } from './errors';
import type { TestSplits } from './testSplits';

type Request<T extends EngineRequest['type']> = Extract<EngineRequest, { type: T }>;

export interface InspectionDeps {
  post: (event: EngineEvent) => void;
  /** At least the first `trainCount` training images (undefined: all; 0: the test set is enough). */
  getDataset: (name: DatasetName, trainCount?: number) => Promise<Dataset>;
  now: () => number;
  current: CurrentModelHolder;
  testSplits: TestSplits;
}

export class Inspection {
  constructor(private readonly deps: InspectionDeps) {}

  async inspect(request: Request<'inspect'>): Promise<void> {
    const started = this.deps.now();
    const { current, value: pixels } = await this.withCurrent((model) => this.inputPixels(model, request.input));
    const result = await current.probe.run(pixels);
    const computeMs = this.deps.now() - started;
    this.deps.post({ type: 'activations', requestId: request.requestId, input: pixels.slice(), ...result, computeMs });
  }

  async filters(request: Request<'filters'>): Promise<void> {
    const current = this.deps.current.require();
    if (request.initial && !current.initialKernels) {
      throw new EngineError('no-model', 'The initial kernels are only known for a model trained in this session (not for a loaded one).');
    }
    const layers = request.initial ? copyKernels(current.initialKernels ?? []) : await readKernels(current.model);
    this.deps.post({ type: 'filters', requestId: request.requestId, layers });
  }

  async evaluate(request: Request<'evaluate'>): Promise<void> {
    const { current, value: split } = await this.withCurrent((model) => this.deps.testSplits.get(model.dataset));
    const evaluation = await evaluateSplit(current.model, split, {
      probabilities: outputIsProbabilities(current.spec),
      numClasses: current.spec.numClasses,
      limit: request.limit,
    });
    evaluation.epochs = current.epochs;
    current.evaluation = evaluation;
    this.deps.post({ type: 'evaluation', requestId: request.requestId, evaluation });
  }

  async topActivations(request: Request<'topActivations'>): Promise<void> {
    const { current, value: split } = await this.withCurrent((model) => this.deps.testSplits.get(model.dataset));
    const { layerIndex, channel, k, limit } = request;
    const top = await topActivations(current.model, current.spec, split, layerIndex, channel, k, limit ?? 1000);
    this.deps.post({ type: 'topActivations', requestId: request.requestId, layerIndex, channel, ...top });
  }

  /**
   * The current model with what `prepare` fetched for it (its test images, say). The first use of a
   * dataset downloads and decodes it, which can take a while; a run that starts meanwhile frees the
   * model it replaces, so the work is done for the model that is current once the data is there
   * (the page has heard of that model first: its `currentModel` event was posted when it became
   * current), never on a freed one. While a run builds its model, this waits for it.
   */
  private async withCurrent<T>(prepare: (current: CurrentModel) => Promise<T>): Promise<{ current: CurrentModel; value: T }> {
    for (;;) {
      await this.deps.current.settled();
      const current = this.deps.current.require();
      const value = await prepare(current);
      if (this.deps.current.get() === current) return { current, value };
    }
  }

  /** The pixels of an input (a test image or the page's own), checked against the network's input size. */
  async inputPixels(current: CurrentModel, input: InputImage): Promise<Float32Array> {
    if (input.kind === 'pixels') {
      if (!input.pixels.every(Number.isFinite)) throw new EngineError('input', 'The input image contains NaN or infinite values: send pixel values between 0 and 1.');
      if (input.pixels.length !== current.probe.inputSize) {
        throw new EngineError('input', `The input image has ${input.pixels.length} values; this network needs ${current.probe.inputSize}.`);
      }
      return input.pixels;
    }
    const test = (await this.deps.getDataset(current.dataset, 0)).test;
    if (!Number.isInteger(input.index) || input.index < 0 || input.index >= test.count) {
      throw new EngineError('input', `Test image ${input.index} does not exist: choose one from 0 to ${test.count - 1}.`);
    }
    const size = test.images.length / test.count;
    const pixels = new Float32Array(size);
    for (let i = 0; i < size; i++) pixels[i] = test.images[input.index * size + i] / 255;
    return pixels;
  }
}
