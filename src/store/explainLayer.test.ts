/**
 * "Explain this layer" against the engine itself: a network built by the engine from a spec runs on
 * a real MNIST test digit through the engine's ActivationProbe, and the explorer setup built from
 * that answer must reproduce the layer's output channel, number for number.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeExplorer } from '../engine/explorer/compute';
import { validateSetup } from '../engine/explorer/setup';
import { ActivationProbe } from '../engine/inspect/activations';
import { readKernels } from '../engine/inspect/filters';
import { loadDatasetFromDisk } from '../engine/node/datasetSource';
import type { KernelWeights, LayerActivation } from '../engine/protocol';
import { buildModel } from '../engine/spec/build';
import { getPreset } from '../engine/spec/presets';
import { fitSpecToDataset } from '../engine/data/fitSpec';
import type { ModelSpec } from '../engine/spec/types';
import { explainSetupFor } from './explainLayer';

function testSpec(): ModelSpec {
  const base = getPreset('tiny')!.spec;
  return {
    ...base,
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: [5, 5], strides: [1, 1], padding: 'same', activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform', biasInit: 0.05 },
      { type: 'maxPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
      { type: 'conv2d', filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'valid', activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform', biasInit: 0.05 },
      { type: 'avgPool2d', poolSize: [2, 2], strides: [1, 1], padding: 'same' },
      { type: 'flatten' },
      { type: 'dense', units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' },
    ],
  };
}

let spec: ModelSpec;
let image: Float32Array;
let layers: LayerActivation[];
let kernels: KernelWeights[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const mnist = await loadDatasetFromDisk('mnist');
  image = Float32Array.from(mnist.test.images.subarray(0, 784), (v) => v / 255);
  spec = testSpec();
  const model = buildModel(spec);
  const probe = new ActivationProbe(model, true);
  layers = (await probe.run(image)).layers;
  kernels = await readKernels(model);
  model.dispose();
});

function channelOf(layer: LayerActivation, c: number): Float32Array {
  const depth = layer.shape[layer.shape.length - 1];
  return Float32Array.from({ length: layer.data.length / depth }, (_, i) => layer.data[i * depth + c]);
}

function worstDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('explainSetupFor on the engine’s own activations', () => {
  const cases: { index: number; channel: number; outChannel: number; compare: number }[] = [
    { index: 0, channel: 0, outChannel: 2, compare: 2 },
    { index: 1, channel: 3, outChannel: 0, compare: 3 },
    { index: 2, channel: 1, outChannel: 1, compare: 1 },
    { index: 3, channel: 2, outChannel: 0, compare: 2 },
  ];
  for (const { index, channel, outChannel, compare } of cases) {
    it(`layer ${index + 1} (${['conv 5×5 same', 'max-pool 2', 'conv 3×3 stride 2 valid', 'avg-pool 2 same'][index]}) equals the engine's output channel ${compare}`, () => {
      const result = explainSetupFor({ spec, index, activations: { input: image, layers }, kernels, image, channel, outChannel });
      if ('error' in result) throw new Error(result.error);
      expect(result.notice).toBeNull();
      expect(validateSetup(result.setup)).toEqual([]);
      const layer = spec.layers[index];
      if (layer.type === 'conv2d') expect([result.setup.kernelHeight, result.setup.strides[0], result.setup.padding]).toEqual([layer.kernelSize[0], layer.strides[0], layer.padding]);
      const output = computeExplorer(result.setup).output;
      const expected = channelOf(layers[index], compare);
      expect(expected.some((v) => Math.abs(v) > 0.01)).toBe(true);
      expect(worstDifference(output, expected)).toBeLessThan(1e-4);
    });
  }

  it('falls back to the layer sizes over the image, with a notice, without a model', () => {
    const result = explainSetupFor({ spec, index: 2, activations: null, kernels: null, image });
    if ('error' in result) throw new Error(result.error);
    expect(result.notice).toMatch(/no trained model/i);
    expect(validateSetup(result.setup)).toEqual([]);
    expect([result.setup.inputHeight, result.setup.inputWidth, result.setup.kernelHeight, result.setup.strides[0]]).toEqual([14, 14, 3, 2]);
  });

  it('refuses activations of a different network and says why', () => {
    const edited: ModelSpec = { ...spec, layers: [spec.layers[1], ...spec.layers.slice(1)] };
    const result = explainSetupFor({ spec: edited, index: 1, activations: { input: image, layers }, kernels, image });
    if ('error' in result) throw new Error(result.error);
    expect(result.notice).toMatch(/does not match/);
  });

  it('explains why a dense layer or a missing layer cannot be shown', () => {
    const dense = explainSetupFor({ spec, index: 5, activations: null, kernels: null, image });
    expect('error' in dense && dense.error).toMatch(/Dense.*convolution and pooling/);
    const missing = explainSetupFor({ spec, index: 9, activations: null, kernels: null, image });
    expect('error' in missing && missing.error).toMatch(/does not exist/);
  });
});

describe('explainSetupFor on a CIFAR-10 photo (32×32×3)', () => {
  it("stacks the photo's red, green and blue channels under the first conv and equals the engine's output", async () => {
    const cifar = await loadDatasetFromDisk('cifar-10', 0);
    const photo = Float32Array.from(cifar.test.images.subarray(0, 3072), (v) => v / 255);
    const colourSpec = fitSpecToDataset(testSpec(), 'cifar-10').spec;
    expect(colourSpec.inputShape).toEqual([32, 32, 3]);
    const model = buildModel(colourSpec);
    const probe = new ActivationProbe(model, true);
    const run = await probe.run(photo);
    const weights = await readKernels(model);
    model.dispose();
    const result = explainSetupFor({ spec: colourSpec, index: 0, activations: { input: photo, layers: run.layers }, kernels: weights, image: photo, channel: 2, outChannel: 1 });
    if ('error' in result) throw new Error(result.error);
    expect([result.setup.inputHeight, result.setup.inputWidth, result.setup.inChannels, result.setup.focusChannel]).toEqual([32, 32, 3, 2]);
    expect(result.setup.input).toEqual(Array.from(photo));
    expect(worstDifference(computeExplorer(result.setup).output, channelOf(run.layers[0], 1))).toBeLessThan(1e-4);
    // Without a model it still shows the real photo with its three channels.
    const fallback = explainSetupFor({ spec: colourSpec, index: 0, activations: null, kernels: null, image: photo });
    if ('error' in fallback) throw new Error(fallback.error);
    expect(fallback.setup.inChannels).toBe(3);
    expect(fallback.setup.input).toEqual(Array.from(photo));
    expect(fallback.notice).toMatch(/over a test image with a random filter/);
    expect(validateSetup(fallback.setup)).toEqual([]);
  });
});
