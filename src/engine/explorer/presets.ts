/**
 * Presets that teach: the worked examples of the seed articles and classic image kernels on a real
 * (or synthetic) digit. Each preset is a complete ExplorerSetup plus one sentence on what to look at.
 */
import { IMAGE_KERNELS, SAMPLE_SIDE, imageToValues, syntheticDigit, type SampleImage } from './imageKernels';
import type { ExplorerSetup } from './setup';
import { computeExplorer } from './compute';

export interface ExplorerPreset {
  id: string;
  title: string;
  /** What the preset shows, in one or two sentences. */
  teaches: string;
  /** True when the output is best looked at as an image (feature map of a digit). */
  showsImage: boolean;
  build(image?: SampleImage): ExplorerSetup;
}

type Grid = number[][];

/** A single-channel setup from row-major grids; conv when a kernel is given, else the named pool. */
function fromGrids(
  input: Grid,
  opts: Partial<ExplorerSetup> & { kernelGrid?: Grid; pool?: [number, number] },
): ExplorerSetup {
  const { kernelGrid, pool, ...rest } = opts;
  const kh = kernelGrid ? kernelGrid.length : (pool?.[0] ?? 2);
  const kw = kernelGrid ? kernelGrid[0].length : (pool?.[1] ?? 2);
  const op = rest.op ?? (kernelGrid ? 'conv' : 'maxPool');
  return {
    op,
    inputHeight: input.length,
    inputWidth: input[0].length,
    inChannels: 1,
    kernelHeight: kh,
    kernelWidth: kw,
    strides: [1, 1],
    padding: 'valid',
    dilation: [1, 1],
    outChannels: 1,
    input: input.flat(),
    kernel: op === 'conv' && kernelGrid ? kernelGrid.flat() : [],
    bias: op === 'conv' ? [0] : [],
    activation: 'linear',
    focusChannel: 0,
    focusOutChannel: 0,
    ...rest,
  };
}

/** A 5×5 grid of small whole numbers, the kind the textbook figures use. */
const SMALL_5X5: Grid = [
  [3, 3, 2, 1, 0],
  [0, 0, 1, 3, 1],
  [3, 1, 2, 2, 3],
  [2, 0, 0, 2, 2],
  [2, 0, 0, 0, 1],
];
const SMALL_3X3_KERNEL: Grid = [
  [0, 1, 2],
  [2, 2, 0],
  [0, 1, 2],
];
const SMALL_7X7: Grid = [
  [1, 0, 2, 1, 0, 2, 1],
  [0, 1, 1, 0, 2, 1, 0],
  [2, 1, 0, 1, 1, 0, 2],
  [1, 2, 1, 0, 0, 1, 1],
  [0, 1, 2, 2, 1, 0, 0],
  [1, 0, 1, 2, 0, 1, 2],
  [2, 1, 0, 1, 2, 0, 1],
];

/** The seed's 2×2 filter of 0.5s: the first two windows read (2.0, 3.0 / 2.0, 1.5) and (3.0, 0.0 / 1.5, 0.5). */
const HALVES_INPUT: Grid = [
  [2.0, 3.0, 0.0, 1.0, 2.5],
  [2.0, 1.5, 0.5, 3.0, 1.0],
  [0.5, 1.0, 2.0, 0.0, 1.5],
  [1.0, 0.0, 2.5, 1.0, 0.5],
  [3.0, 1.5, 0.0, 2.0, 1.0],
];

/** The seed's binary image for the [[1,0,1],[0,1,0],[1,0,1]] filter. */
const BINARY_5X5: Grid = [
  [1, 1, 1, 0, 0],
  [0, 1, 1, 1, 0],
  [0, 0, 1, 1, 1],
  [0, 0, 1, 1, 0],
  [0, 1, 1, 0, 0],
];
const X_KERNEL: Grid = [
  [1, 0, 1],
  [0, 1, 0],
  [1, 0, 1],
];

/** Its windows are the seed's [[1,1],[5,6]] → 6, [[2,4],[7,8]] → 8, [[3,2],[1,2]] → 3, [[1,0],[3,4]] → 4. */
const POOL_4X4: Grid = [
  [1, 1, 2, 4],
  [5, 6, 7, 8],
  [3, 2, 1, 0],
  [1, 2, 3, 4],
];

/** Non-negative, as after a relu: the padding zeros can never beat a real value. */
const RELU_5X5: Grid = [
  [0.0, 1.2, 0.0, 0.4, 2.1],
  [0.7, 0.0, 0.3, 0.0, 0.0],
  [0.0, 2.4, 0.0, 1.1, 0.6],
  [0.9, 0.0, 0.0, 0.0, 0.2],
  [0.0, 0.5, 1.8, 0.0, 0.3],
];

