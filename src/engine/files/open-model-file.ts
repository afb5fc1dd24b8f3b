/**
 * One door for every model file a learner may bring, used by the worker (drop / file picker) and by
 * `npm run evaluate`: Keras 3 `.keras`, legacy Keras `.h5`, a TensorFlow.js layers model (model.json
 * with its weights .bin, the playground's own or anyone's), Keras architecture JSON, a playground spec
 * and TFANN notation. The last three carry no weights: they open as a freshly initialised network
 * (`trained: false`). What cannot be opened is refused with a ModelFileError that names the problem.
 */
import * as tf from '@tensorflow/tfjs';
import { datasetHint, kerasFormatOf, readKerasFile } from '../keras/keras-file';
import { modelFromKerasWeights } from '../keras/keras-weights';
import { buildModel } from '../spec/build';
import { isRecord } from '../spec/field-reader';
import { formatIssues, hasErrors, type SpecIssue } from '../spec/issues';
import { kerasJsonToSpec } from '../spec/keras-json';
import { tfannToSpec } from '../spec/tfann';
import type { DatasetName, ModelSpec } from '../spec/types';
import { looksLikeSpec, parseSpec, validateSpec } from '../spec/validate';
import type { SavedModelInfo } from '../protocol';
import { type ModelMetadata, ModelFileError, modelFromWeights, parseModelFiles } from '../storage/modelFiles';

/** The picture format whose signature starts `bytes`, or null: a picture is never a model file. */
export function imageKindOf(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'PNG';
  if (starts(0xff, 0xd8, 0xff)) return 'JPEG';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'GIF';
  if (starts(0x42, 0x4d)) return 'BMP';
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'WebP';
  return null;
}

/** A file as the user picked it. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export type ModelFileKind = 'keras' | 'h5' | 'tfjs' | 'keras-json' | 'spec' | 'tfann';

/** An opened model: its spec, the tfjs network (caller owns and disposes it) and what is known about it. */
export interface OpenedModel {
  kind: ModelFileKind;
  spec: ModelSpec;
  model: tf.LayersModel;
  /** False for architecture-only files: the weights are freshly initialised. */
  trained: boolean;
  /** Warnings of the import (shown beside the model). */
  issues: SpecIssue[];
  /** The dataset the file states (playground files) or its name suggests, if any. */
  dataset?: DatasetName;
  /** The playground's own metadata, for files the playground saved. */
  metadata?: ModelMetadata;
}

const decoder = new TextDecoder();

function checked(result: { spec?: ModelSpec; issues: SpecIssue[] }, what: string): { spec: ModelSpec; issues: SpecIssue[] } {
  if (!result.spec || hasErrors(result.issues)) {
    throw new ModelFileError(`The ${what} cannot be opened here:\n${formatIssues(result.issues.filter((i) => i.severity === 'error'))}`);
  }
  const problems = validateSpec(result.spec);
  if (hasErrors(problems)) throw new ModelFileError(`The ${what} describes a network the playground cannot build:\n${formatIssues(problems.filter((i) => i.severity === 'error'))}`);
  return { spec: result.spec, issues: result.issues };
}

function untrained(kind: ModelFileKind, result: { spec?: ModelSpec; issues: SpecIssue[] }, what: string, name: string): OpenedModel {
  const { spec, issues } = checked(result, what);
  return { kind, spec, model: buildModel(spec), trained: false, issues, dataset: datasetHint(name) };
}

/** A TensorFlow.js layers model from anywhere: tfjs loads it, and its weights move into the spec's network. */
async function foreignTfjs(doc: Record<string, unknown>, weights: ArrayBuffer, name: string): Promise<OpenedModel> {
  const { spec, issues } = checked(kerasJsonToSpec(doc), 'TensorFlow.js model');
  const specs = (doc.weightsManifest as { weights: tf.io.WeightsManifestEntry[] }[]).flatMap((g) => g.weights);
  let loaded: tf.LayersModel;
  try {
    loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: doc.modelTopology as object, weightSpecs: specs, weightData: weights }));
  } catch (error) {
    throw new ModelFileError(`TensorFlow.js could not load ${name} (${error instanceof Error ? error.message : String(error)}): choose the model.json and the weights .bin saved with it.`);
  }
  const model = buildModel(spec);
  try {
    const own = loaded.layers.filter((l) => l.getClassName() !== 'InputLayer');
    model.layers.forEach((layer, i) => {
      const values = own[i].getWeights();
      if (values.length !== layer.weights.length || values.some((v, k) => v.shape.join(',') !== layer.weights[k].shape.join(','))) {
        throw new ModelFileError(`The weights of layer ${i + 1} (${own[i].name}) do not fit the network its topology describes.`);
      }
      layer.setWeights(values);
    });
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    loaded.dispose();
  }
  return { kind: 'tfjs', spec, model, trained: true, issues, dataset: datasetHint(name) };
}

