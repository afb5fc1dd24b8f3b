/**
 * The insight maths on real models: gradient ascent on a Tiny CNN trained on real MNIST through the
 * protocol, saliency on a network whose output depends on one pixel only, Grad-CAM's size, and no
 * tensor left behind over many calls.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../backends/wasmTrainingKernels';
import { loadDatasetFromDisk } from '../node/datasetSource';
import type { EngineEvent } from '../protocol';
import { TrainingSession } from '../session/session';
import { buildModel } from '../spec/build';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { gradCam } from './gradCam';
import { gradientAscent } from './gradientAscent';
import { saliencyMap } from './saliency';

const events: EngineEvent[] = [];
let session: TrainingSession;
let requestId = 1;

async function ask(request: Parameters<TrainingSession['handle']>[0]): Promise<EngineEvent[]> {
  const from = events.length;
  await session.handle(request);
  return events.slice(from);
}

function answer<T extends EngineEvent['type']>(produced: EngineEvent[], type: T): Extract<EngineEvent, { type: T }> {
  const found = produced.find((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  if (!found) throw new Error(`expected a ${type} event, got ${JSON.stringify(produced.map((e) => (e.type === 'error' ? e.message : e.type)))}`);
  return found;
}

/** Mean of one channel of one layer for one image, through the ordinary `inspect` request. */
async function channelMean(pixels: Float32Array, layerIndex: number, channel: number): Promise<number> {
  const { layers } = answer(await ask({ type: 'inspect', requestId: requestId++, input: { kind: 'pixels', pixels } }), 'activations');
  const layer = layers[layerIndex];
  const depth = layer.shape[layer.shape.length - 1];
  let sum = 0;
  for (let i = channel; i < layer.data.length; i += depth) sum += layer.data[i];
  return sum / (layer.data.length / depth);
}

beforeAll(async () => {
  // wasm with the project's training kernels: far faster than tfjs `cpu` on conv nets.
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  session = new TrainingSession({ post: (e) => events.push(e), getDataset: loadDatasetFromDisk, backendName: () => 'wasm' });
  const spec = getPreset('tiny')!.spec;
  // 200 batches of real MNIST: enough for the filters to become stroke and edge detectors.
  spec.training = { ...spec.training, batchSize: 32, epochs: 1, learningRate: 0.01, seed: 7 };
  await session.handle({ type: 'train', runId: 1, spec, dataset: 'mnist', options: { trainLimit: 6400, validationSplit: 0, testLimit: 200 } });
  await session.idle();
}, 120_000);

afterAll(() => session?.dispose());

