/**
 * The round trip in real Python (the project's own .venv: Keras 3 + TensorFlow, PyTorch): networks
 * trained briefly in Node with the playground's engine are downloaded for Python; Keras'
 * load_model and the PyTorch code must predict what the playground predicts on 32 test images
 * (≤ 1e-4, check.py), and train.py must run an epoch on 1,000 images. Where that Python is missing
 * the suite is reported as skipped, with the reason in its name; it never passes without running.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelFiles } from '../protocol';
import { datasetFolders, loadDatasetFromDisk } from '../node/datasetSource';
import { getPreset } from '../spec/presets';
import type { DatasetName, LayerSpec, ModelSpec } from '../spec/types';
import { modelFromWeights, parseModelFiles } from '../storage/modelFiles';
import { TrainingSession } from '../session/session';
import { pythonProjectFiles } from './python-project';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const python = join(root, '.venv', 'bin', 'python');

/** Why the Python side cannot run here, or null when it can. */
function pythonMissing(): string | null {
  if (!existsSync(python)) return `no ${python} (make it with npm run python-env)`;
  const probe = spawnSync(python, ['-c', 'import keras, torch, numpy'], { encoding: 'utf8', timeout: 180_000 });
  return probe.status === 0 ? null : `${python} cannot import keras, torch and numpy: ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}`;
}

const missing = pythonMissing();

function runPython(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(python, args, { cwd, encoding: 'utf8', timeout: 400_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', CUDA_VISIBLE_DEVICES: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Trains `spec` for one short epoch with the engine the page's worker runs, and returns the trained model. */
async function trainBriefly(spec: ModelSpec, dataset: DatasetName, images: number): Promise<tf.LayersModel> {
  let files: ModelFiles | undefined;
  let failure: string | undefined;
  const session = new TrainingSession({
    post: (event) => {
      if (event.type === 'modelExported') files = event.files;
      if (event.type === 'fault' || event.type === 'error') failure = event.message;
    },
    getDataset: loadDatasetFromDisk,
    backendName: () => 'wasm',
  });
  try {
    const short = { ...spec, training: { ...spec.training, epochs: 1, batchSize: 32 } };
    await session.handle({ type: 'train', runId: 1, spec: short, dataset, options: { trainLimit: images, validationSplit: 0, testLimit: 64 } });
    await session.idle();
    await session.handle({ type: 'exportModel', requestId: 1 });
  } finally {
    session.dispose();
  }
  if (!files) throw new Error(`training failed: ${failure ?? 'no model'}`);
  const parsed = parseModelFiles(files);
  return modelFromWeights(parsed.metadata.spec, parsed.weightSpecs, parsed.weights);
}

/** Batch norm (2-D and after the flatten), SAME average pooling, a stride-2 SAME convolution, dropout. */
function mixedSpec(): ModelSpec {
  const base = getPreset('tiny')!.spec;
  const layers: LayerSpec[] = [
    { type: 'conv2d', filters: 6, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'linear', useBias: false, kernelInitializer: 'heNormal' },
    { type: 'batchNorm' },
    { type: 'activation', activation: 'elu' },
    { type: 'avgPool2d', poolSize: [3, 3], strides: [2, 2], padding: 'same' },
    { type: 'flatten' },
    { type: 'batchNorm' },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' },
  ];
  return { ...base, name: 'Mixed layers', layers, training: { ...base.training, optimizer: 'momentum', learningRate: 0.01 } };
}

const CASES: { name: string; spec: () => ModelSpec; dataset: DatasetName; train?: boolean }[] = [
  { name: 'the Fashion-MNIST CNN preset (flatten order of 7×7×64)', spec: () => getPreset('fashion-cnn')!.spec, dataset: 'fashion-mnist', train: true },
  { name: 'the TFANN preset (LRN as a registered custom layer, SAME max pooling, L2)', spec: () => getPreset('tfann-cnnc')!.spec, dataset: 'fashion-mnist' },
  { name: 'a network of batch norm, SAME average pooling, a stride-2 SAME convolution and dropout', spec: mixedSpec, dataset: 'mnist' },
];

describe.skipIf(missing !== null)(`Python round trip${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let work = '';
  beforeAll(async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    const { registerWasmTrainingKernels } = await import('../backends/wasmTrainingKernels');
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    work = mkdtempSync(join(tmpdir(), 'cnnp-python-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(CASES)('$name: Keras and PyTorch predict what the playground predicts', async ({ spec: makeSpec, dataset, train }) => {
    const spec = makeSpec();
    const model = await trainBriefly(spec, dataset, 256);
    const folder = join(work, spec.name.replace(/\W+/g, '-'));
    mkdirSync(folder);
    const files = await pythonProjectFiles(spec, model, dataset, (await loadDatasetFromDisk(dataset)).test);
    const params = model.countParams();
    model.dispose();
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['model.keras', 'weights.npz', 'model_torch.py', 'model_keras.py', 'train.py', 'check.py', 'README.md', 'requirements.txt']));
    expect('lrn_layer.py' in files).toBe(spec.layers.some((l) => l.type === 'lrn'));

    const check = runPython(folder, ['check.py']);
    const report = JSON.parse(check.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
    expect(report, check.stderr.slice(-2000)).toMatchObject({ images: 32 });
    expect(report.keras_vs_playground).toBeLessThanOrEqual(1e-4);
    expect(report.torch_vs_playground).toBeLessThanOrEqual(1e-4);
    expect(check.status).toBe(0);

    const keras = runPython(folder, ['-c', 'import model_keras; m = model_keras.load_npz_weights(model_keras.load()); print(m.count_params())']);
    expect(keras.stdout.trim().split('\n').pop(), keras.stderr.slice(-2000)).toBe(String(params));

    if (train) {
      const data = datasetFolders(dataset).find((f) => existsSync(join(f, 't10k-images-idx3-ubyte.gz')))!;
      const run = runPython(folder, ['train.py', '--epochs', '1', '--limit', '1000', '--data', data]);
      expect(run.status, run.stderr.slice(-3000)).toBe(0);
      expect(run.stdout).toMatch(/test accuracy 0\.\d{4}, test loss \d+\.\d{4} on 10000 images/);
      expect(run.stdout).toMatch(/saved trained\.keras/);
      expect(existsSync(join(folder, 'trained.keras'))).toBe(true);
      // One epoch on 1,000 images: 32 batches of the playground's batch size 32, run by Keras.
      expect(run.stdout + run.stderr).toMatch(/32\/32/);
    }
  });
});