async function openJson(doc: unknown, json: PickedFile, others: PickedFile[]): Promise<OpenedModel> {
  if (isRecord(doc) && Array.isArray(doc.weightsManifest) && isRecord(doc.modelTopology)) {
    const bin = others.find((f) => /\.bin$/i.test(f.name));
    if (!bin) throw new ModelFileError(`${json.name} is a TensorFlow.js model: pick its weights .bin file together with it.`);
    const weights = bin.bytes.slice().buffer;
    const isPlayground = isRecord(doc.userDefinedMetadata) && 'cnnPlayground' in doc.userDefinedMetadata;
    if (!isPlayground) return foreignTfjs(doc, weights, json.name);
    const parsed = parseModelFiles({ modelJson: decoder.decode(json.bytes), weights });
    const model = modelFromWeights(parsed.metadata.spec, parsed.weightSpecs, parsed.weights);
    return { kind: 'tfjs', spec: parsed.metadata.spec, model, trained: true, issues: [], dataset: parsed.metadata.dataset, metadata: parsed.metadata };
  }
  if (looksLikeSpec(doc)) return untrained('spec', parseSpec(doc), 'playground spec', json.name);
  return untrained('keras-json', kerasJsonToSpec(doc), 'Keras architecture JSON', json.name);
}

/**
 * Opens the picked files as one model. Several files are allowed only as a TensorFlow.js model.json
 * with its .bin. Throws ModelFileError naming what is wrong and what to pick instead.
 */
export async function openModelFile(files: readonly PickedFile[]): Promise<OpenedModel> {
  if (files.length === 0) throw new ModelFileError('No file was given: pick a .keras, .h5, model.json (+ .bin), Keras JSON or TFANN file.');
  const binary = files.find((f) => kerasFormatOf(f.bytes) !== null);
  if (binary) {
    const read = await readKerasFile(binary.bytes, binary.name);
    const model = modelFromKerasWeights(read.spec, read.layers, read.weights);
    return { kind: read.format, spec: read.spec, model, trained: true, issues: read.issues, dataset: datasetHint(binary.name) };
  }
  // A picture (a drawing to test, or an image for a dataset) would otherwise be read as TFANN text.
  const picture = files.find((f) => imageKindOf(f.bytes) !== null);
  if (picture) {
    throw new ModelFileError(
      `${picture.name} is a ${imageKindOf(picture.bytes)} picture, not a model file. Pictures to train on go in the Your data view; ` +
        'to open a model, pick a .keras, .h5, model.json (+ .bin), Keras JSON or TFANN file.',
    );
  }
  const misnamed = files.find((f) => /\.(keras|h5|hdf5)$/i.test(f.name));
  // Named like a Keras file without being one (no zip or HDF5 signature): readKerasFile says why.
  if (misnamed) await readKerasFile(misnamed.bytes, misnamed.name);
  const json = files.find((f) => /\.json$/i.test(f.name)) ?? files.find((f) => !/\.bin$/i.test(f.name));
  if (!json) throw new ModelFileError('A weights .bin file alone is not a model: pick the model.json saved with it too.');
  const text = decoder.decode(json.bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return untrained('tfann', tfannToSpec(text), 'TFANN notation', json.name);
  }
  return openJson(doc, json, files.filter((f) => f !== json));
}

/** What the page is told about an opened model (as for a saved one; `key` is empty: it is not saved). */
export function openedModelInfo(opened: OpenedModel, fallbackDataset: DatasetName): SavedModelInfo {
  const metadata = opened.metadata;
  return {
    key: '',
    name: metadata?.name ?? opened.spec.name,
    savedAt: metadata?.savedAt ?? new Date().toISOString(),
    dataset: opened.dataset ?? fallbackDataset,
    spec: opened.spec,
    epochs: metadata?.epochs ?? 0,
    ...(metadata?.testAccuracy !== undefined ? { testAccuracy: metadata.testAccuracy } : {}),
    ...(metadata?.history ? { history: metadata.history } : {}),
    warnings: opened.issues.map((i) => i.message),
    trained: opened.trained,
  };
}
