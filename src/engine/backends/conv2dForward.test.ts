/**
 * The wasm convolutions on our kernels (conv2dForward.ts, convImplicit.ts): Conv2D as an implicit product
 * and by convDirect, and Conv2DBackpropInput through the product and the native col2im or, at stride 1,
 * through the implicit product, checked against the tfjs `cpu` backend on random shapes with each route
 * forced on; with the routes off XNNPACK's convolution stays.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, type Random } from '../train/prng';
import { MIN_TAPS, setConvDirectRoute, setConvImplicitRoute } from './conv2dForward';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});
beforeAll(() => {
  setConvDirectRoute(() => false);
  setConvImplicitRoute(() => false);
});
afterAll(() => {
  setConvDirectRoute(() => false);
  setConvImplicitRoute(() => false);
});

const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

function randomConv(random: Random) {
  const fh = int(random, 1, 4);
  const fw = int(random, 1, 4);
  // Enough taps for the patch route (a few cases below it check the fallback).
  const c = int(random, Math.ceil(MIN_TAPS / (fh * fw)), 40);
  const strides: [number, number] = [int(random, 1, 2), int(random, 1, 3)];
  const choice = random();
  const pad = choice < 0.4 ? 'same' : choice < 0.8 || strides[0] > 1 || strides[1] > 1 ? 'valid' : int(random, 0, 2);
  return { x: [int(random, 1, 5), int(random, fh, 11), int(random, fw, 11), c], filter: [fh, fw, c, int(random, 1, 37)], strides, pad } as const;
}

async function on(backend: string, run: () => tf.Tensor): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const out = run();
  const result = { shape: out.shape, values: (await out.data()) as Float32Array };
  out.dispose();
  return result;
}

function expectClose(actual: { shape: number[]; values: Float32Array }, expected: { shape: number[]; values: Float32Array }, label: string) {
  expect(actual.shape, label).toEqual(expected.shape);
  let diff = 0;
  let scale = 0;
  expected.values.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(actual.values[i] - v));
    scale = Math.max(scale, Math.abs(v));
  });
  expect(Number.isFinite(diff), label).toBe(true);
  expect(diff / Math.max(scale, 1e-30), label).toBeLessThan(1e-4);
}

const random = mulberry32(2026);
const cases = Array.from({ length: 30 }, () => randomConv(random));

type ConvCase = { x: readonly number[]; filter: readonly number[]; strides: [number, number]; pad: 'same' | 'valid' | number };

/** tf.conv2d of random x and filter of the case's shapes (fresh seeds per case, the same on every backend). */
function convolution(c: ConvCase): () => tf.Tensor {
  const seeds = [int(random, 0, 1e6), int(random, 0, 1e6)];
  return () =>
    tf.tidy(() => {
      const x = tf.randomUniform(c.x as unknown as [number, number, number, number], -1, 1, 'float32', seeds[0]) as tf.Tensor4D;
      const w = tf.randomUniform(c.filter as unknown as [number, number, number, number], -1, 1, 'float32', seeds[1]) as tf.Tensor4D;
      return tf.conv2d(x, w, c.strides, c.pad as 'same');
    });
}

/** Layers with fewer taps than the implicit route takes: one to three input channels, small filters. */
function fewTapConv(random: Random) {
  const fh = int(random, 1, 5);
  const fw = int(random, 1, 5);
  const c = int(random, 1, Math.max(1, Math.floor((MIN_TAPS - 1) / (fh * fw))));
  const strides: [number, number] = [int(random, 1, 2), int(random, 1, 3)];
  const choice = random();
  const pad = choice < 0.5 ? 'same' : choice < 0.8 || strides[0] > 1 || strides[1] > 1 ? 'valid' : int(random, 0, 2);
  return { x: [int(random, 1, 5), int(random, fh, 30), int(random, fw, 30), c], filter: [fh, fw, c, 32 * int(random, 1, 3)], strides, pad } as const;
}

