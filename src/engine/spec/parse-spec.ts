/**
 * Structural parsing of an untrusted spec document (URL state, a file, pasted JSON) into a
 * typed ModelSpec. Optional fields fall back to Keras' defaults; anything of the wrong type,
 * out of range or unknown becomes an issue naming the layer and the field. Never throws.
 */
import { FieldReader, isRecord, show } from './field-reader';
import { specError, specWarning, type SpecIssue } from './issues';
import { DEFAULT_TRAINING, LAYER_TYPES } from './layer-defaults';
import { LIMITS } from './limits';
import { describeLayer } from './shapes';
import {
  SPEC_VERSION,
  type ActivationName,
  type KernelInitializer,
  type LayerSpec,
  type LayerType,
  type ModelSpec,
  type OptimizerName,
  type TrainingSpec,
} from './types';

export const ACTIVATIONS: readonly ActivationName[] = ['relu', 'sigmoid', 'tanh', 'elu', 'softmax', 'linear'];
export const INITIALIZERS: readonly KernelInitializer[] = ['glorotUniform', 'heNormal', 'heUniform', 'truncatedNormal', 'randomNormal'];
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop', 'adadelta'];
const PADDINGS = ['valid', 'same'] as const;

const size = (max: number, example: number) => ({ integer: true, min: 1, max, example });

/** Parses one layer; undefined (with issues) when it cannot be typed. */
export function parseLayer(raw: unknown, index: number, issues: SpecIssue[]): LayerSpec | undefined {
  if (!isRecord(raw)) {
    issues.push(specError(index, null, `Layer ${index + 1} is ${show(raw)}, not a layer object.`, 'Write each layer as an object such as {"type": "dense", "units": 10, "activation": "softmax"}.'));
    return undefined;
  }
  const type = raw.type;
  if (typeof type !== 'string' || !(LAYER_TYPES as readonly string[]).includes(type)) {
    issues.push(
      specError(index, 'type', `Layer ${index + 1} has unknown type ${show(type)}.`, `Use one of: ${LAYER_TYPES.join(', ')}.`),
    );
    return undefined;
  }
  const layerType = type as LayerType;
  const before = issues.length;
  const r = new FieldReader(raw, describeLayer(index, layerType), index, issues);
  const done = <T extends LayerSpec>(layer: T): T | undefined => (issues.length === before ? layer : undefined);
  switch (layerType) {
    case 'conv2d': {
      const kernelSize = r.pair('kernelSize', size(LIMITS.maxWindow, 3));
      const layer = {
        type: layerType,
        filters: r.number('filters', size(LIMITS.maxFilters, 32)),
        kernelSize,
        strides: r.pair('strides', size(LIMITS.maxStride, 1), [1, 1]),
        padding: r.oneOf('padding', PADDINGS, 'valid'),
        activation: r.oneOf('activation', ACTIVATIONS, 'linear'),
        useBias: r.boolean('useBias', true),
        kernelInitializer: r.oneOf('kernelInitializer', INITIALIZERS, 'glorotUniform'),
        ...(r.has('dilation') ? { dilation: r.pair('dilation', size(LIMITS.maxDilation, 1)) } : {}),
        ...weightExtras(r),
      };
      return done(layer as LayerSpec);
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const poolSize = r.pair('poolSize', size(LIMITS.maxWindow, 2));
      // Keras: strides default to the pool size.
      const strides = r.pair('strides', size(LIMITS.maxStride, 2), poolSize ?? [1, 1]);
      return done({ type: layerType, poolSize, strides, padding: r.oneOf('padding', PADDINGS, 'valid') } as LayerSpec);
    }
    case 'flatten':
    case 'batchNorm':
      return { type: layerType };
    case 'dense':
      return done({
        type: layerType,
        units: r.number('units', size(LIMITS.maxUnits, 10)),
        activation: r.oneOf('activation', ACTIVATIONS, 'linear'),
        useBias: r.boolean('useBias', true),
        kernelInitializer: r.oneOf('kernelInitializer', INITIALIZERS, 'glorotUniform'),
        ...weightExtras(r),
      } as LayerSpec);
    case 'dropout':
      return done({ type: layerType, rate: r.number('rate', { min: 0, max: 0.99, example: 0.25 }) } as LayerSpec);
    case 'activation':
      return done({ type: layerType, activation: r.oneOf('activation', ACTIVATIONS) } as LayerSpec);
    case 'lrn':
      return done({
        type: layerType,
        depthRadius: r.number('depthRadius', { integer: true, min: 1, max: LIMITS.maxLrnRadius, example: 4 }, 5),
        bias: r.number('bias', { above: 0, max: 1e6, example: 1 }, 1),
        alpha: r.number('alpha', { min: 0, max: 1e6, example: 0.0001 }, 1),
        beta: r.number('beta', { min: 0, max: 1e6, example: 0.75 }, 0.5),
      } as LayerSpec);
  }
}

