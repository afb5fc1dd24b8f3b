/**
 * Every kernel the wasm training path registers, checked against the tfjs `cpu` backend on
 * random inputs of randomised shapes (seeded, so a failure names a reproducible case).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, type Random } from '../train/prng';
import { filterGradImplicitFits } from './convImplicit';
import { geometryOf, imagesPerChunk } from './im2col';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNEL_NAMES } from './wasmTrainingKernels';

/** Largest |wasm − cpu| relative to the largest |cpu| value of the tensor. */
const TOLERANCE = 1e-4;

beforeAll(async () => {
  registerWasmTrainingKernels();
  registerWasmTrainingKernels(); // idempotent
  expect(await tf.setBackend('wasm')).toBe(true);
});

interface KernelCase {
  name: string;
  /** Input name → [shape, values]. */
  inputs: Record<string, { shape: number[]; values: Float32Array }>;
  attrs: tf.NamedAttrMap;
  label: string;
}

function randomValues(random: Random, size: number, integers = false): Float32Array {
  // Small integers make ties (max pooling) likely; floats make them practically impossible.
  return Float32Array.from({ length: size }, () => (integers ? Math.floor(random() * 3) : random() * 2 - 1));
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Runs one kernel on a backend with fresh tensors and returns its output values and shape. */
async function runOn(backend: string, c: KernelCase): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backend);
  const tensors: tf.NamedTensorMap = {};
  for (const [key, { shape, values }] of Object.entries(c.inputs)) tensors[key] = tf.tensor(values, shape);
  const out = tf.engine().runKernel(c.name, tensors, c.attrs) as tf.Tensor;
  const result = { shape: out.shape, values: (await out.data()) as Float32Array };
  out.dispose();
  for (const t of Object.values(tensors)) t.dispose();
  return result;
}

/** Relative error of `actual` against `expected` (0 when both are all zeros). */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

async function expectParity(c: KernelCase): Promise<void> {
  const expected = await runOn('cpu', c);
  const actual = await runOn('wasm', c);
  expect(actual.shape, c.label).toEqual(expected.shape);
  expect(actual.values.length, c.label).toBe(expected.values.length);
  expect(Number.isFinite(relativeError(actual.values, expected.values)), c.label).toBe(true);
  expect(relativeError(actual.values, expected.values), c.label).toBeLessThan(TOLERANCE);
  await tf.setBackend('wasm');
}

const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

type ConvPad = 'same' | 'valid' | number;

/** A random conv geometry that tfjs accepts: [x shape, filter shape, strides, pad]. */
function randomConv(random: Random, inChannels?: number) {
  const n = int(random, 1, 3);
  const fh = int(random, 1, 5);
  const fw = int(random, 1, 5);
  const h = int(random, fh, 12);
  const w = int(random, fw, 12);
  const c = inChannels ?? int(random, 1, 6);
  const outC = int(random, 1, 7);
  const strides: [number, number] = [int(random, 1, 3), int(random, 1, 3)];
  const choice = random();
  // Numeric (explicit symmetric) padding only with stride 1, where no rounding mode is involved.
  const pad: ConvPad =
    choice < 0.4 ? 'same' : choice < 0.8 || strides[0] > 1 || strides[1] > 1 ? 'valid' : int(random, 0, 2);
  return { x: [n, h, w, c], filter: [fh, fw, c, outC], strides, pad };
}

function convOutShape(x: number[], filter: number[], strides: [number, number], pad: ConvPad): number[] {
  const info = tf.backend_util.computeConv2DInfo(
    x as [number, number, number, number],
    filter as [number, number, number, number],
    strides,
    1,
    pad,
  );
  return info.outShape;
}

/** How many patch-matrix chunks the kernels split this convolution's batch into. */
function chunksOf(x: number[], filter: number[], strides: [number, number], pad: ConvPad): number {
  const info = tf.backend_util.computeConv2DInfo(
    x as [number, number, number, number],
    filter as [number, number, number, number],
    strides,
    1,
    pad,
  );
  return Math.ceil(x[0] / imagesPerChunk(geometryOf(info)));
}

