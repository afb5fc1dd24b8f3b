import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetFromDisk } from '../node/datasetSource';
import type { EngineEvent, ModelFiles } from '../protocol';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { TrainingSession } from './session';

const events: EngineEvent[] = [];
let session: TrainingSession;
let spec: ModelSpec;
let requestId = 100;
let baseline = 0;

/** Sends a request and returns the events it produced. */
async function ask(request: Parameters<TrainingSession['handle']>[0]): Promise<EngineEvent[]> {
  const from = events.length;
  await session.handle(request);
  return events.slice(from);
}

function only<T extends EngineEvent['type']>(produced: EngineEvent[], type: T): Extract<EngineEvent, { type: T }> {
  const found = produced.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type} event, got ${JSON.stringify(produced.map((e) => e.type))}`);
  return found[0];
}

async function probabilitiesOf(index: number): Promise<Float32Array> {
  return only(await ask({ type: 'inspect', requestId: requestId++, input: { kind: 'test', index } }), 'activations').probabilities;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  baseline = tf.memory().numTensors;
  session = new TrainingSession({ post: (e) => events.push(e), getDataset: loadDatasetFromDisk, backendName: () => 'cpu' });
  spec = getPreset('tiny')!.spec;
  spec.training = { ...spec.training, batchSize: 32, epochs: 2, learningRate: 0.01 };
  await session.handle({ type: 'train', runId: 1, spec, dataset: 'mnist', options: { trainLimit: 256, validationSplit: 0, testLimit: 200 } });
  await session.idle();
});

afterAll(() => session?.dispose());

describe('TrainingSession', () => {
  it('trains through the protocol: the model announced, running, progress, two epochs with evaluations, finished', () => {
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('currentModel');
    expect(types[1]).toBe('runState');
    expect(types.filter((t) => t === 'epochEnd')).toHaveLength(2);
    expect(types.filter((t) => t === 'evaluation')).toHaveLength(2);
    // The run's last event of its own (its record, `runKept`, follows it: see runKeeper.test.ts).
    expect(events.filter((e) => e.type !== 'runKept').at(-1)).toEqual({ type: 'runState', runId: 1, state: 'finished' });
    expect(events.at(-1)).toMatchObject({ type: 'runKept', run: { runId: 1, state: 'finished' } });
  });

  it('announces the run\'s model as the current one, with its dataset and class names', () => {
    const announced = events.filter((e) => e.type === 'currentModel');
    expect(announced).toHaveLength(1);
    const model = announced[0].type === 'currentModel' ? announced[0].model : null;
    expect(model).toMatchObject({ source: 'run', runId: 1, dataset: 'mnist', name: spec.name, hasInitialKernels: true });
    expect(model?.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(model?.spec).toEqual(spec);
  });

  it('refuses an impossible spec and impossible data options with a fault naming the problem', async () => {
    const bad = structuredClone(spec);
    bad.layers[0] = { ...(bad.layers[0] as Extract<ModelSpec['layers'][number], { type: 'conv2d' }>), kernelSize: [40, 40] };
    const produced = await ask({ type: 'train', runId: 2, spec: bad, dataset: 'mnist', options: { validationSplit: 0 } });
    expect(only(produced, 'fault').kind).toBe('spec');
    expect(only(produced, 'runState').state).toBe('failed');
    const tooFew = await ask({ type: 'train', runId: 3, spec, dataset: 'mnist', options: { trainLimit: 10, validationSplit: 0 } });
    expect(only(tooFew, 'fault').message).toMatch(/Only 10 training images remain for a batch size of 32/);
    // The trained model is still there.
    expect((await probabilitiesOf(0)).length).toBe(10);
  });

  it('returns every layer\'s activations and the softmax for a test image, and refuses a wrong-sized image', async () => {
    const produced = await ask({ type: 'inspect', requestId: 1, input: { kind: 'test', index: 3 } });
    const { layers, probabilities, input } = only(produced, 'activations');
    expect(layers.map((l) => [l.layerIndex, l.name, l.shape])).toEqual([
      [0, 'conv2d_0', [26, 26, 8]],
      [1, 'max_pool_1', [13, 13, 8]],
      [2, 'flatten_2', [1352]],
      [3, 'dense_3', [10]],
    ]);
    expect(input.length).toBe(784);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(Array.from(probabilities)).toEqual(Array.from(layers[3].data));
    const wrong = await ask({ type: 'inspect', requestId: 2, input: { kind: 'pixels', pixels: new Float32Array(10) } });
    expect(only(wrong, 'error')).toMatchObject({ kind: 'input', message: expect.stringMatching(/has 10 values; this network needs 784/) });
    const missing = await ask({ type: 'inspect', requestId: 2, input: { kind: 'test', index: 10_000 } });
    expect(only(missing, 'error').kind).toBe('input');
  });

  it('returns the conv kernels now and as initialised, which differ after training', async () => {
    const now = only(await ask({ type: 'filters', requestId: 3 }), 'filters').layers;
    const initial = only(await ask({ type: 'filters', requestId: 4, initial: true }), 'filters').layers;
    expect(now.map((k) => [k.layerIndex, k.shape])).toEqual([[0, [3, 3, 1, 8]]]);
    expect(initial[0].shape).toEqual([3, 3, 1, 8]);
    expect(now[0].bias?.length).toBe(8);
    expect(Array.from(now[0].data)).not.toEqual(Array.from(initial[0].data));
  });

  it('evaluates with a confusion matrix, per-class accuracy and confidently wrong examples', async () => {
    const { evaluation } = only(await ask({ type: 'evaluate', requestId: 5, limit: 300 }), 'evaluation');
    expect(evaluation.count).toBe(300);
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(evaluation.accuracy).toBeGreaterThan(0.5);
    expect(evaluation.perClassAccuracy).toHaveLength(10);
    for (let i = 1; i < evaluation.worst.length; i++) expect(evaluation.worst[i - 1].confidence).toBeGreaterThanOrEqual(evaluation.worst[i].confidence);
    const dataset = await loadDatasetFromDisk('mnist');
    // Every evaluated image's label and predicted class travel with it (no images needed to find the wrong ones).
    expect(evaluation.labels).toEqual(Array.from(dataset.test.labels.subarray(0, 300)));
    expect(evaluation.predictedClasses).toHaveLength(300);
    expect(evaluation.epochs).toBe(2);
    for (const w of evaluation.worst) {
      expect(w.label).toBe(dataset.test.labels[w.index]);
      expect(w.predicted).not.toBe(w.label);
    }
    // The worst example's confidence is what the network says for that image.
    const top = evaluation.worst[0];
    const probabilities = await probabilitiesOf(top.index);
    expect(probabilities[top.predicted]).toBeCloseTo(top.confidence, 5);
  });

  it('ranks the test images that excite a conv channel most, by mean activation', async () => {
    const { indices, scores, layerIndex, channel } = only(await ask({ type: 'topActivations', requestId: 6, layerIndex: 0, channel: 2, k: 5, limit: 100 }), 'topActivations');
    expect([layerIndex, channel]).toEqual([0, 2]);
    expect(indices).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(scores[i - 1]).toBeGreaterThanOrEqual(scores[i]);
    // Check the best score against the activations of that image.
    const { layers } = only(await ask({ type: 'inspect', requestId: 7, input: { kind: 'test', index: indices[0] } }), 'activations');
    const conv = layers[0].data;
    let sum = 0;
    for (let i = 2; i < conv.length; i += 8) sum += conv[i];
    expect(sum / (26 * 26)).toBeCloseTo(scores[0], 4);
    const flat = await ask({ type: 'topActivations', requestId: 8, layerIndex: 2, channel: 0, k: 5 });
    expect(only(flat, 'error')).toMatchObject({ kind: 'input', message: expect.stringMatching(/has no feature maps/) });
  });

  it('saves, lists, loads and deletes a model; the loaded one predicts exactly the same', async () => {
    const before = await probabilitiesOf(11);
    const saved = only(await ask({ type: 'saveModel', requestId: 9, name: 'tiny after 2 epochs' }), 'modelSaved').model;
    expect(saved.history).toHaveLength(2);
    expect(saved.testAccuracy).toBeGreaterThan(0.5);
    const listed = only(await ask({ type: 'listModels', requestId: 10 }), 'models').models;
    expect(listed.map((m) => m.key)).toContain(saved.key);
    // Replace the current model by training another, then load the saved one back.
    await session.handle({ type: 'train', runId: 4, spec: { ...spec, training: { ...spec.training, seed: 99, epochs: 1 } }, dataset: 'mnist', options: { trainLimit: 64, validationSplit: 0, testLimit: 32 } });
    await session.idle();
    expect(Array.from(await probabilitiesOf(11))).not.toEqual(Array.from(before));
    const loadEvents = await ask({ type: 'loadModel', requestId: 11, key: saved.key });
    const loaded = only(loadEvents, 'modelLoaded').model;
    // Announced before it answers, as a saved model with its key and history.
    expect(only(loadEvents, 'currentModel').model).toMatchObject({ source: 'saved', key: saved.key, name: 'tiny after 2 epochs', epochs: 2, hasInitialKernels: false });
    expect(loadEvents.map((e) => e.type)).toEqual(['currentModel', 'modelLoaded']);
    expect(loaded.spec).toEqual(spec);
    expect(Array.from(await probabilitiesOf(11))).toEqual(Array.from(before));
    only(await ask({ type: 'deleteModel', requestId: 12, key: saved.key }), 'modelDeleted');
    expect(only(await ask({ type: 'listModels', requestId: 13 }), 'models').models).toHaveLength(0);
    expect(only(await ask({ type: 'loadModel', requestId: 14, key: saved.key }), 'error').message).toMatch(/No saved model has the key/);
  });

  it('exports the tfjs layers format and imports it back with identical predictions; refuses corrupt or foreign files', async () => {
    const before = await probabilitiesOf(21);
    const files: ModelFiles = only(await ask({ type: 'exportModel', requestId: 15 }), 'modelExported').files;
    const json = JSON.parse(files.modelJson);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(files.weights.byteLength).toBe((3 * 3 * 8 + 8 + 1352 * 10 + 10) * 4);
    const imported = only(await ask({ type: 'importModel', requestId: 16, files, dataset: 'mnist' }), 'modelLoaded').model;
    expect(imported.spec).toEqual(spec);
    expect(Array.from(await probabilitiesOf(21))).toEqual(Array.from(before));

    const refuse = async (bad: ModelFiles) => only(await ask({ type: 'importModel', requestId: 17, files: bad, dataset: 'mnist' }), 'error').message;
    expect(await refuse({ modelJson: '{"modelTopology": ', weights: files.weights })).toMatch(/not valid JSON/);
    expect(only(await ask({ type: 'importModel', requestId: 17, files: { modelJson: '{', weights: files.weights } }), 'error').kind).toBe('input');
    expect(await refuse({ modelJson: '{"format": "graph-model"}', weights: files.weights })).toMatch(/graph model/);
    const foreign = { ...json, userDefinedMetadata: undefined };
    expect(await refuse({ modelJson: JSON.stringify(foreign), weights: files.weights })).toMatch(/not saved by the playground/);
    expect(await refuse({ modelJson: files.modelJson, weights: files.weights.slice(0, 100) })).toMatch(/has 100 bytes but model.json describes/);
  });

  it('an imported model keeps its own dataset and classes, whatever the request says', async () => {
    const files: ModelFiles = only(await ask({ type: 'exportModel', requestId: 18 }), 'modelExported').files;
    const json = JSON.parse(files.modelJson);
    const key = Object.keys(json.userDefinedMetadata)[0];
    json.userDefinedMetadata[key].dataset = 'fashion-mnist';
    const produced = await ask({ type: 'importModel', requestId: 19, files: { modelJson: JSON.stringify(json), weights: files.weights }, dataset: 'mnist' });
    expect(only(produced, 'modelLoaded').model.dataset).toBe('fashion-mnist');
    const announced = only(produced, 'currentModel').model;
    expect(announced).toMatchObject({ source: 'file', dataset: 'fashion-mnist' });
    expect(announced?.classNames[0]).toBe('T-shirt/top');
    // Evaluated on Fashion-MNIST: its test labels, not MNIST's.
    const { evaluation } = only(await ask({ type: 'evaluate', requestId: 20, limit: 50 }), 'evaluation');
    const fashion = await loadDatasetFromDisk('fashion-mnist');
    const worst = evaluation.worst[0];
    expect(worst.label).toBe(fashion.test.labels[worst.index]);
  });

  it('requests that need a model say so by kind when there is none', async () => {
    const empty = new TrainingSession({ post: (e) => events.push(e), getDataset: loadDatasetFromDisk, backendName: () => 'cpu' });
    const from = events.length;
    for (const request of [
      { type: 'inspect', requestId: 30, input: { kind: 'test', index: 0 } },
      { type: 'filters', requestId: 31 },
      { type: 'evaluate', requestId: 32 },
      { type: 'saveModel', requestId: 33, name: 'x' },
      { type: 'exportModel', requestId: 34 },
    ] as const) {
      await empty.handle(request);
    }
    expect(events.slice(from).map((e) => (e.type === 'error' ? e.kind : e.type))).toEqual(['no-model', 'no-model', 'no-model', 'no-model', 'no-model']);
    empty.dispose();
  });

  it('frees every tensor it holds when disposed', () => {
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    session.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('a model replaced while a request waits for its data', () => {
  it('an evaluation waiting for a first download is of the model current once the images are there, never of the one a run freed meanwhile', async () => {
    const before = tf.memory().numTensors;
    // Fashion-MNIST's files arrive only when the test says so: a slow first download (the browser's
    // first visit); MNIST is already there.
    let release!: () => void;
    const downloaded = new Promise<void>((resolve) => (release = resolve));
    const posted: EngineEvent[] = [];
    const racing = new TrainingSession({
      post: (e) => posted.push(e),
      getDataset: async (name, trainCount) => {
        if (name === 'fashion-mnist') await downloaded;
        return loadDatasetFromDisk(name, trainCount);
      },
      backendName: () => 'cpu',
    });
    // A Fashion-MNIST model opened from files (the pre-trained one) becomes current …
    const folder = 'public/models/fashion-cnn';
    const bytes = readFileSync(`${folder}/weights.bin`);
    const files: ModelFiles = { modelJson: readFileSync(`${folder}/model.json`, 'utf8'), weights: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
    await racing.handle({ type: 'importModel', requestId: 40, files });
    expect(posted.find((e) => e.type === 'currentModel')).toMatchObject({ model: { source: 'file', dataset: 'fashion-mnist' } });
    // … and is asked for its evaluation, which waits for Fashion-MNIST's test images …
    const evaluated = racing.handle({ type: 'evaluate', requestId: 41, limit: 100 });
    // … while a run of another network on MNIST sets up and replaces (frees) it.
    await racing.handle({ type: 'train', runId: 42, spec, dataset: 'mnist', options: { trainLimit: 64, validationSplit: 0, testLimit: 32, startPaused: true } });
    const announced = posted.filter((e) => e.type === 'currentModel').at(-1);
    expect(announced).toMatchObject({ model: { source: 'run', runId: 42, dataset: 'mnist' } });
    release();
    await evaluated;
    const answers = posted.filter((e) => 'requestId' in e && e.requestId === 41);
    expect(answers.map((e) => (e.type === 'error' ? `error: ${e.message}` : e.type))).toEqual(['evaluation']);
    // The answer is about the model the page was told of last: the run's, judged on MNIST's test images.
    const { evaluation } = only(answers, 'evaluation');
    const mnist = await loadDatasetFromDisk('mnist');
    expect(evaluation.count).toBe(100);
    expect(evaluation.labels).toEqual(Array.from(mnist.test.labels.subarray(0, 100)));
    await racing.handle({ type: 'stop', runId: 42 });
    await racing.idle();
    racing.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
