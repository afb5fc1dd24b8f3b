/**
 * Opening a Keras model file: Keras 3 `.keras` (a zip of config.json, metadata.json and
 * model.weights.h5) or the legacy single-file `.h5` (the architecture in the `model_config`
 * attribute, the weights under `model_weights`). The architecture goes through the playground's
 * Keras-JSON import (so unsupported layers are named with their fix, as there), the optimiser and
 * learning rate come from the file's compile settings, and the weights are read for
 * {@link modelFromKerasWeights}.
 */
import { strFromU8, unzipSync } from 'fflate';
import { isRecord, type Record_ } from '../spec/field-reader';
import { formatIssues, hasErrors, specWarning, type SpecIssue } from '../spec/issues';
import { kerasJsonToSpec } from '../spec/keras-json';
import type { DatasetName, ModelSpec, OptimizerName, TrainingSpec } from '../spec/types';
import { ModelFileError } from '../storage/modelFiles';
import { isHdf5, readHdf5, stringAttr } from './hdf5';
import { type KerasLayerRef, readKeras3Weights, readLegacyWeights, type StoredWeight } from './keras-weights';

export type KerasFormat = 'keras' | 'h5';

/** A Keras model file, read: the spec it describes and the weights of each spec layer. */
export interface KerasModelFile {
  format: KerasFormat;
  spec: ModelSpec;
  /** Warnings of the import (errors make {@link readKerasFile} throw). */
  issues: SpecIssue[];
  /** The Keras layers (without InputLayer), one per spec layer. */
  layers: KerasLayerRef[];
  /** Stored weights per spec layer, in Keras order. */
  weights: StoredWeight[][];
  kerasVersion?: string;
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** Which Keras format the bytes are, by their signature (not the file name, which may be anything). */
export function kerasFormatOf(bytes: Uint8Array): KerasFormat | null {
  if (ZIP_SIGNATURE.every((b, i) => bytes[i] === b)) return 'keras';
  if (isHdf5(bytes)) return 'h5';
  return null;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`${what} is not valid JSON (${error instanceof Error ? error.message : String(error)}): the file is damaged.`);
  }
}

/** The Keras layer list of a model config, without InputLayer (each becomes one spec layer). */
function kerasLayers(model: unknown): KerasLayerRef[] {
  const config = isRecord(model) ? model.config : undefined;
  const list: unknown[] = Array.isArray(config) ? config : isRecord(config) && Array.isArray(config.layers) ? config.layers : [];
  return list
    .filter((l): l is Record_ => isRecord(l) && l.class_name !== 'InputLayer')
    .map((l) => {
      const c = isRecord(l.config) ? l.config : {};
      return { className: String(l.class_name), name: typeof c.name === 'string' ? c.name : String(l.class_name), config: c };
    });
}

const OPTIMIZERS: Record<string, OptimizerName> = { adam: 'adam', sgd: 'sgd', rmsprop: 'rmsprop', adadelta: 'adadelta' };

/** Optimiser and learning rate of Keras' compile settings (`compile_config` or legacy `training_config`). */
function compiledTraining(compile: unknown, issues: SpecIssue[]): Partial<TrainingSpec> | null {
  if (!isRecord(compile)) return null;
  const optimizer = isRecord(compile.optimizer) ? compile.optimizer : isRecord(compile.optimizer_config) ? compile.optimizer_config : null;
  if (!optimizer) return null;
  const name = String(optimizer.class_name ?? '').toLowerCase();
  const config = isRecord(optimizer.config) ? optimizer.config : {};
  let kind = OPTIMIZERS[name];
  if (kind === 'sgd' && typeof config.momentum === 'number' && config.momentum > 0) kind = 'momentum';
  const out: Partial<TrainingSpec> = {};
  if (kind) out.optimizer = kind;
  else issues.push(specWarning(null, 'training.optimizer', `The file was compiled with optimiser ${String(optimizer.class_name)}, which the playground does not have; training further uses Adam.`, 'Pick an optimiser in the training settings.'));
  if (typeof config.learning_rate === 'number' && config.learning_rate > 0) out.learningRate = Number(config.learning_rate.toPrecision(6));
  else if (config.learning_rate !== undefined) issues.push(specWarning(null, 'training.learningRate', 'The file uses a learning-rate schedule; training further uses a constant rate.', 'Set the learning rate in the training settings.'));
  return out;
}