describe('MaxPool and Relu on wasm (native, split across the pool) match cpu', () => {
  const random = mulberry32(2027);
  const cases = Array.from({ length: 24 }, () => {
    const filterSize: [number, number] = [int(random, 1, 3), int(random, 1, 3)];
    const strides: [number, number] = [int(random, 1, 3), int(random, 1, 3)];
    // Multiples of 4 channels take the native kernel; the others stay on XNNPACK.
    const c = random() < 0.75 ? 4 * int(random, 1, 9) : int(random, 1, 7);
    const x = [int(random, 1, 4), int(random, filterSize[0], 13), int(random, filterSize[1], 13), c];
    return { x, filterSize, strides, pad: random() < 0.5 ? 'same' : 'valid' };
  });
  it.each(cases.map((c, i) => [i, c] as const))('MaxPool case %i', async (_i, c) => {
    await expectParity({
      name: 'MaxPool',
      inputs: { x: { shape: c.x, values: randomValues(random, size(c.x), true) } },
      attrs: { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
      label: JSON.stringify(c),
    });
  });
  it.each([[7], [64, 28, 28, 32], [3, 5, 2]])('Relu of %j', async (...shape) => {
    await expectParity({ name: 'Relu', inputs: { x: { shape, values: randomValues(random, size(shape)) } }, attrs: {}, label: String(shape) });
  });
});

describe('registerWasmTrainingKernels', () => {
  it('puts every training kernel on the wasm backend', () => {
    for (const name of WASM_TRAINING_KERNEL_NAMES) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });
});

/** Conv2DBackpropFilter of random x and dy for geometry `c`, on wasm against cpu. */
async function filterGradParity(random: Random, c: ReturnType<typeof randomConv>): Promise<void> {
  const dyShape = convOutShape(c.x, c.filter, c.strides, c.pad);
  await expectParity({
    name: 'Conv2DBackpropFilter',
    inputs: {
      x: { shape: c.x, values: randomValues(random, size(c.x)) },
      dy: { shape: dyShape, values: randomValues(random, size(dyShape)) },
    },
    attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
    label: JSON.stringify(c),
  });
}

describe('Conv2DBackpropFilter on wasm matches cpu', () => {
  const random = mulberry32(1234);

  it('stays correct when its own temporaries make the wasm heap grow', async () => {
    const memory = () =>
      (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm.asm.memory;
    const before = memory().buffer.byteLength;
    // One image's patch matrix is 4,096 × 1,296 floats (21 MB): more than the whole initial heap.
    const x = [1, 64, 64, 16];
    const dy = [1, 64, 64, 2];
    await expectParity({
      name: 'Conv2DBackpropFilter',
      inputs: {
        x: { shape: x, values: randomValues(random, size(x)) },
        dy: { shape: dy, values: randomValues(random, size(dy)) },
      },
      attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [9, 9, 16, 2] },
      label: 'heap growth',
    });
    expect(memory().buffer.byteLength).toBeGreaterThan(before);
  });

  const cases = Array.from({ length: 40 }, (_, i) => randomConv(random, i % 4 === 0 ? 1 : undefined));
  it.each(cases.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    await filterGradParity(random, c);
  });

  // Shapes big enough that the kernels split the batch into several patch-matrix chunks.
  const chunked = [
    { x: [4, 10, 10, 64], filter: [5, 5, 64, 8], strides: [1, 1] as [number, number], pad: 'same' as const },
    { x: [5, 32, 32, 1], filter: [12, 12, 1, 4], strides: [1, 1] as [number, number], pad: 'same' as const },
    { x: [3, 32, 32, 16], filter: [9, 9, 16, 4], strides: [2, 2] as [number, number], pad: 'same' as const },
    // 7 output channels: not the implicit route, so the chunked patch route keeps a many-channel case.
    { x: [4, 10, 10, 63], filter: [5, 5, 63, 7], strides: [1, 1] as [number, number], pad: 'same' as const },
  ];
  it.each(chunked.map((c) => [c.x.join('×'), c] as const))(
    'matches when the batch is chunked: x %s',
    async (_s, c) => {
      expect(chunksOf(c.x, c.filter, c.strides, c.pad)).toBeGreaterThan(1);
      await filterGradParity(random, c);
      const dyShape = convOutShape(c.x, c.filter, c.strides, c.pad);
      await expectParity({
        name: 'Conv2DBackpropInput',
        inputs: {
          dy: { shape: dyShape, values: randomValues(random, size(dyShape)) },
          filter: { shape: c.filter, values: randomValues(random, size(c.filter)) },
        },
        attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
        label: JSON.stringify(c),
      });
    },
  );

  // One input channel takes the native colsTxDy route: 16-channel groups, a 4-channel group and single
  // channels (37 = 2·16 + 4 + 1), over position blocks of 128 with a short last block (3·19·21 = 1,197).
  it.each([
    [[3, 19, 21, 1], [3, 3, 1, 37], 'same'],
    [[2, 28, 28, 1], [5, 5, 1, 32], 'valid'],
  ] as const)('single channel x %j, filter %j, %s', async (x, filter, pad) => {
    const dyShape = convOutShape([...x], [...filter], [1, 1], pad);
    await expectParity({
      name: 'Conv2DBackpropFilter',
      inputs: {
        x: { shape: [...x], values: randomValues(random, size([...x])) },
        dy: { shape: dyShape, values: randomValues(random, size(dyShape)) },
      },
      attrs: { strides: [1, 1], pad, dataFormat: 'NHWC', filterShape: [...filter] },
      label: `single channel ${x.join('×')} → ${filter.join('×')}`,
    });
  });

  // Shapes the implicit route (convImplicit.ts filterGradImplicitly) takes: outC a multiple of 4 and a
  // filter row of fw·inC a multiple of 8, with every stride, padding and batch size it meets.
  const implicit = Array.from({ length: 16 }, (_, i) => {
    const [fw, inC] = ([[1, 8], [2, 4], [3, 8], [4, 2], [5, 32], [3, 16], [2, 12], [1, 24]] as const)[i % 8];
    const fh = int(random, 1, 5);
    const strides: [number, number] = i < 8 ? [1, 1] : [int(random, 1, 3), int(random, 1, 3)];
    const pad: ConvPad = i % 3 === 0 ? 'valid' : i % 3 === 1 || i >= 8 ? 'same' : int(random, 0, 2);
    return {
      x: [int(random, 1, 3), int(random, fh, 11), int(random, fw, 11), inC],
      filter: [fh, fw, inC, 4 * int(random, 1, 5)],
      strides,
      pad,
    };
  });
  it.each(implicit.map((c, i) => [i, c] as const))('implicit route, case %i', async (_i, c) => {
    expect(filterGradImplicitFits(geometryOf(tf.backend_util.computeConv2DInfo(
      c.x as [number, number, number, number], c.filter as [number, number, number, number], c.strides, 1, c.pad,
    )))).toBe(true);
    await filterGradParity(random, c);
  });

  it('refuses NCHW with a message that says what to use', () => {
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 4, 4, 3]);
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] },
        ),
    ).toThrow(/NHWC/);
    x.dispose();
    dy.dispose();
  });
});