function digitValues(image?: SampleImage): { values: number[]; label: string } {
  const img = image ?? syntheticDigit();
  return { values: imageToValues(img), label: img.label };
}

const seedPresets: ExplorerPreset[] = [
  {
    id: 'valid-5x5',
    title: '5×5 input, 3×3 filter → 3×3',
    teaches: 'Without padding a 3×3 window fits in 3 places per row: (5 − 3 + 2·0) / 1 + 1 = 3.',
    showsImage: false,
    build: () => fromGrids(SMALL_5X5, { kernelGrid: SMALL_3X3_KERNEL, label: '5×5 input, 3×3 filter, stride 1, no padding' }),
  },
  {
    id: 'padded-7x7',
    title: 'Zero-padded to 7×7 → 5×5',
    teaches: 'One ring of zeros makes the input 7×7; the output keeps the input size 5×5: (5 − 3 + 2·1) / 1 + 1 = 5.',
    showsImage: false,
    build: () => fromGrids(SMALL_5X5, { kernelGrid: SMALL_3X3_KERNEL, padding: 1, label: '5×5 input, padding 1, 3×3 filter' }),
  },
  {
    id: 'stride-1',
    title: 'Stride 1: 7×7 → 5×5',
    teaches: 'The window moves one cell at a time, so neighbouring windows overlap by two columns.',
    showsImage: false,
    build: () => fromGrids(SMALL_7X7, { kernelGrid: SMALL_3X3_KERNEL, label: '7×7 input, 3×3 filter, stride 1' }),
  },
  {
    id: 'stride-2',
    title: 'Stride 2: 7×7 → 3×3',
    teaches: 'Jumping two cells at a time down-samples: (7 − 3) / 2 + 1 = 3. Try stride 3: 4 / 3 is not whole, and the last row and column are never reached.',
    showsImage: false,
    build: () => fromGrids(SMALL_7X7, { kernelGrid: SMALL_3X3_KERNEL, strides: [2, 2], label: '7×7 input, 3×3 filter, stride 2' }),
  },
  {
    id: 'halves',
    title: '2×2 filter of 0.5s (4.25, 2.5)',
    teaches: 'The first window gives 0.5·2.0 + 0.5·3.0 + 0.5·2.0 + 0.5·1.5 = 4.25, the next one 2.5: the same four weights everywhere.',
    showsImage: false,
    build: () =>
      fromGrids(HALVES_INPUT, {
        kernelGrid: [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        label: '2×2 filter, every weight 0.5',
      }),
  },
  {
    id: 'binary-x',
    title: '[[1,0,1],[0,1,0],[1,0,1]] over a binary image',
    teaches: 'Each output counts how many of the five "X" positions are 1 in that window; bias 0.',
    showsImage: false,
    build: () => fromGrids(BINARY_5X5, { kernelGrid: X_KERNEL, label: 'X-shaped filter over a binary 5×5 image' }),
  },
  {
    id: 'maxpool-2x2',
    title: '2×2 max-pool, stride 2',
    teaches: 'Each window keeps only its largest value: 4×4 → 2×2 without overlap.',
    showsImage: false,
    build: () => fromGrids(POOL_4X4, { pool: [2, 2], strides: [2, 2], label: '2×2 max pooling, stride 2' }),
  },
  {
    id: 'maxpool-padded',
    title: 'Max-pool a 5×5 after relu, padded → 3×3',
    teaches:
      'SAME padding adds a ring of zeros so 2×2 windows with stride 2 make 3 steps. After a relu no value is negative, so a padding zero is never the one picked.',
    showsImage: false,
    build: () => fromGrids(RELU_5X5, { pool: [2, 2], strides: [2, 2], padding: 'same', label: '2×2 max pooling, stride 2, SAME, input after relu' }),
  },
  {
    id: 'avgpool-2x2',
    title: '2×2 average pool, stride 2',
    teaches: 'The mean of each window; with SAME padding TensorFlow divides by the real cells only.',
    showsImage: false,
    build: () => fromGrids(RELU_5X5, { op: 'avgPool', pool: [2, 2], strides: [2, 2], padding: 'same', label: '2×2 average pooling, stride 2, SAME' }),
  },
  {
    id: 'depth',
    title: 'Depth: 3 input channels, 2 filters',
    teaches: 'Each filter spans all 3 input channels and makes one output channel; 2 filters → 2 output channels.',
    showsImage: false,
    build: () => multiChannelExample(),
  },
  {
    id: 'seed-cnn-conv',
    title: 'Seed CNN 1/3: 28 → 28 (conv 5×5 SAME)',
    teaches: 'SAME padding with stride 1 keeps 28×28: ceil(28 / 1) = 28, with 2 rows of zeros each side. Next: pool 28 → 14, conv 14 → 14, pool 14 → 7.',
    showsImage: true,
    build: (image) => {
      const { values, label } = digitValues(image);
      return digitSetup(values, { kernelHeight: 5, kernelWidth: 5, padding: 'same', kernel: new Array<number>(25).fill(1 / 25), label: `Conv 5×5 SAME over ${label}` });
    },
  },
  {
    id: 'seed-cnn-pool',
    title: 'Seed CNN 2/3: 28 → 14 (max-pool 2, stride 2)',
    teaches: 'SAME pooling with stride 2: ceil(28 / 2) = 14. The second pool takes 14 → ceil(14 / 2) = 7, so 7·7·64 = 3,136 values reach the dense layer.',
    showsImage: true,
    build: (image) => {
      return firstPool(image);
    },
  },
  {
    id: 'seed-cnn-pool-2',
    title: 'Seed CNN 3/3: 14 → 7 (max-pool 2, stride 2)',
    teaches: 'The second pooling halves again: ceil(14 / 2) = 7.',
    showsImage: true,
    build: (image) => {
      // The first pool's real output, so the chain 28 → 14 → 7 runs on the same digit.
      const half = Array.from(computeExplorer(firstPool(image)).output);
      return fromGrids(toGrid(half, 14), { pool: [2, 2], strides: [2, 2], padding: 'same', label: 'Max-pool 2×2 stride 2 over the 14×14 pooled digit' });
    },
  },
];

const kernelPresets: ExplorerPreset[] = IMAGE_KERNELS.map((k) => ({
  id: `image-${k.id}`,
  title: `Image kernel: ${k.title}`,
  teaches: k.explains,
  showsImage: true,
  build: (image?: SampleImage) => {
    const { values, label } = digitValues(image);
    return digitSetup(values, { kernelHeight: 3, kernelWidth: 3, padding: 'same', kernel: k.weights.flat(), label: `${k.title} over ${label}` });
  },
}));

/** Every preset, seed examples first. */
export const EXPLORER_PRESETS: readonly ExplorerPreset[] = [...seedPresets, ...kernelPresets];

/** The preset the explorer opens with: the seed's first example. */
export function defaultSetup(): ExplorerSetup {
  return seedPresets[0].build();
}

function firstPool(image?: SampleImage): ExplorerSetup {
  const { values, label } = digitValues(image);
  return digitSetup(values, { op: 'maxPool', kernelHeight: 2, kernelWidth: 2, strides: [2, 2], padding: 'same', kernel: [], bias: [], label: `Max-pool 2×2 stride 2 over ${label}` });
}

function digitSetup(values: number[], opts: Partial<ExplorerSetup>): ExplorerSetup {
  return {
    op: 'conv',
    inputHeight: SAMPLE_SIDE,
    inputWidth: SAMPLE_SIDE,
    inChannels: 1,
    kernelHeight: 3,
    kernelWidth: 3,
    strides: [1, 1],
    padding: 'same',
    dilation: [1, 1],
    outChannels: 1,
    input: values,
    kernel: [],
    bias: [0],
    activation: 'linear',
    focusChannel: 0,
    focusOutChannel: 0,
    ...opts,
  };
}

function toGrid(values: number[], side: number): Grid {
  return Array.from({ length: side }, (_, y) => values.slice(y * side, (y + 1) * side));
}

/** 5×5×3 input, two 3×3×3 filters, stride 2, padding 1: the classic stacked-depth example. */
function multiChannelExample(): ExplorerSetup {
  const h = 5;
  const w = 5;
  const c = 3;
  const input: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) input.push((y * 5 + x * 2 + ch * 7 + y * x) % 4);
  const kernel: number[] = [];
  for (let ky = 0; ky < 3; ky++)
    for (let kx = 0; kx < 3; kx++)
      for (let ch = 0; ch < c; ch++) for (let o = 0; o < 2; o++) kernel.push(((ky * 5 + kx * 2 + ch * 2 + o * 4) % 3) - 1);
  return {
    op: 'conv',
    inputHeight: h,
    inputWidth: w,
    inChannels: c,
    kernelHeight: 3,
    kernelWidth: 3,
    strides: [2, 2],
    padding: 1,
    dilation: [1, 1],
    outChannels: 2,
    input,
    kernel,
    bias: [1, 0],
    activation: 'linear',
    label: '5×5×3 input, two 3×3×3 filters, stride 2, padding 1',
    focusChannel: 0,
    focusOutChannel: 0,
  };
}
