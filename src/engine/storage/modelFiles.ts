/**
 * A trained model as files in the standard TensorFlow.js layers format: `model.json` (topology +
 * weights manifest) and one `weights.bin`. `tensorflowjs_converter --input_format=tfjs_layers_model
 * --output_format=keras` turns them into a Keras model. The playground's own facts (spec, dataset,
 * history) ride in `userDefinedMetadata`, so a model saved here loads back with its spec, and a file
 * from anywhere else is refused with a message saying why.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, ModelFiles } from '../protocol';
import { buildModel } from '../spec/build';
import { formatIssues, hasErrors, parseSpec } from '../spec/validate';
import type { DatasetName, ModelSpec } from '../spec/types';
import { check, manifestSchema, metadataSchema } from './modelFileSchema';

/** Key of the playground's entry in model.json's userDefinedMetadata. */
export const METADATA_KEY = 'cnnPlayground';
export const WEIGHTS_FILE = 'weights.bin';

/** What the playground stores beside the weights. */
export interface ModelMetadata {
  name: string;
  savedAt: string;
  dataset: DatasetName;
  spec: ModelSpec;
  epochs: number;
  testAccuracy?: number;
  history?: EpochMetrics[];
}

/** A model file problem, phrased for the person who picked the file. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** The model's topology and weights as tfjs serialises them (nothing is written anywhere). */
export async function captureArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured) throw new Error('tfjs did not hand over the model artifacts');
  return captured;
}

/** Joins tfjs weight data (one buffer or several shards) into one ArrayBuffer. */
export function joinWeights(data: tf.io.WeightData | undefined): ArrayBuffer {
  return data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data);
}

/** Serialises a model and its metadata as `model.json` + `weights.bin`. */
export async function exportModelFiles(model: tf.LayersModel, metadata: ModelMetadata): Promise<ModelFiles> {
  const artifacts = await captureArtifacts(model);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
    userDefinedMetadata: { [METADATA_KEY]: JSON.parse(JSON.stringify(metadata)) as object },
  };
  return { modelJson: JSON.stringify(modelJson), weights: joinWeights(artifacts.weightData) };
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Bytes the manifest's weights take (quantised weights by their stored type). */
function expectedBytes(specs: tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    total += count * (BYTES[dtype] ?? 4);
  }
  return total;
}

/**
 * The first weight whose stored values hold a NaN or ±Infinity, read straight from the bytes (no
 * tensor, no device read): float32 values and float16-quantised ones (exponent bits all set).
 */