describe('Conv2DBackpropInput on wasm matches cpu', () => {
  const random = mulberry32(99);
  const cases = Array.from({ length: 40 }, () => randomConv(random));
  it.each(cases.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    const dyShape = convOutShape(c.x, c.filter, c.strides, c.pad);
    await expectParity({
      name: 'Conv2DBackpropInput',
      inputs: {
        dy: { shape: dyShape, values: randomValues(random, size(dyShape)) },
        filter: { shape: c.filter, values: randomValues(random, size(c.filter)) },
      },
      attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
      label: JSON.stringify(c),
    });
  });
});

describe('BatchMatMul on wasm matches cpu', () => {
  const random = mulberry32(7);
  const cases = Array.from({ length: 24 }, (_, i) => {
    const m = int(random, 1, 40);
    const k = int(random, 1, 40);
    const n = int(random, 1, 40);
    const transposeA = i % 2 === 1;
    const transposeB = i % 4 >= 2;
    // Rank 2, rank 3 with batch 1 (the fast path) and rank 3 with batch 3 (the backend's own loop).
    const batch = i % 3 === 0 ? [] : i % 3 === 1 ? [1] : [3];
    return {
      a: [...batch, ...(transposeA ? [k, m] : [m, k])],
      b: [...batch, ...(transposeB ? [n, k] : [k, n])],
      transposeA,
      transposeB,
    };
  });
  it.each(cases.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    await expectParity({
      name: 'BatchMatMul',
      inputs: {
        a: { shape: c.a, values: randomValues(random, size(c.a)) },
        b: { shape: c.b, values: randomValues(random, size(c.b)) },
      },
      attrs: { transposeA: c.transposeA, transposeB: c.transposeB },
      label: JSON.stringify(c),
    });
  });
});

