/**
 * The page-side bridges (engine, run, inspection) against the real engine, in-process: the same
 * EngineClient the page uses, given a worker factory that runs EngineHost in Node on real MNIST. A
 * change of the protocol that the bridges do not follow breaks these tests, not only a journey.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessWorkers } from '../engine/node/inProcessWorker';
import type { ModelFiles } from '../engine/protocol';
import { setWorkerFactory, engine, loadSamples, startEngine } from './engineBridge';
import { explainLayer } from './explainLayer';
import { useAppStore } from './index';
import { chooseInput, clearDrawing, firstWrongAfter, inspectNow, loadTopImages, nextMisclassified } from './inspectionBridge';
import { controlRun, evaluateCurrent, exportCurrentModel, hardStop, importModelFiles, startRun, stepRun } from './runBridge';

const workers = inProcessWorkers();

/** Waits until `predicate` holds for the store (the engine answers on later tasks). */
async function until(predicate: (state: ReturnType<typeof useAppStore.getState>) => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate(useAppStore.getState())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const settled = (s: ReturnType<typeof useAppStore.getState>) => ['finished', 'stopped', 'failed'].includes(s.runState);

beforeAll(async () => {
  await tf.setBackend('cpu');
  setWorkerFactory(workers.factory, 'file:///datasets/');
  const store = useAppStore.getState();
  store.loadPreset('tiny');
  store.setTraining({ epochs: 1, batchSize: 32, learningRate: 0.01 });
  store.setTrainOptions({ trainLimit: 320, validationSplit: 0, testLimit: 100 });
  await startEngine('cpu');
});

afterAll(() => engine().dispose());

describe('engine bridge', () => {
  it('starts the engine and shows the backend it chose', () => {
    const state = useAppStore.getState();
    expect(state.engineStatus).toBe('ready');
    expect(state.backend?.name).toBe('cpu');
  });

  it('loads a dataset and its gallery of samples', async () => {
    await loadSamples('mnist', 6);
    const state = useAppStore.getState();
    expect(state.datasets.mnist?.info?.trainCount).toBe(60_000);
    expect(state.samples?.indices).toEqual([0, 1, 2, 3, 4, 5]);
    expect(state.samples?.labels[0]).toBe(7);
  });
});

describe('run bridge', () => {
  it('a run: the current model appears only when the worker announces it, then the evaluation', async () => {
    expect(useAppStore.getState().currentModel).toBeNull();
    const runId = startRun();
    expect(runId).not.toBeNull();
    // Sent, not yet accepted: the page declares no model of its own.
    expect(useAppStore.getState().currentModel).toBeNull();
    await until((s) => s.currentModel !== null, 'the run’s model');
    expect(useAppStore.getState().currentModel).toMatchObject({ source: 'run', runId, dataset: 'mnist', testLimit: 100, trainLimit: 320 });
    await until((s) => s.runState === 'finished' && s.evaluation !== null, 'the end of the run');
    expect(useAppStore.getState().evaluation?.count).toBe(100);
    expect(useAppStore.getState().epochCurve).toHaveLength(1);
    // The results say which epoch they are from.
    expect(useAppStore.getState().evaluation?.epochs).toBe(1);
  });

  it('Step one batch from idle trains exactly one batch, then stays paused', async () => {
    stepRun();
    await until((s) => s.progress !== null && s.runState === 'paused', 'one step');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const state = useAppStore.getState();
    expect(state.progress).toMatchObject({ epoch: 0, batch: 1, examplesSeen: 32 });
    expect(state.runState).toBe('paused');
    controlRun('stop');
    await until(settled, 'the stop');
    expect(useAppStore.getState().runState).toBe('stopped');
  });

  it('Pause right after Start is honoured before the first batch', async () => {
    startRun();
    controlRun('pause');
    await until((s) => s.currentModel?.runId === s.run?.runId, 'the run’s model');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(useAppStore.getState().runState).toBe('paused');
    expect(useAppStore.getState().progress).toBeNull();
    controlRun('stop');
    await until(settled, 'the stop');
  });

  it('Stop while the dataset loads ends the run before any batch', async () => {
    startRun();
    controlRun('stop');
    await until(settled, 'the stop');
    const state = useAppStore.getState();
    expect(state.runState).toBe('stopped');
    expect(state.progress).toBeNull();
    expect(state.trainCurve).toHaveLength(0);
  });
});

describe('inspection bridge', () => {
  it('asks for activations and ranks a channel’s top images, naming layers by spec index', async () => {
    inspectNow();
    await until((s) => s.activations !== null, 'activations');
    const layers = useAppStore.getState().activations!.layers;
    expect(layers.map((l) => l.layerIndex)).toEqual([0, 1, 2, 3]);
    useAppStore.getState().selectChannel({ layer: 1, channel: 3 });
    await loadTopImages(1, 3, 4);
    const top = useAppStore.getState().topImages;
    expect(top).toMatchObject({ layer: 1, channel: 3 });
    expect(top?.indices).toHaveLength(4);
    expect(top?.labels).toHaveLength(4);
  });
});

describe('explain this layer', () => {
  it('hands the explorer the real image it explains, so the explorer names it (not "a synthetic 7")', async () => {
    useAppStore.getState().setInspectionInput({ kind: 'test', index: 3 });
    await explainLayer(0);
    const state = useAppStore.getState();
    expect(state.section).toBe('explorer');
    expect(state.explainImage?.label).toBe('test image #3');
    const mnist = await engine().request({ type: 'samples', dataset: 'mnist', split: 'test', indices: [3] });
    expect(Array.from(state.explainImage!.pixels)).toEqual(Array.from(mnist.images));
  });
});

describe('Inside: next misclassified and the drawing pad', () => {
  it('finds the next wrong image from the evaluation alone: no image-by-image inspection', async () => {
    await evaluateCurrent(200);
    const evaluation = useAppStore.getState().evaluation!;
    const expected = firstWrongAfter(evaluation, 0);
    expect(expected).not.toBeNull();
    useAppStore.getState().setInspectionInput({ kind: 'test', index: 0 });
    const from = workers.requests.length;
    expect(await nextMisclassified()).toBeNull();
    const input = useAppStore.getState().inspectionInput;
    expect(input).toEqual({ kind: 'test', ...expected });
    // Its predicted class is not its label (the evaluation lists both for every image).
    expect(evaluation.predictedClasses![expected!.index]).not.toBe(evaluation.labels![expected!.index]);
    const asked = workers.requests.slice(from).map((r) => r.type);
    expect(asked.filter((t) => t === 'inspect').length).toBeLessThanOrEqual(1);
    expect(asked).not.toContain('samples');
  });

  it('past the evaluated images it asks for one evaluation, not one request per image', async () => {
    // The evaluation covers test images 0–199.
    useAppStore.getState().setInspectionInput({ kind: 'test', index: 250 });
    const from = workers.requests.length;
    await nextMisclassified(200);
    const asked = workers.requests.slice(from).map((r) => r.type);
    expect(asked.filter((t) => t === 'evaluate')).toHaveLength(1);
    expect(asked.filter((t) => t === 'inspect').length).toBeLessThanOrEqual(1);
  });

  it('clearing the drawing pad removes the old prediction, and live updates do not bring it back', async () => {
    chooseInput({ kind: 'drawing', pixels: new Float32Array(784).fill(0.5) });
    await until((s) => s.activations?.input.kind === 'drawing', 'the drawing’s activations');
    clearDrawing();
    expect(useAppStore.getState().activations).toBeNull();
    const from = workers.requests.length;
    inspectNow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(workers.requests.slice(from).map((r) => r.type)).not.toContain('inspect');
    expect(useAppStore.getState().activations).toBeNull();
  });
});

describe('model files', () => {
  it('a Fashion-MNIST model uploaded while MNIST is selected keeps its dataset and classes', async () => {
    const files = (await exportCurrentModel()) as ModelFiles;
    expect(files).not.toBeNull();
    const json = JSON.parse(files.modelJson);
    const key = Object.keys(json.userDefinedMetadata)[0];
    json.userDefinedMetadata[key].dataset = 'fashion-mnist';
    json.userDefinedMetadata[key].name = 'a fashion model';
    expect(useAppStore.getState().dataset).toBe('mnist');
    await importModelFiles({ modelJson: JSON.stringify(json), weights: files.weights });
    const state = useAppStore.getState();
    expect(state.libraryMessage).toEqual({ text: 'Loaded “a fashion model” from files.', error: false });
    expect(state.currentModel).toMatchObject({ source: 'file', dataset: 'fashion-mnist', name: 'a fashion model' });
    expect(state.currentModel?.classNames[9]).toBe('Ankle boot');
    expect(state.dataset).toBe('fashion-mnist');
    // Evaluated on Fashion-MNIST's test set, as many images as the page's test limit says.
    expect(state.evaluation?.count).toBe(100);
    const predictions = state.evaluation!.predictions;
    const labels = (await engine().request({ type: 'samples', dataset: 'fashion-mnist', split: 'test', indices: predictions.map((p) => p.index) })).labels;
    expect(predictions.map((p) => p.label)).toEqual(Array.from(labels));
  });

  it('after a hard stop the fresh worker holds no model, and the Inside tab is told so by kind', async () => {
    await hardStop();
    expect(workers.made()).toBe(2);
    expect(useAppStore.getState().currentModel).toBeNull();
    chooseInput({ kind: 'test', index: 0 });
    await until((s) => s.inspectionError !== null, 'the refusal');
    expect(useAppStore.getState().inspectionErrorKind).toBe('no-model');
    await evaluateCurrent();
    expect(useAppStore.getState().libraryMessage?.error).toBe(true);
  });
});
