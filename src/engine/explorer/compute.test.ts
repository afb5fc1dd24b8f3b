/**
 * The explorer's loop-by-loop arithmetic against TensorFlow.js itself, over hundreds of randomised
 * sizes, strides, paddings and dilations. The explorer's numbers are only worth showing if they
 * are exactly what tfjs computes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeExplorer, explorerGeometry, outputsFedBy, stepDetail, windowCells } from './compute';
import { validateSetup, type ExplorerOp, type ExplorerPadding, type ExplorerSetup } from './setup';
import { effectiveKernelSize } from '../spec/arithmetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Small seeded PRNG (mulberry32) so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSetup(op: ExplorerOp, rand: () => number): ExplorerSetup {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const inputHeight = int(1, 13);
  const inputWidth = int(1, 13);
  const kernelHeight = int(1, 5);
  const kernelWidth = int(1, 5);
  const strides: [number, number] = [int(1, 3), int(1, 3)];
  const dilation: [number, number] = rand() < 0.6 ? [1, 1] : [int(1, 3), int(1, 3)];
  const inChannels = int(1, 3);
  const outChannels = op === 'conv' ? int(1, 3) : inChannels;
  const effMin = Math.min(effectiveKernelSize(kernelHeight, dilation[0]), effectiveKernelSize(kernelWidth, dilation[1]));
  const pick = rand();
  const padding: ExplorerPadding = pick < 0.35 ? 'valid' : pick < 0.7 ? 'same' : int(0, effMin - 1);
  // Signed values so that max-pooling can be won by a negative number next to (ignored) padding.
  const values = (n: number) => Array.from({ length: n }, () => Math.round((rand() * 4 - 2) * 100) / 100);
  return {
    op,
    inputHeight,
    inputWidth,
    inChannels,
    kernelHeight,
    kernelWidth,
    strides,
    padding,
    dilation,
    outChannels,
    input: values(inputHeight * inputWidth * inChannels),
    kernel: op === 'conv' ? values(kernelHeight * kernelWidth * inChannels * outChannels) : [],
    bias: op === 'conv' ? values(outChannels) : [],
    activation: rand() < 0.2 ? 'relu' : 'linear',
  };
}

/** Inserts (d − 1) zeros between kernel taps: a dilated kernel as an ordinary one. */
function dilateKernel(s: ExplorerSetup): tf.Tensor4D {
  const eh = effectiveKernelSize(s.kernelHeight, s.dilation[0]);
  const ew = effectiveKernelSize(s.kernelWidth, s.dilation[1]);
  const out = new Float32Array(eh * ew * s.inChannels * s.outChannels);
  for (let ky = 0; ky < s.kernelHeight; ky++)
    for (let kx = 0; kx < s.kernelWidth; kx++)
      for (let c = 0; c < s.inChannels; c++)
        for (let o = 0; o < s.outChannels; o++) {
          const src = ((ky * s.kernelWidth + kx) * s.inChannels + c) * s.outChannels + o;
          const dst = ((ky * s.dilation[0] * ew + kx * s.dilation[1]) * s.inChannels + c) * s.outChannels + o;
          out[dst] = s.kernel[src];
        }
  return tf.tensor4d(out, [eh, ew, s.inChannels, s.outChannels]);
}

/** What TensorFlow.js computes for the same setup, by the most direct route it allows. */
function tfReference(s: ExplorerSetup): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(s.input, [1, s.inputHeight, s.inputWidth, s.inChannels]);
    // tfjs's numeric pad computes the output width with the vertical stride; explicit pairs do not.
    const pad = typeof s.padding === 'number' ? explicitPadding(s.padding, s.padding, s.padding, s.padding) : s.padding;
    const dilated = s.dilation[0] > 1 || s.dilation[1] > 1;
    const strided = s.strides[0] > 1 || s.strides[1] > 1;
    let y: tf.Tensor4D;
    if (s.op === 'conv') {
      // tfjs refuses dilation with stride; a kernel with the zeros written in computes the same thing.
      const w = dilated && strided ? dilateKernel(s) : tf.tensor4d(s.kernel, [s.kernelHeight, s.kernelWidth, s.inChannels, s.outChannels]);
      const dil: [number, number] = dilated && strided ? [1, 1] : s.dilation;
      y = tf.add(tf.conv2d(x, w, s.strides, pad, 'NHWC', dil), tf.tensor1d(s.bias));
    } else {
      const type = s.op === 'maxPool' ? 'max' : 'avg';
      if (!dilated) {
        y = s.op === 'maxPool' ? tf.maxPool(x, [s.kernelHeight, s.kernelWidth], s.strides, pad) : tf.avgPool(x, [s.kernelHeight, s.kernelWidth], s.strides, pad);
      } else if (!strided && s.padding === 'valid') {
        y = tf.pool(x, [s.kernelHeight, s.kernelWidth], type, pad, s.dilation, 1);
      } else {
        y = poolByTaps(s, x);
      }
    }
    if (s.activation === 'relu') y = tf.relu(y);
    return y.dataSync() as Float32Array;
  });
}

/**
 * Dilated pooling reference. tfjs refuses dilation with stride in pooling, its tf.pool mis-sizes
 * explicit padding with dilation, and with 'same' it pads through space-to-batch with zeros that then
 * take part in the max / average — unlike tf.maxPool / tf.avgPool, which ignore padding. The explorer
 * keeps the layers' rule (padding ignored) for every dilation, so this reference slices the padded
 * input once per kernel tap and reduces across taps; it is itself checked against tf.maxPool /
 * tf.avgPool on every undilated case.
 */