function weightExtras(r: FieldReader): { initStddev?: number; biasInit?: number } {
  return {
    ...(r.has('initStddev') ? { initStddev: r.number('initStddev', { above: 0, max: LIMITS.maxInitStddev, example: 0.05 }) } : {}),
    ...(r.has('biasInit') ? { biasInit: r.number('biasInit', { min: -LIMITS.maxAbsBiasInit, max: LIMITS.maxAbsBiasInit, example: 0 }) } : {}),
  };
}

/** Parses the training block; missing fields take the defaults. */
export function parseTraining(raw: unknown, issues: SpecIssue[]): TrainingSpec | undefined {
  if (raw === undefined) return { ...DEFAULT_TRAINING };
  if (!isRecord(raw)) {
    issues.push(specError(null, 'training', `training is ${show(raw)}, not an object.`, 'Write training as {"optimizer": "adam", "learningRate": 0.001, "batchSize": 32, "epochs": 5, "seed": 42, "l2": 0}.'));
    return undefined;
  }
  const before = issues.length;
  const r = new FieldReader(raw, 'Training', null, issues, 'training.');
  const d = DEFAULT_TRAINING;
  const training: TrainingSpec = {
    optimizer: r.oneOf('optimizer', OPTIMIZERS, d.optimizer) as OptimizerName,
    learningRate: r.number('learningRate', { above: 0, max: LIMITS.maxLearningRate, example: 0.001 }, d.learningRate) as number,
    batchSize: r.number('batchSize', size(LIMITS.maxBatchSize, 32), d.batchSize) as number,
    epochs: r.number('epochs', size(LIMITS.maxEpochs, 5), d.epochs) as number,
    seed: r.number('seed', { integer: true, min: 0, max: 2 ** 32 - 1, example: 42 }, d.seed) as number,
    l2: r.number('l2', { min: 0, max: LIMITS.maxL2, example: 0.0005 }, d.l2) as number,
  };
  return issues.length === before ? training : undefined;
}

/**
 * Types an untrusted document as a ModelSpec. Returns the spec only when every field could be
 * typed; semantic checks (shapes, head, limits) are validateSpec's job.
 */
export function parseSpecStructure(raw: unknown): { spec?: ModelSpec; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  if (!isRecord(raw)) {
    issues.push(specError(null, null, `A model spec must be a JSON object, got ${show(raw)}.`, 'Start from a preset and edit it, or paste the JSON the playground exports.'));
    return { issues };
  }
  if (raw.version === undefined) {
    issues.push(specWarning(null, 'version', 'The spec has no version; reading it as version 1.', `Add "version": ${SPEC_VERSION}.`));
  } else if (raw.version !== SPEC_VERSION) {
    issues.push(specError(null, 'version', `Spec version ${show(raw.version)} is not one this playground reads (it reads ${SPEC_VERSION}).`, `Export the spec again from this playground, or set "version": ${SPEC_VERSION} if it follows this format.`));
  }
  const top = new FieldReader(raw, 'The spec', null, issues);
  const name = top.string('name', 'Untitled model');
  const inputShape = parseInputShape(raw.inputShape, issues);
  const numClasses = top.number('numClasses', { integer: true, min: 2, max: LIMITS.maxClasses, example: 10 }, 10);
  const training = parseTraining(raw.training, issues);
  const layers: LayerSpec[] = [];
  let layersOk = true;
  if (!Array.isArray(raw.layers)) {
    issues.push(specError(null, 'layers', `layers must be a list of layers, got ${show(raw.layers)}.`, 'Write "layers": [...] with at least a Flatten and a 10-unit softmax Dense layer.'));
    layersOk = false;
  } else if (raw.layers.length > LIMITS.maxLayers) {
    issues.push(specError(null, 'layers', `The spec has ${raw.layers.length} layers; the playground takes at most ${LIMITS.maxLayers}.`, `Remove layers until at most ${LIMITS.maxLayers} are left.`));
    layersOk = false;
  } else {
    raw.layers.forEach((item: unknown, i: number) => {
      const layer = parseLayer(item, i, issues);
      if (layer) layers.push(layer);
      else layersOk = false;
    });
  }
  if (issues.some((i) => i.severity === 'error') || !layersOk || !inputShape || !training || name === undefined || numClasses === undefined) {
    return { issues };
  }
  return { spec: { version: SPEC_VERSION, name, inputShape, numClasses, layers, training }, issues };
}

function parseInputShape(raw: unknown, issues: SpecIssue[]): [number, number, number] | undefined {
  const ok =
    Array.isArray(raw) &&
    raw.length === 3 &&
    raw.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1) &&
    raw[0] <= LIMITS.maxInputSide &&
    raw[1] <= LIMITS.maxInputSide &&
    raw[2] <= LIMITS.maxInputChannels;
  if (ok) return [raw[0], raw[1], raw[2]];
  issues.push(
    specError(
      null,
      'inputShape',
      `inputShape must be [height, width, channels] of whole numbers (sides 1–${LIMITS.maxInputSide}, channels 1–${LIMITS.maxInputChannels}), got ${show(raw)}.`,
      'Use [28, 28, 1] for MNIST and Fashion-MNIST.',
    ),
  );
  return undefined;
}
