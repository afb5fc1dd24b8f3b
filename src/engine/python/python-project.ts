/**
 * "Download for Python": a trained model as a small Python project in one zip — model.keras (Keras
 * 3, loads as it is), weights.npz (the same weights as NumPy arrays in Keras layout, which PyTorch's
 * loader converts), the model code for Keras and PyTorch, train.py (continues training with the same
 * hyper-parameters), check.py with the playground's own predictions on a few test images, and the
 * README with the install line.
 */
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import type { DatasetSplit } from '../data/datasets';
import { forward } from '../inspect/evaluation';
import { exportKerasFile, layerWeightValues } from '../keras/keras-export';
import { LRN_PY_MODULE, needsCustomLayer } from '../keras/keras3-config';
import { layerName } from '../spec/layer-names';
import type { DatasetName, ModelSpec } from '../spec/types';
import { outputIsProbabilities, toProbabilities } from '../train/objective';
import { type NpyArray, npyBytes, npzBytes } from './npy';
import { checkProjectDataset, checkPy, kerasModelPy, LRN_LAYER_PY, PROJECT_FILES, readme, REQUIREMENTS, trainPy } from './python-files';
import { NPZ_WEIGHT_NAMES, torchModelCode } from './torch-code';

/** How many test images check.py compares on. */
export const SAMPLE_IMAGES = 32;

/** The trained weights as NumPy arrays keyed `<layer name>/<weight name>`, in Keras layout. */
export async function npzWeights(spec: ModelSpec, model: tf.LayersModel): Promise<Record<string, NpyArray>> {
  const values = await layerWeightValues(model);
  const out: Record<string, NpyArray> = {};
  spec.layers.forEach((layer, i) => {
    const names = NPZ_WEIGHT_NAMES[layer.type] ?? [];
    values[i].forEach((w, k) => (out[`${layerName(spec, i)}/${names[k]}`] = w));
  });
  return out;
}

/** The first `count` test images (pixels / 255, channels last) and the model's probabilities for them. */
export async function samplePredictions(model: tf.LayersModel, spec: ModelSpec, test: DatasetSplit, count = SAMPLE_IMAGES): Promise<{ images: NpyArray; predictions: NpyArray }> {
  const n = Math.min(count, test.count);
  const size = spec.inputShape.reduce((a, b) => a * b, 1);
  const pixels = Float32Array.from(test.images.subarray(0, n * size), (v) => v / 255);
  const probabilities = tf.tidy(() => toProbabilities(forward(model, tf.tensor4d(pixels, [n, ...spec.inputShape])), outputIsProbabilities(spec)));
  const values = new Float32Array(await probabilities.data());
  probabilities.dispose();
  return { images: { shape: [n, ...spec.inputShape], values: pixels }, predictions: { shape: [n, spec.numClasses], values } };
}

/** A file name made from the model's name. */
export function projectSlug(spec: ModelSpec): string {
  return spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

/**
 * The project's files, by name (what {@link pythonProjectZip} packs). Rejects with an
 * `ExportRefused` (the copy-as-code export's reason) for a dataset train.py cannot read, before any work.
 */
export async function pythonProjectFiles(spec: ModelSpec, model: tf.LayersModel, dataset: DatasetName, test: DatasetSplit): Promise<Record<string, Uint8Array>> {
  checkProjectDataset(dataset);
  const sample = await samplePredictions(model, spec, test);
  const files: Record<string, Uint8Array> = {
    [PROJECT_FILES.readme]: strToU8(readme(spec, dataset, model.countParams())),
    [PROJECT_FILES.requirements]: strToU8(REQUIREMENTS),
    [PROJECT_FILES.keras]: await exportKerasFile(spec, model, { allowCustomLayers: true }),
    [PROJECT_FILES.weights]: npzBytes(await npzWeights(spec, model)),
    [PROJECT_FILES.kerasCode]: strToU8(kerasModelPy(spec)),
    [PROJECT_FILES.torch]: strToU8(torchModelCode(spec)),
    [PROJECT_FILES.train]: strToU8(trainPy(spec, dataset)),
    [PROJECT_FILES.check]: strToU8(checkPy(spec)),
    [PROJECT_FILES.images]: npyBytes(sample.images),
    [PROJECT_FILES.predictions]: npyBytes(sample.predictions),
  };
  if (needsCustomLayer(spec)) files[`${LRN_PY_MODULE}.py`] = strToU8(LRN_LAYER_PY);
  return files;
}

/** The project as one zip whose files sit in a folder named after the model. */
export async function pythonProjectZip(spec: ModelSpec, model: tf.LayersModel, dataset: DatasetName, test: DatasetSplit): Promise<{ fileName: string; bytes: Uint8Array }> {
  const slug = projectSlug(spec);
  const files = await pythonProjectFiles(spec, model, dataset, test);
  const entries: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(files)) entries[`${slug}/${name}`] = bytes;
  return { fileName: `${slug}-python.zip`, bytes: zipSync(entries) };
}