describe('Conv2D with few taps on wasm through convDirect matches cpu', () => {
  const few = Array.from({ length: 30 }, () => fewTapConv(random));
  it.each(few.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    expect(c.filter[0] * c.filter[1] * c.filter[2]).toBeLessThan(MIN_TAPS);
    const run = convolution(c);
    const expected = await on('cpu', run);
    setConvDirectRoute(() => true);
    const before = tf.memory().numTensors;
    const actual = await on('wasm', run);
    expect(tf.memory().numTensors).toBe(before);
    setConvDirectRoute(() => false);
    expectClose(actual, expected, JSON.stringify(c));
  });
});

/** The input gradient of the case's convolution for a random dy (fresh seeds per case). */
function inputGradient(c: ConvCase): () => tf.Tensor {
  const seeds = [int(random, 0, 1e6), int(random, 0, 1e6)];
  return () =>
    tf.tidy(() => {
      const w = tf.randomUniform(c.filter as unknown as [number, number, number, number], -1, 1, 'float32', seeds[1]) as tf.Tensor4D;
      const outShape = tf.backend_util.computeConv2DInfo(c.x as unknown as [number, number, number, number], c.filter as unknown as [number, number, number, number], c.strides, 1, c.pad as 'same').outShape;
      const dy = tf.randomUniform(outShape, -1, 1, 'float32', seeds[0]) as tf.Tensor4D;
      return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: [...c.x] }) as tf.Tensor;
    });
}

describe('Conv2DBackpropInput on wasm through the product and native col2im matches cpu', () => {
  it.each(cases.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    const run = inputGradient(c);
    const expected = await on('cpu', run);
    const actual = await on('wasm', run);
    expectClose(actual, expected, JSON.stringify(c));
  });
});

describe('the implicit route (convImplicit: no patch matrix) matches cpu', () => {
  it.each(cases.map((c, i) => [i, c] as const))('Conv2D case %i', async (_i, c) => {
    const run = convolution(c);
    const expected = await on('cpu', run);
    setConvImplicitRoute(() => true);
    const before = tf.memory().numTensors;
    const actual = await on('wasm', run);
    expect(tf.memory().numTensors).toBe(before);
    setConvImplicitRoute(() => false);
    expectClose(actual, expected, JSON.stringify(c));
  });
  // Stride-1 input gradients are a convolution of dy with the flipped filter, on this route too.
  it.each(cases.map((c, i) => [i, c] as const))('Conv2DBackpropInput case %i', async (_i, c) => {
    const run = inputGradient(c);
    const expected = await on('cpu', run);
    setConvImplicitRoute(() => true);
    const actual = await on('wasm', run);
    setConvImplicitRoute(() => false);
    expectClose(actual, expected, JSON.stringify(c));
  });
});

describe('the implicit route', () => {
  it('is taken only when wanted and for enough taps, and frees its temporaries', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.randomNormal([3, 9, 9, 8]);
    const wide = tf.randomNormal([3, 3, 8, 5]);
    const narrow = tf.randomNormal([1, 1, 8, 5]);
    const reference = tf.conv2d(x as tf.Tensor4D, wide as tf.Tensor4D, 1, 'same');
    setConvImplicitRoute(() => true);
    const before = backend.numDataIds();
    const viaImplicit = tf.conv2d(x as tf.Tensor4D, wide as tf.Tensor4D, 1, 'same');
    const fallback = tf.conv2d(x as tf.Tensor4D, narrow as tf.Tensor4D, 1, 'same');
    expect(backend.numDataIds()).toBe(before + 2);
    setConvImplicitRoute(() => false);
    // Same products in another order than XNNPACK's convolution: rounding only.
    const a = await viaImplicit.data();
    const b = await reference.data();
    expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-4);
    tf.dispose([x, wide, narrow, reference, viaImplicit, fallback]);
  });
});