/** The spec of a Keras model config, with the file's compile settings and its name. */
function specOf(modelConfig: unknown, compile: unknown, name: string): { spec: ModelSpec; issues: SpecIssue[] } {
  const imported = kerasJsonToSpec(modelConfig);
  if (!imported.spec || hasErrors(imported.issues)) {
    throw new ModelFileError(`The model in this file cannot be opened here:\n${formatIssues(imported.issues.filter((i) => i.severity === 'error'))}`);
  }
  const issues: SpecIssue[] = [];
  const training = compiledTraining(compile, issues);
  // The JSON import's "no training settings" warning does not hold when the file was compiled.
  const kept = training ? imported.issues.filter((i) => i.field !== 'training') : imported.issues;
  const spec: ModelSpec = { ...imported.spec, name, training: { ...imported.spec.training, ...(training ?? {}) } };
  return { spec, issues: [...kept, ...issues] };
}

function baseName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(keras|h5|hdf5)$/i, '');
  return base || 'Keras model';
}

async function readZip(bytes: Uint8Array, name: string): Promise<KerasModelFile> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new ModelFileError(`This .keras file is not a readable zip (${error instanceof Error ? error.message : String(error)}): it is damaged or not a Keras 3 file.`);
  }
  const configBytes = entries['config.json'];
  const weightBytes = entries['model.weights.h5'];
  if (!configBytes) throw new ModelFileError('This zip has no config.json, so it is not a Keras 3 .keras file: save the model with model.save("model.keras").');
  if (!weightBytes) {
    const npz = entries['model.weights.npz'] ? ' (its weights are in .npz form, which the playground cannot read)' : '';
    throw new ModelFileError(`This .keras file has no model.weights.h5${npz}: save it again with model.save("model.keras").`);
  }
  const config = parseJson(strFromU8(configBytes), 'config.json');
  const metadata = entries['metadata.json'] ? parseJson(strFromU8(entries['metadata.json']), 'metadata.json') : {};
  const { spec, issues } = specOf(config, isRecord(config) ? config.compile_config : undefined, name);
  const layers = kerasLayers(config);
  const weights = await readHdf5(weightBytes, (file) => readKeras3Weights(file, layers));
  const kerasVersion = isRecord(metadata) && typeof metadata.keras_version === 'string' ? metadata.keras_version : undefined;
  return { format: 'keras', spec, issues, layers, weights, kerasVersion };
}

async function readLegacy(bytes: Uint8Array, name: string): Promise<KerasModelFile> {
  return readHdf5(bytes, (file) => {
    const configText = stringAttr(file, 'model_config');
    if (!configText) {
      throw new ModelFileError('This .h5 file holds weights only (it has no model_config): save the whole model with model.save("model.h5") or model.save("model.keras").');
    }
    const config = parseJson(configText, "The .h5 file's model_config");
    const trainingText = stringAttr(file, 'training_config');
    const compile = trainingText ? parseJson(trainingText, "The .h5 file's training_config") : undefined;
    const { spec, issues } = specOf(config, compile, name);
    const layers = kerasLayers(config);
    const weights = readLegacyWeights(file, layers);
    return { format: 'h5' as const, spec, issues, layers, weights, kerasVersion: stringAttr(file, 'keras_version') };
  });
}

/**
 * Reads a Keras `.keras` or `.h5` file. `fileName` names the model (and is only a name: the format is
 * told by the bytes). Throws ModelFileError saying what is wrong and how to fix it.
 */
export async function readKerasFile(bytes: Uint8Array, fileName: string): Promise<KerasModelFile> {
  const format = kerasFormatOf(bytes);
  const name = baseName(fileName);
  if (format === 'keras') return readZip(bytes, name);
  if (format === 'h5') return readLegacy(bytes, name);
  throw new ModelFileError(`${fileName} is neither a Keras 3 .keras file (a zip) nor a Keras .h5 file (HDF5): choose a file saved with model.save(...).`);
}

/** The dataset a file's name points to ("fashion…" → Fashion-MNIST, "mnist…" → MNIST), if any. */
export function datasetHint(fileName: string): DatasetName | undefined {
  const lower = fileName.toLowerCase();
  if (lower.includes('fashion')) return 'fashion-mnist';
  if (lower.includes('cifar')) return 'cifar-10';
  if (lower.includes('mnist')) return 'mnist';
  return undefined;
}
