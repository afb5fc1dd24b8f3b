/**
 * "Explain this layer" on a real image: a small conv → max-pool → conv network built with tfjs
 * layers runs on the first MNIST test digit, and the explorer, fed each layer's real input and real
 * weights through setupFromLayer, must reproduce that layer's output channel number for number.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeExplorer, stepDetail, explorerGeometry } from './compute';
import { setupFromLayer } from './layer';
import { validateSetup } from './setup';

const MNIST_TEST_IMAGES = new URL('../../../../shared/datasets/mnist/t10k-images-idx3-ubyte.gz', import.meta.url);

/** The first test image, scaled to [0, 1], read straight from the gzipped IDX file. */
function firstMnistTestImage(): Float32Array {
  const bytes = gunzipSync(readFileSync(MNIST_TEST_IMAGES));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getUint32(0)).toBe(0x00000803); // IDX magic for unsigned bytes, 3 dimensions
  expect([view.getUint32(8), view.getUint32(12)]).toEqual([28, 28]);
  return Float32Array.from(bytes.subarray(16, 16 + 28 * 28), (v) => v / 255);
}

let image: Float32Array;
let activations: Float32Array[];
let conv1Kernel: Float32Array;
let conv1Bias: Float32Array;
let conv2Kernel: Float32Array;
let conv2Bias: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  image = firstMnistTestImage();
  const input = tf.input({ shape: [28, 28, 1] });
  const conv1 = tf.layers.conv2d({ filters: 4, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 2 }) });
  const pool = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' });
  const conv2 = tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 4 }) });
  const a1 = conv1.apply(input) as tf.SymbolicTensor;
  const a2 = pool.apply(a1) as tf.SymbolicTensor;
  const a3 = conv2.apply(a2) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: [a1, a2, a3] });
  const x = tf.tensor4d(image, [1, 28, 28, 1]);
  const outs = model.predict(x) as tf.Tensor[];
  activations = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
  [conv1Kernel, conv1Bias] = (await Promise.all(conv1.getWeights().map((t) => t.data()))) as Float32Array[];
  [conv2Kernel, conv2Bias] = (await Promise.all(conv2.getWeights().map((t) => t.data()))) as Float32Array[];
  tf.dispose([x, ...outs]);
});

/** Channel `c` of a channels-last activation with `depth` channels. */
function channelOf(a: Float32Array, depth: number, c: number): Float32Array {
  return Float32Array.from({ length: a.length / depth }, (_, i) => a[i * depth + c]);
}

function expectAllClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
}

describe('setupFromLayer reproduces a real network on a real MNIST digit', () => {
  it('the image is a real digit, not blank', () => {
    expect(image.filter((v) => v > 0.5).length).toBeGreaterThan(50);
  });

  it('conv 5×5 same + relu, filter 2: equals the layer output', () => {
    const s = setupFromLayer({ op: 'conv', kernelSize: [5, 5], strides: [1, 1], padding: 'same', input: image, inputShape: [28, 28, 1], kernel: conv1Kernel, bias: conv1Bias, activation: 'relu', channel: 0, outChannel: 2, label: 'conv1' });
    expect(validateSetup(s)).toEqual([]);
    const r = computeExplorer(s);
    expect([r.geometry.outHeight, r.geometry.outWidth]).toEqual([28, 28]);
    expectAllClose(r.output, channelOf(activations[0], 4, 2));
    // Some filter output must be non-zero after relu, or the comparison proves little.
    expect(r.output.some((v) => v > 0.05)).toBe(true);
  });

  it('max-pool 2×2 stride 2 same over channel 1 of the real activations: equals the layer output', () => {
    const s = setupFromLayer({ op: 'maxPool', kernelSize: [2, 2], strides: [2, 2], padding: 'same', input: activations[0], inputShape: [28, 28, 4], channel: 1, outChannel: 0, label: 'pool1' });
    expect(validateSetup(s)).toEqual([]);
    const r = computeExplorer(s);
    expect([r.geometry.outHeight, r.geometry.outWidth]).toEqual([14, 14]);
    expectAllClose(r.output, channelOf(activations[1], 4, 1));
  });

  it('conv 3×3 stride 2 valid over all 4 pooled channels, filter 1: equals the layer output', () => {
    const s = setupFromLayer({ op: 'conv', kernelSize: [3, 3], strides: [2, 2], padding: 'valid', input: activations[1], inputShape: [14, 14, 4], kernel: conv2Kernel, bias: conv2Bias, activation: 'relu', channel: 3, outChannel: 1, label: 'conv2' });
    expect(validateSetup(s)).toEqual([]);
    expect(s.inChannels).toBe(4);
    expect(s.focusChannel).toBe(3);
    const r = computeExplorer(s);
    expect([r.geometry.outHeight, r.geometry.outWidth]).toEqual([6, 6]);
    expectAllClose(r.output, channelOf(activations[2], 3, 1));
    // One step's products really come from all four channels.
    const d = stepDetail(s, explorerGeometry(s), 2, 3, 0);
    expect(new Set(d.terms.map((t) => t.c)).size).toBe(4);
  });

  it('bad arguments give a setup that validation explains, never a throw', () => {
    const noKernel = setupFromLayer({ op: 'conv', kernelSize: [3, 3], strides: [1, 1], padding: 'same', input: image, inputShape: [28, 28, 1], channel: 0, outChannel: 0, label: 'broken' });
    expect(validateSetup(noKernel).join(' ')).toMatch(/kernel holds 0 weights/);
    expect(noKernel.label).toMatch(/no kernel weights/);
    const badChannel = setupFromLayer({ op: 'maxPool', kernelSize: [2, 2], strides: [2, 2], padding: 'valid', input: activations[0], inputShape: [28, 28, 4], channel: 9, outChannel: 0, label: 'pool' });
    expect(validateSetup(badChannel)).toEqual([]);
    expect(badChannel.label).toMatch(/input channel 10 does not exist; showing 4/);
    const shortInput = setupFromLayer({ op: 'maxPool', kernelSize: [2, 2], strides: [2, 2], padding: 'valid', input: new Float32Array(5), inputShape: [28, 28, 1], channel: 0, outChannel: 0, label: 'pool' });
    expect(validateSetup(shortInput).join(' ')).toMatch(/input holds 0 values but 28×28×1 needs 784/);
  });
});
