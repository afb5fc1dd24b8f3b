/**
 * Import and export of Keras model JSON: what Python's `model.to_json()` and tfjs's
 * `model.toJSON()` write (class_name / config with snake_case keys). Export is a Sequential
 * that tfjs and tf.keras load (the LRN layer needs the playground's registered class). Import
 * accepts tf.keras 2 and 3, tfjs, a tfjs model.json (`modelTopology`) and linear functional
 * models; unknown layer types are reported by name, never dropped. Never throws.
 */
import { isRecord, show, type Record_ } from './field-reader';
import { hasErrors, specError, specWarning, type SpecIssue } from './issues';
import { DEFAULT_INIT_STDDEV, DEFAULT_TRAINING } from './layer-defaults';
import { layerName } from './layer-names';
import { kerasLayerToSpec } from './keras-layers';
import { KERAS_CLASS } from './shapes';
import { parseSpec } from './validate';
import { SPEC_VERSION, type KernelInitializer, type LayerSpec, type ModelSpec, type TrainingSpec } from './types';
import { layerSeed } from './layer-seed';

/** Top-level key where the export keeps what Keras JSON has no place for. */
export const PLAYGROUND_KEY = 'cnn_playground';

type Json = Record_;

function initializerJson(kind: KernelInitializer, stddev: number, seed: number): Json {
  switch (kind) {
    case 'glorotUniform':
      return { class_name: 'GlorotUniform', config: { seed } };
    case 'heNormal':
      return { class_name: 'HeNormal', config: { seed } };
    case 'heUniform':
      return { class_name: 'HeUniform', config: { seed } };
    case 'truncatedNormal':
      return { class_name: 'TruncatedNormal', config: { mean: 0, stddev, seed } };
    case 'randomNormal':
      return { class_name: 'RandomNormal', config: { mean: 0, stddev, seed } };
  }
}

function weightJson(layer: Extract<LayerSpec, { type: 'conv2d' | 'dense' }>, seed: number, l2: number): Json {
  return {
    activation: layer.activation,
    use_bias: layer.useBias,
    kernel_initializer: initializerJson(layer.kernelInitializer, layer.initStddev ?? DEFAULT_INIT_STDDEV, seed),
    bias_initializer: layer.biasInit ? { class_name: 'Constant', config: { value: layer.biasInit } } : { class_name: 'Zeros', config: {} },
    kernel_regularizer: l2 > 0 ? { class_name: 'L1L2', config: { l1: 0, l2 } } : null,
  };
}

function layerConfig(spec: ModelSpec, index: number): Json {
  const layer = spec.layers[index];
  const name = layerName(spec, index);
  const seed = layerSeed(spec.training.seed, index);
  const base = { name, trainable: true, dtype: 'float32' };
  switch (layer.type) {
    case 'conv2d':
      return {
        class_name: 'Conv2D',
        config: {
          ...base,
          filters: layer.filters,
          kernel_size: [...layer.kernelSize],
          strides: [...layer.strides],
          padding: layer.padding,
          data_format: 'channels_last',
          dilation_rate: [...(layer.dilation ?? [1, 1])],
          ...weightJson(layer, seed, spec.training.l2),
        },
      };
    case 'maxPool2d':
    case 'avgPool2d':
      return {
        class_name: layer.type === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D',
        config: { ...base, pool_size: [...layer.poolSize], strides: [...layer.strides], padding: layer.padding, data_format: 'channels_last' },
      };
    case 'flatten':
      return { class_name: 'Flatten', config: { ...base, data_format: 'channels_last' } };
    case 'dense':
      return { class_name: 'Dense', config: { ...base, units: layer.units, ...weightJson(layer, seed, spec.training.l2) } };
    case 'dropout':
      return { class_name: 'Dropout', config: { ...base, rate: layer.rate } };
    case 'batchNorm':
      return { class_name: 'BatchNormalization', config: { ...base, axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true } };
    case 'activation':
      return { class_name: 'Activation', config: { ...base, activation: layer.activation } };
    case 'lrn':
      return {
        class_name: KERAS_CLASS.lrn,
        config: { ...base, depth_radius: layer.depthRadius, bias: layer.bias, alpha: layer.alpha, beta: layer.beta },
      };
  }
}

/**
 * The spec as a Keras Sequential model JSON object (stringify it for `model_from_json`).
 * The training settings travel under {@link PLAYGROUND_KEY}, which Keras ignores.
 */