function poolByTaps(s: ExplorerSetup, x: tf.Tensor4D): tf.Tensor4D {
  const g = explorerGeometry(s);
  const paddings: Array<[number, number]> = [[0, 0], [g.rows.padBefore, g.rows.padAfter], [g.cols.padBefore, g.cols.padAfter], [0, 0]];
  const taps = (t: tf.Tensor4D): tf.Tensor4D[] => {
    const out: tf.Tensor4D[] = [];
    for (let ky = 0; ky < s.kernelHeight; ky++)
      for (let kx = 0; kx < s.kernelWidth; kx++) {
        const begin = [0, ky * s.dilation[0], kx * s.dilation[1], 0];
        const end = [1, begin[1] + (g.outHeight - 1) * s.strides[0] + 1, begin[2] + (g.outWidth - 1) * s.strides[1] + 1, s.inChannels];
        out.push(tf.stridedSlice(t, begin, end, [1, s.strides[0], s.strides[1], 1]) as tf.Tensor4D);
      }
    return out;
  };
  if (s.op === 'maxPool') {
    return tf.stack(taps(tf.pad(x, paddings, Number.NEGATIVE_INFINITY))).max(0) as tf.Tensor4D;
  }
  const sums = tf.addN(taps(tf.pad(x, paddings, 0)));
  const counts = tf.addN(taps(tf.pad(tf.onesLike(x), paddings, 0)));
  return tf.div(sums, counts);
}

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

function explicitPadding(top: number, bottom: number, left: number, right: number): ExplicitPadding {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

function expectClose(actual: Float32Array, expected: Float32Array, context: string): void {
  expect(actual.length, context).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const tol = 1e-4 * Math.max(1, Math.abs(expected[i]));
    if (Math.abs(actual[i] - expected[i]) > tol) {
      throw new Error(`${context}: index ${i} explorer ${actual[i]} vs tfjs ${expected[i]}`);
    }
  }
}

const CASES: Record<ExplorerOp, number> = { conv: 260, maxPool: 150, avgPool: 150 };

describe.each(Object.keys(CASES) as ExplorerOp[])('%s equals TensorFlow.js on random cases', (op) => {
  it(`matches tfjs on ${CASES[op]} random valid setups`, () => {
    const rand = prng(op.length * 7919 + 17);
    let checked = 0;
    let dilatedAndStrided = 0;
    const paddings = new Set<string>();
    for (let attempt = 0; checked < CASES[op] && attempt < CASES[op] * 20; attempt++) {
      const s = randomSetup(op, rand);
      if (validateSetup(s).length > 0) continue;
      const result = computeExplorer(s);
      const context = `${op} case ${checked}: ${JSON.stringify({ ...s, input: undefined, kernel: undefined, bias: undefined })}`;
      const expected = tfReference(s);
      expectClose(result.output, expected, context);
      if (op !== 'conv' && s.dilation[0] === 1 && s.dilation[1] === 1) {
        const viaTaps = tf.tidy(() => {
          const y = poolByTaps(s, tf.tensor4d(s.input, [1, s.inputHeight, s.inputWidth, s.inChannels]));
          return (s.activation === 'relu' ? tf.relu(y) : y).dataSync() as Float32Array;
        });
        expectClose(viaTaps, expected, `tap reference, ${context}`);
      }
      checked++;
      paddings.add(typeof s.padding);
      if ((s.dilation[0] > 1 || s.dilation[1] > 1) && (s.strides[0] > 1 || s.strides[1] > 1)) dilatedAndStrided++;
    }
    expect(checked).toBe(CASES[op]);
    // The generator must actually reach the interesting corners.
    expect(paddings.size).toBe(2);
    expect(dilatedAndStrided).toBeGreaterThan(5);
    expect(tf.memory().numTensors).toBe(0);
  });
});

describe('window bookkeeping', () => {
  it('outputsFedBy is the exact inverse of windowCells, padding ring included', () => {
    const rand = prng(4242);
    for (let n = 0; n < 60; n++) {
      const s = randomSetup('conv', rand);
      if (validateSetup(s).length > 0) continue;
      const g = explorerGeometry(s);
      const feeds = new Map<string, string[]>();
      for (let oy = 0; oy < g.outHeight; oy++)
        for (let ox = 0; ox < g.outWidth; ox++)
          for (const [y, x] of windowCells(g, s, oy, ox)) {
            const key = `${y},${x}`;
            feeds.set(key, [...(feeds.get(key) ?? []), `${oy},${ox}`]);
          }
      for (let y = -g.rows.padBefore; y < s.inputHeight + g.rows.padAfter; y++)
        for (let x = -g.cols.padBefore; x < s.inputWidth + g.cols.padAfter; x++) {
          const got = outputsFedBy(g, s, y, x).map(([a, b]) => `${a},${b}`).sort();
          expect(got).toEqual((feeds.get(`${y},${x}`) ?? []).sort());
        }
    }
  });

  it('a step detail adds up: Σ products + bias is the output cell', () => {
    const rand = prng(99);
    const s = randomSetup('conv', rand);
    s.padding = 'same';
    s.dilation = [1, 1];
    expect(validateSetup(s)).toEqual([]);
    const g = explorerGeometry(s);
    const d = stepDetail(s, g, 0, 0, 0);
    const sum = d.terms.reduce((acc, t) => acc + (t.product ?? 0), 0);
    expect(d.sum).toBeCloseTo(sum, 10);
    expect(d.preActivation).toBeCloseTo(sum + s.bias[0], 10);
    expect(d.terms).toHaveLength(s.kernelHeight * s.kernelWidth * s.inChannels);
  });
});