export function firstNonFiniteWeight(specs: tf.io.WeightsManifestEntry[], weights: ArrayBuffer): string | null {
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = count * (BYTES[dtype] ?? 4);
    if (dtype === 'float32') {
      const values = new Float32Array(weights.slice(offset, offset + size));
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return spec.name;
    } else if (dtype === 'float16') {
      const values = new Uint16Array(weights.slice(offset, offset + size));
      for (let i = 0; i < values.length; i++) if ((values[i] & 0x7c00) === 0x7c00) return spec.name;
    }
    offset += size;
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parsed, checked files: the playground metadata plus the weights ready to decode. */
export interface ParsedModelFiles {
  metadata: ModelMetadata;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weights: ArrayBuffer;
}

/**
 * Checks `model.json` + weights and extracts the playground metadata. Throws ModelFileError naming
 * what is wrong: not JSON, not a tfjs layers model, not made by the playground, an invalid spec,
 * or weights of the wrong size.
 */
export function parseModelFiles(files: ModelFiles): ParsedModelFiles {
  let json: unknown;
  try {
    json = JSON.parse(files.modelJson);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelFileError(`model.json is not valid JSON (${reason}): choose the model.json the playground downloaded.`);
  }
  if (!isObject(json)) throw new ModelFileError('model.json does not hold a JSON object: it is not a TensorFlow.js model.');
  if (json.format === 'graph-model') {
    throw new ModelFileError('model.json is a TensorFlow.js graph model (converted from a SavedModel): only layers models made by the playground can be loaded.');
  }
  if (!isObject(json.modelTopology) || !Array.isArray(json.weightsManifest)) {
    throw new ModelFileError('model.json has no modelTopology or weightsManifest: it is not a TensorFlow.js layers model.');
  }
  const raw = isObject(json.userDefinedMetadata) ? json.userDefinedMetadata[METADATA_KEY] : undefined;
  if (!isObject(raw) || !isObject(raw.spec)) {
    throw new ModelFileError(
      'This TensorFlow.js model was not saved by the playground (model.json has no playground spec in userDefinedMetadata), so its layers cannot be edited or trained here.',
    );
  }
  const metadata = check(metadataSchema, raw, `userDefinedMetadata.${METADATA_KEY}`);
  if (!metadata.ok) throw new ModelFileError(`model.json is damaged: ${metadata.problem}. Choose the model.json the playground downloaded.`);
  const manifest = check(manifestSchema, json.weightsManifest, 'weightsManifest');
  if (!manifest.ok) throw new ModelFileError(`model.json is damaged: ${manifest.problem}. Choose the model.json the playground downloaded.`);
  const parsed = parseSpec(metadata.value.spec);
  if (!parsed.spec || hasErrors(parsed.issues)) {
    throw new ModelFileError(`The spec stored in model.json is not valid:\n${formatIssues(parsed.issues.filter((i) => i.severity === 'error'))}`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = manifest.value.flatMap((group) => group.weights);
  const names = new Set<string>();
  for (const { name } of weightSpecs) {
    // tfjs decodes weights into a map by name: a repeated name would silently drop (and leak) a tensor.
    if (names.has(name)) throw new ModelFileError(`model.json lists the weight ${JSON.stringify(name.slice(0, 80))} twice: the file is damaged.`);
    names.add(name);
  }
  const expected = expectedBytes(weightSpecs);
  if (files.weights.byteLength !== expected) {
    throw new ModelFileError(
      `The weights file has ${files.weights.byteLength} bytes but model.json describes ${expected}: choose the weights.bin saved together with this model.json.`,
    );
  }
  const { name, savedAt, dataset, epochs, testAccuracy, history } = metadata.value;
  return {
    metadata: {
      name: name ?? parsed.spec.name,
      savedAt: savedAt ?? new Date(0).toISOString(),
      dataset: dataset ?? 'mnist',
      spec: parsed.spec,
      epochs: epochs ?? 0,
      ...(testAccuracy !== undefined ? { testAccuracy } : {}),
      ...(history ? { history } : {}),
    },
    weightSpecs,
    weights: files.weights,
  };
}

/**
 * Builds the spec's network and gives it the stored weights, matched in order and checked by shape.
 * Throws ModelFileError when the weights do not fit the spec.
 */
export function modelFromWeights(spec: ModelSpec, weightSpecs: tf.io.WeightsManifestEntry[], weights: ArrayBuffer): tf.LayersModel {
  const model = buildModel(spec);
  const targets = model.weights;
  if (targets.length !== weightSpecs.length) {
    model.dispose();
    throw new ModelFileError(`The file has ${weightSpecs.length} weight tensors but the spec's network needs ${targets.length}: the weights belong to another network.`);
  }
  const broken = firstNonFiniteWeight(weightSpecs, weights);
  if (broken !== null) {
    model.dispose();
    throw new ModelFileError(
      `Weight ${broken} holds NaN or infinite values: the model diverged before it was saved, or the weights file is damaged. Train it again with a lower learning rate.`,
    );
  }
  let named: tf.NamedTensorMap = {};
  try {
    named = tf.io.decodeWeights(weights, weightSpecs);
    const values = weightSpecs.map((spec, i) => {
      const value = named[spec.name];
      const want = targets[i].shape;
      if (!value || value.shape.join(',') !== want.join(',')) {
        throw new ModelFileError(`Weight ${spec.name} has shape [${value?.shape.join(', ')}] but the network needs [${want.join(', ')}] there.`);
      }
      return value;
    });
    model.setWeights(values);
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(named));
  }
}