export function specToKerasJson(spec: ModelSpec): Json {
  return {
    class_name: 'Sequential',
    config: {
      name: spec.name,
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, ...spec.inputShape], dtype: 'float32', sparse: false, ragged: false, name: 'input' } },
        ...spec.layers.map((_, i) => layerConfig(spec, i)),
      ],
    },
    keras_version: '2.15.0',
    backend: 'tensorflow',
    [PLAYGROUND_KEY]: { version: SPEC_VERSION, num_classes: spec.numClasses, training: { ...spec.training } },
  };
}

/** Finds the model object inside the shapes a Keras/tfjs document comes in. */
function unwrapModel(raw: unknown): Json | undefined {
  let doc = raw;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (isRecord(doc) && isRecord(doc.modelTopology)) {
    const topology = doc.modelTopology;
    return isRecord(topology.model_config) ? topology.model_config : topology;
  }
  if (isRecord(doc) && isRecord(doc.model_config)) return doc.model_config;
  return isRecord(doc) ? doc : undefined;
}

function layerList(model: Json, issues: SpecIssue[]): unknown[] | undefined {
  const config = model.config;
  if (Array.isArray(config)) return config; // Keras 1/2.0 wrote the list directly.
  if (isRecord(config) && Array.isArray(config.layers)) return config.layers;
  issues.push(specError(null, 'layers', `The Keras JSON has no layer list (config.layers), got ${show(config)}.`, 'Export the model with model.to_json() (Python) or model.toJSON() (tfjs) and paste the whole text.'));
  return undefined;
}

/** How many tensors flow into a functional layer (Keras 2 lists or Keras 3 call args). */
function inboundCount(layer: unknown): number {
  const nodes = isRecord(layer) ? layer.inbound_nodes : undefined;
  if (!Array.isArray(nodes) || nodes.length === 0) return 0;
  if (nodes.length > 1) return nodes.length; // a layer shared between branches
  const node: unknown = nodes[0];
  if (Array.isArray(node)) return node.length;
  if (isRecord(node) && Array.isArray(node.args)) return Array.isArray(node.args[0]) ? node.args[0].length : 1;
  return 1;
}

/** Layers of a functional model must form a chain to become a spec. */
function checkChain(model: Json, layers: unknown[], issues: SpecIssue[]): boolean {
  if (model.class_name !== 'Model' && model.class_name !== 'Functional') return true;
  for (const [i, l] of layers.entries()) {
    const count = inboundCount(l);
    if (count > 1) {
      issues.push(specError(null, null, `Keras layer ${i + 1} (${show(isRecord(l) && isRecord(l.config) ? l.config.name : l)}) joins ${count} inputs; the playground builds straight chains only.`, 'Rebuild the model as a Sequential stack of layers.'));
      return false;
    }
  }
  return true;
}

/**
 * The key under which a playground model file (model.json) keeps its own facts in
 * `userDefinedMetadata` (METADATA_KEY in storage/modelFiles.ts, not imported here to keep tfjs out).
 */
export const FILE_METADATA_KEY = 'cnnPlayground';

/** The training settings a playground model.json carries in its metadata, if it is one. */
function fileTraining(raw: unknown): { training: Partial<TrainingSpec>; numClasses?: number } | undefined {
  let doc = raw;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  const metadata = isRecord(doc) && isRecord(doc.userDefinedMetadata) ? doc.userDefinedMetadata[FILE_METADATA_KEY] : undefined;
  const spec = isRecord(metadata) ? metadata.spec : undefined;
  if (!isRecord(spec) || !isRecord(spec.training)) return undefined;
  return { training: spec.training as Partial<TrainingSpec>, ...(typeof spec.numClasses === 'number' ? { numClasses: spec.numClasses } : {}) };
}

function importTraining(model: Json, l2: number | null, issues: SpecIssue[], file?: ReturnType<typeof fileTraining>): { training: TrainingSpec; numClasses?: number } {
  if (file) return { training: { ...DEFAULT_TRAINING, ...file.training }, numClasses: file.numClasses };
  const extra = model[PLAYGROUND_KEY];
  if (isRecord(extra) && isRecord(extra.training)) {
    const numClasses = typeof extra.num_classes === 'number' ? extra.num_classes : undefined;
    return { training: { ...DEFAULT_TRAINING, ...(extra.training as Partial<TrainingSpec>) }, numClasses };
  }
  issues.push(specWarning(null, 'training', 'Keras JSON carries no training settings; using Adam, learning rate 0.001, batch 32, 5 epochs.', 'Adjust the training settings in the editor.'));
  return { training: { ...DEFAULT_TRAINING, l2: l2 ?? 0 } };
}