describe('BatchMatMul a·bᵀ with fewer rows than columns (computed as (b·aᵀ)ᵀ)', () => {
  const random = mulberry32(8);
  it.each([
    [[6, 33], [70, 33]],
    [[1, 4, 19], [1, 23, 19]],
    [[1, 50], [51, 50]],
  ])('a %j, b %j', async (a, b) => {
    await expectParity({
      name: 'BatchMatMul',
      inputs: {
        a: { shape: a, values: randomValues(random, size(a)) },
        b: { shape: b, values: randomValues(random, size(b)) },
      },
      attrs: { transposeA: false, transposeB: true },
      label: `${a} · (${b})ᵀ`,
    });
  });
});

interface PoolCase {
  x: number[];
  filterSize: [number, number];
  strides: [number, number];
  pad: string;
  ties: boolean;
}

/** MaxPoolGrad of random (tied, when asked) inputs and gradients on wasm against cpu. */
async function poolGradParity(random: () => number, c: PoolCase): Promise<void> {
  const xValues = randomValues(random, size(c.x), c.ties);
  const x = tf.tensor4d(xValues, c.x as [number, number, number, number]);
  const y = tf.maxPool(x, c.filterSize, c.strides, c.pad as 'same' | 'valid');
  const yValues = (await y.data()) as Float32Array;
  const yShape = y.shape;
  tf.dispose([x, y]);
  await expectParity({
    name: 'MaxPoolGrad',
    inputs: {
      dy: { shape: yShape, values: randomValues(random, size(yShape)) },
      input: { shape: c.x, values: xValues },
      output: { shape: yShape, values: yValues },
    },
    attrs: { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
    label: JSON.stringify(c),
  });
}

describe('MaxPoolGrad on wasm matches cpu', () => {
  const random = mulberry32(2024);
  const cases: PoolCase[] = Array.from({ length: 30 }, (_, i) => {
    const filterSize: [number, number] = [int(random, 1, 3), int(random, 1, 3)];
    const strides: [number, number] = [int(random, 1, 3), int(random, 1, 3)];
    const x = [
      int(random, 1, 3),
      int(random, filterSize[0], 11),
      int(random, filterSize[1], 11),
      // 1 to 14 channels: the native kernel's four-channel SIMD blocks plus its one-by-one tail.
      int(random, 1, 14),
    ];
    return { x, filterSize, strides, pad: random() < 0.5 ? 'same' : 'valid', ties: i % 3 === 0 };
  });
  it.each(cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => poolGradParity(random, c));

  // The native kernel's write-once route, where the windows tile the input (window = stride): odd
  // sizes ('valid' leaves a row and column no window sees; 'same' clips the last windows), ties in
  // every other case; every third a 2×2 window (unrolled in the kernel), the others any up to 3×3.
  const tiling = mulberry32(77);
  const tiled: PoolCase[] = Array.from({ length: 18 }, (_, i) => {
    const window: [number, number] = i % 3 === 0 ? [2, 2] : [int(tiling, 1, 3), int(tiling, 1, 3)];
    const x = [int(tiling, 1, 3), int(tiling, window[0], 13), int(tiling, window[1], 13), int(tiling, 1, 14)];
    return { x, filterSize: window, strides: window, pad: i % 4 < 2 ? 'same' : 'valid', ties: i % 2 === 0 };
  });
  it.each(tiled.map((c, i) => [i, c] as const))('tiling windows, case %i', (_i, c) => poolGradParity(tiling, c));
});

describe('Sum on wasm matches cpu', () => {
  const random = mulberry32(31);
  const cases = Array.from({ length: 24 }, (_, i) => {
    const rank = int(random, 1, 4);
    const shape = Array.from({ length: rank }, () => int(random, 1, 9));
    // Leading axes (the fast route) most of the time, any other set of axes otherwise.
    const leading = int(random, 1, rank);
    const axis = i % 3 === 2 ? [rank - 1] : Array.from({ length: leading }, (_, a) => a);
    return { shape, axis: i % 5 === 4 ? axis.reverse() : axis, keepDims: i % 2 === 0 };
  });
  it.each(cases.map((c, i) => [i, c] as const))('case %i', async (_i, c) => {
    await expectParity({
      name: 'Sum',
      inputs: { x: { shape: c.shape, values: randomValues(random, size(c.shape)) } },
      attrs: { axis: c.axis, keepDims: c.keepDims },
      label: JSON.stringify(c),
    });
  });

  it('sums a bias gradient of 64×28×28×32 as accurately as cpu', async () => {
    const shape = [64, 28, 28, 32];
    await expectParity({
      name: 'Sum',
      inputs: { x: { shape, values: randomValues(random, size(shape)) } },
      attrs: { axis: [0, 1, 2], keepDims: false },
      label: 'bias gradient',
    });
  });

  it.each([
    { shape: [3136, 1000], axis: [0, 1], keepDims: false },
    { shape: [5, 7, 3], axis: [2, 0, 1], keepDims: true },
    { shape: [3, 3, 32, 64], axis: undefined, keepDims: false },
  ])('sums every element of $shape (the divergence check of a gradient) as accurately as cpu', async (c) => {
    await expectParity({
      name: 'Sum',
      inputs: { x: { shape: c.shape, values: randomValues(random, size(c.shape)) } },
      attrs: { axis: c.axis ?? c.shape.map((_, a) => a), keepDims: c.keepDims },
      label: JSON.stringify(c),
    });
  });
});

describe('wasm training kernels free what they allocate', () => {
  it('leaves no intermediate buffers behind on the wasm heap', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.randomNormal([4, 10, 10, 3]);
    const x1 = tf.randomNormal([4, 10, 10, 1]);
    const x8 = tf.randomNormal([4, 10, 10, 8]); // the implicit filter gradient (pads, then a scratch)
    const dy8 = tf.randomNormal([4, 10, 10, 8]);
    const filter = tf.randomNormal([3, 3, 3, 5]);
    const dy = tf.randomNormal([4, 5, 5, 5]);
    const dySame = tf.randomNormal([4, 10, 10, 5]);
    const flat = tf.reshape(x, [40, 30]);
    const before = backend.numDataIds();
    for (let i = 0; i < 3; i++) {
      const outs = [
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x, dy },
            { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 5] },
          ),
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: x8, dy: dy8 },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 8, 8] },
          ),
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: x1, dy: dySame },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 1, 5] },
          ),
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy, filter },
            { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [4, 10, 10, 3] },
          ),
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropInput',
            { dy: dySame, filter },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [4, 10, 10, 3] },
          ),
        tf.engine().runKernel('BatchMatMul', { a: flat, b: flat }, { transposeA: true, transposeB: false }),
        tf.engine().runKernel('Sum', { x }, { axis: [0, 1, 2], keepDims: false }),
        tf
          .engine()
          .runKernel(
            'MaxPoolGrad',
            { dy: dySame, input: dySame, output: dySame },
            { filterSize: 1, strides: 1, pad: 'valid' },
          ),
      ] as tf.Tensor[];
      expect(backend.numDataIds()).toBe(before + outs.length);
      tf.dispose(outs);
      expect(backend.numDataIds()).toBe(before);
    }
    tf.dispose([x, x1, x8, dy8, filter, dy, dySame, flat]);
  });
});