describe('gradient ascent (what a channel looks for)', () => {
  it('raises the conv channels\' mean activation fivefold over their test image (each at least threefold) and above the best of 1,000 test images, as the network itself measures it', async () => {
    const units = [0, 1, 2, 3, 4, 5, 6, 7];
    const produced = await ask({ type: 'lookFor', requestId: requestId++, jobId: 1, layerIndex: 0, units, start: { kind: 'input', input: { kind: 'test', index: 0 } } });
    const result = answer(produced, 'lookedFor');
    expect(result.cancelled).toBe(false);
    expect(result.step).toBe(result.steps);
    expect(produced.filter((e) => e.type === 'lookForProgress').length).toBeGreaterThanOrEqual(result.steps / 8);
    const size = 28 * 28;
    const start = answer(await ask({ type: 'inspect', requestId: requestId++, input: { kind: 'test', index: 0 } }), 'activations').input;
    let sumBefore = 0;
    let sumAfter = 0;
    for (const [k, unit] of units.entries()) {
      const image = result.images.slice(k * size, (k + 1) * size);
      expect(Math.min(...image)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...image)).toBeLessThanOrEqual(1);
      const before = await channelMean(start, 0, unit);
      const after = await channelMean(image, 0, unit);
      expect(after).toBeCloseTo(result.activations[k], 4);
      expect(before).toBeCloseTo(result.startActivations[k], 4);
      // A weak filter cannot go far in a 28×28 image of pixels in [0, 1]: each at least 3×, all together 5×.
      expect(after).toBeGreaterThan(3 * before);
      sumBefore += before;
      sumAfter += after;
      const top = answer(await ask({ type: 'topActivations', requestId: requestId++, layerIndex: 0, channel: unit, k: 1, limit: 1000 }), 'topActivations');
      expect(after).toBeGreaterThan(top.scores[0]);
    }
    expect(sumAfter).toBeGreaterThan(5 * sumBefore);
  }, 120_000);

  it('climbs a dense unit (the class score) from seeded noise, and the same seed gives the same image', async () => {
    const ask1 = answer(await ask({ type: 'lookFor', requestId: requestId++, jobId: 2, layerIndex: 3, units: [3], start: { kind: 'noise', seed: 5 }, steps: 40 }), 'lookedFor');
    const ask2 = answer(await ask({ type: 'lookFor', requestId: requestId++, jobId: 3, layerIndex: 3, units: [3], start: { kind: 'noise', seed: 5 }, steps: 40 }), 'lookedFor');
    expect(ask1.activations[0]).toBeGreaterThan(5 * ask1.startActivations[0]);
    expect(Array.from(ask2.images)).toEqual(Array.from(ask1.images));
  }, 60_000);

  it('stops at the next step when cancelled, answering with the images so far', async () => {
    const running = ask({ type: 'lookFor', requestId: requestId++, jobId: 9, layerIndex: 0, units: [0], start: { kind: 'noise' }, steps: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cancel = answer(await ask({ type: 'cancelLookFor', requestId: requestId++, jobId: 9 }), 'lookForCancelled');
    expect(cancel.found).toBe(true);
    const result = answer(await running, 'lookedFor');
    expect(result.cancelled).toBe(true);
    expect(result.step).toBeLessThan(1000);
    expect(result.images.length).toBe(784);
  }, 60_000);

  it('refuses a layer, a channel or a start image that does not exist, naming the valid range', async () => {
    const bad = async (request: Partial<Extract<Parameters<TrainingSession['handle']>[0], { type: 'lookFor' }>>) =>
      answer(await ask({ type: 'lookFor', requestId: requestId++, jobId: 100 + requestId, layerIndex: 0, units: [0], start: { kind: 'noise' }, ...request }), 'error');
    expect((await bad({ layerIndex: 9 })).message).toMatch(/Layer 9 does not exist: the network has layers 0 to 3/);
    expect((await bad({ units: [8] })).message).toMatch(/Channel 8 does not exist in layer 0: it has 0 to 7/);
    expect((await bad({ layerIndex: 2 })).message).toMatch(/neither channels nor units/);
    expect((await bad({ start: { kind: 'input', input: { kind: 'test', index: -1 } } })).message).toMatch(/Test image -1 does not exist/);
  });
});

describe('why it decided: saliency and Grad-CAM', () => {
  it('puts the saliency of a network that reads one pixel only on that pixel', async () => {
    const spec: ModelSpec = structuredClone(getPreset('tiny')!.spec);
    spec.layers = [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' }];
    const model = buildModel(spec);
    const pixel = 13 * 28 + 17;
    const kernel = new Float32Array(784 * 10);
    for (let c = 0; c < 10; c++) kernel[pixel * 10 + c] = c - 4.5;
    model.layers.at(-1)!.setWeights([tf.tensor2d(kernel, [784, 10]), tf.randomNormal([10])]);
    const image = new Float32Array(784).map((_, i) => (i * 37 % 101) / 100);
    for (const classIndex of [undefined, 0, 7]) {
      const result = await saliencyMap(model, spec, image, classIndex);
      expect(result.map.length).toBe(784);
      expect(result.map[pixel]).toBe(1);
      expect(result.peak).toBeGreaterThan(0);
      const elsewhere = result.map.reduce((sum, v, i) => (i === pixel ? sum : sum + v), 0);
      expect(elsewhere).toBe(0);
    }
    model.dispose();
  });

  it('answers explainPrediction with the predicted class, a saliency map at the input size and Grad-CAM at the last conv layer\'s size', async () => {
    const predicted = answer(await ask({ type: 'explainPrediction', requestId: requestId++, input: { kind: 'test', index: 1 } }), 'predictionExplained');
    const probabilities = answer(await ask({ type: 'inspect', requestId: requestId++, input: { kind: 'test', index: 1 } }), 'activations').probabilities;
    expect(predicted.predicted).toBe(probabilities.indexOf(Math.max(...probabilities)));
    expect(predicted.classIndex).toBe(predicted.predicted);
    expect([predicted.saliency.height, predicted.saliency.width, predicted.saliency.map.length]).toEqual([28, 28, 784]);
    expect(predicted.gradCam).toMatchObject({ height: 26, width: 26, layerIndex: 0 });
    expect(predicted.gradCam!.map.length).toBe(26 * 26);
    expect(Math.max(...predicted.gradCam!.map)).toBe(1);
    const other = (predicted.predicted + 1) % 10;
    const picked = answer(await ask({ type: 'explainPrediction', requestId: requestId++, input: { kind: 'test', index: 1 }, classIndex: other }), 'predictionExplained');
    expect(picked.classIndex).toBe(other);
    expect(Array.from(picked.saliency.map)).not.toEqual(Array.from(predicted.saliency.map));
    const error = answer(await ask({ type: 'explainPrediction', requestId: requestId++, input: { kind: 'test', index: 1 }, classIndex: 10 }), 'error');
    expect(error.message).toMatch(/Class 10 does not exist: choose one from 0 to 9/);
  });

  it('computes Grad-CAM at the spatial size of the last of several conv layers', async () => {
    for (const id of ['lenet5', 'mnist-cnn-course'] as const) {
      const spec = getPreset(id)!.spec;
      const model = buildModel(spec);
      const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
      const [h, w] = (convs.at(-1)!.outputShape as number[]).slice(1, 3);
      for (const method of ['grad-cam', 'hires-cam', 'auto'] as const) {
        const result = await gradCam(model, spec, new Float32Array(784).map((_, i) => (i % 29) / 28), 1, method);
        expect([result.height, result.width, result.map.length]).toEqual([h, w, h * w]);
      }
      model.dispose();
    }
  });
});

describe('Grad-CAM\'s fallback', () => {
  it('answers HiResCAM exactly when Grad-CAM is empty, and says which map it is', async () => {
    const spec = getPreset('tiny')!.spec;
    const model = buildModel(spec);
    const image = new Float32Array(784).map((_, i) => ((i * 13) % 17) / 16);
    const methods = new Set<string>();
    for (let c = 0; c < 10; c++) {
      const plain = await gradCam(model, spec, image, c, 'grad-cam');
      const hires = await gradCam(model, spec, image, c, 'hires-cam');
      const auto = await gradCam(model, spec, image, c);
      expect(plain.method).toBe('grad-cam');
      expect(hires.method).toBe('hires-cam');
      expect(auto.method).toBe(plain.peak > 0 ? 'grad-cam' : 'hires-cam');
      expect(Array.from(auto.map)).toEqual(Array.from(plain.peak > 0 ? plain.map : hires.map));
      methods.add(auto.method);
    }
    model.dispose();
    // A flatten + dense head makes both happen among ten classes (checked, so the test covers both).
    expect([...methods].sort()).toEqual(['grad-cam', 'hires-cam']);
  });
});

describe('tensors', () => {
  it('stay flat over 50 calls of each: gradient ascent, saliency and Grad-CAM, directly and through the session', async () => {
    const image = new Float32Array(784).fill(0.2);
    const run = async () => {
      await ask({ type: 'lookFor', requestId: requestId++, jobId: 1000 + requestId, layerIndex: 0, units: [1, 2], start: { kind: 'noise' }, steps: 2 });
      await ask({ type: 'explainPrediction', requestId: requestId++, input: { kind: 'pixels', pixels: image.slice() }, classIndex: 2 });
    };
    await run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await run();
    expect(tf.memory().numTensors).toBe(before);

    const spec = getPreset('tiny')!.spec;
    const model = buildModel(spec);
    const direct = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      await gradientAscent(model, { layerIndex: 0, units: [i % 8], steps: 2 });
      await saliencyMap(model, spec, image);
      await gradCam(model, spec, image, i % 10);
    }
    expect(tf.memory().numTensors).toBe(direct);
    model.dispose();
  }, 120_000);
});

describe('a climb whose model goes away', () => {
  it('answers no-model when a new run replaces the model mid-climb, and the new model can be climbed', async () => {
    const running = ask({ type: 'lookFor', requestId: requestId++, jobId: 5000, layerIndex: 0, units: [0], start: { kind: 'noise' }, steps: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const spec = getPreset('tiny')!.spec;
    spec.training = { ...spec.training, batchSize: 32, epochs: 1 };
    await session.handle({ type: 'train', runId: 2, spec, dataset: 'mnist', options: { trainLimit: 64, validationSplit: 0, testLimit: 64 } });
    await session.idle();
    const error = answer(await running, 'error');
    expect(error.kind).toBe('no-model');
    expect(error.message).toMatch(/The model changed/);
    const again = answer(await ask({ type: 'lookFor', requestId: requestId++, jobId: 5001, layerIndex: 0, units: [0], start: { kind: 'noise' }, steps: 4 }), 'lookedFor');
    expect(again.step).toBe(4);
  }, 60_000);
});