/**
 * Reads a Keras model JSON (object or text) into a spec. `spec` is present when every layer
 * could be translated; unknown layer types, unsupported options and validation problems are
 * issues naming the Keras layer.
 */
export function kerasJsonToSpec(raw: unknown): { spec?: ModelSpec; issues: SpecIssue[] } {
  const issues: SpecIssue[] = [];
  try {
    const model = unwrapModel(raw);
    if (!model) {
      issues.push(specError(null, null, `This is not Keras model JSON (got ${show(raw)}).`, 'Paste the output of model.to_json() (Python) or JSON.stringify(model.toJSON(null, false)) (tfjs).'));
      return { issues };
    }
    const kind = model.class_name;
    if (kind !== 'Sequential' && kind !== 'Model' && kind !== 'Functional') {
      issues.push(specError(null, null, `Keras model class ${show(kind)} is not supported.`, 'Export a Sequential (or a straight-chain functional) model.'));
      return { issues };
    }
    const rawLayers = layerList(model, issues);
    if (!rawLayers || !checkChain(model, rawLayers, issues)) return { issues };
    const layers: LayerSpec[] = [];
    let inputShape: number[] | null = null;
    let l2: number | null = null;
    let ok = true;
    rawLayers.forEach((rawLayer, i) => {
      const result = kerasLayerToSpec(rawLayer, i, layers.length, issues);
      if (result.inputShape && !inputShape) inputShape = result.inputShape;
      if (result.l2 !== undefined) {
        if (l2 !== null && Math.abs(l2 - result.l2) > 1e-12) {
          issues.push(specWarning(layers.length, 'training.l2', `Keras layer ${i + 1} uses L2 ${result.l2}, another ${l2}; the playground applies one factor to every kernel.`, `Using ${l2}; change training.l2 if needed.`));
        } else l2 = result.l2;
      }
      if (result.layer) layers.push(result.layer);
      else if (!result.skip) ok = false;
    });
    if (!ok || hasErrors(issues)) return { issues };
    const { training, numClasses } = importTraining(model, l2, issues, fileTraining(raw));
    const shape = normaliseInputShape(inputShape, issues);
    if (!shape) return { issues };
    const last = [...layers].reverse().find((l) => l.type === 'dense');
    const config = isRecord(model.config) ? model.config : {};
    const doc = {
      version: SPEC_VERSION,
      name: typeof config.name === 'string' ? config.name : 'Imported Keras model',
      inputShape: shape,
      numClasses: numClasses ?? (last?.type === 'dense' && last.units >= 2 ? last.units : 10),
      layers,
      training,
    };
    const parsed = parseSpec(doc);
    return { spec: parsed.spec, issues: [...issues, ...parsed.issues] };
  } catch (error) {
    issues.push(specError(null, null, `The Keras JSON could not be read (${error instanceof Error ? error.message : String(error)}).`, 'Check that the whole JSON text was pasted.'));
    return { issues };
  }
}

function normaliseInputShape(shape: number[] | null, issues: SpecIssue[]): [number, number, number] | undefined {
  if (!shape) {
    issues.push(specWarning(null, 'inputShape', 'The Keras JSON states no input shape; assuming 28×28×1 (MNIST and Fashion-MNIST).', 'Add an Input layer or input_shape to the first layer.'));
    return [28, 28, 1];
  }
  if (shape.length === 2) {
    issues.push(specWarning(null, 'inputShape', `Input shape (${shape.join(', ')}) has no channel axis; reading it as ${shape.join('×')}×1 (greyscale).`, 'Nothing to do for MNIST-like data.'));
    return [shape[0], shape[1], 1];
  }
  if (shape.length === 3) return [shape[0], shape[1], shape[2]];
  issues.push(specError(null, 'inputShape', `Input shape (${shape.join(', ')}) is not an image [height, width, channels].`, 'The playground trains on 28×28×1 images: use input_shape=(28, 28, 1).'));
  return undefined;
}
