/**
 * The explorer's arithmetic, written out loop by loop so that every number it shows (each product,
 * each sum, the picked maximum) is the number that makes up the output. Unit tests hold the result
 * equal to TensorFlow.js's conv2d / maxPool / avgPool. Sizes come from spec/arithmetic.ts, the
 * same code the model builder uses.
 */
import { axisArithmetic, type AxisArithmetic } from '../spec/arithmetic';
import { inputIndex, kernelIndex, type ExplorerSetup } from './setup';

/** Output geometry of both axes, as the builder computes it. */
export interface ExplorerGeometry {
  rows: AxisArithmetic;
  cols: AxisArithmetic;
  outHeight: number;
  outWidth: number;
}

/** One cell a window covers: a real input value or a padding zero. */
export interface WindowTerm {
  /** Position in unpadded input coordinates; outside [0, H) × [0, W) means padding. */
  y: number;
  x: number;
  c: number;
  ky: number;
  kx: number;
  padding: boolean;
  /** The input value (0 for padding). */
  value: number;
  /** Conv only: the kernel weight and value × weight. */
  weight?: number;
  product?: number;
}

/** Everything that happens at one position of the sliding window. */
export interface StepDetail {
  oy: number;
  ox: number;
  outChannel: number;
  terms: WindowTerm[];
  /** Conv: Σ products; avgPool: Σ of the real values; maxPool: the maximum. */
  sum: number;
  /** Conv only. */
  bias: number;
  /** avgPool: how many real (non-padding) values were averaged, as TensorFlow does. */
  count: number;
  /** maxPool: index into `terms` of the picked maximum (the first one on ties), −1 otherwise. */
  picked: number;
  /** Value before the activation: conv sum + bias, the pooled value for pooling. */
  preActivation: number;
  /** The output cell's value. */
  value: number;
}

export interface ExplorerResult {
  geometry: ExplorerGeometry;
  /** Output values channels-last, [outHeight, outWidth, outChannels] like tfjs. */
  output: Float32Array;
}

/** Output sizes, padding split and unreached rows/columns of a setup. */
export function explorerGeometry(s: ExplorerSetup): ExplorerGeometry {
  const rows = axisArithmetic(s.inputHeight, s.kernelHeight, s.strides[0], s.padding, s.dilation[0]);
  const cols = axisArithmetic(s.inputWidth, s.kernelWidth, s.strides[1], s.padding, s.dilation[1]);
  return { rows, cols, outHeight: Math.max(rows.output, 0), outWidth: Math.max(cols.output, 0) };
}

/** The top-left corner of output (oy, ox)'s window in unpadded input coordinates (may be negative). */
export function windowOrigin(g: ExplorerGeometry, s: ExplorerSetup, oy: number, ox: number): [number, number] {
  return [oy * s.strides[0] - g.rows.padBefore, ox * s.strides[1] - g.cols.padBefore];
}

/** The input positions (padding included) that output (oy, ox) reads, one per kernel tap. */
export function windowCells(g: ExplorerGeometry, s: ExplorerSetup, oy: number, ox: number): Array<[number, number]> {
  const [y0, x0] = windowOrigin(g, s, oy, ox);
  const cells: Array<[number, number]> = [];
  for (let ky = 0; ky < s.kernelHeight; ky++) {
    for (let kx = 0; kx < s.kernelWidth; kx++) cells.push([y0 + ky * s.dilation[0], x0 + kx * s.dilation[1]]);
  }
  return cells;
}

/**
 * Every output position whose window reads input (y, x) — the reverse of `windowCells`.
 * Works for padding positions too, so hovering the ring shows where the zeros go.
 */
export function outputsFedBy(g: ExplorerGeometry, s: ExplorerSetup, y: number, x: number): Array<[number, number]> {
  const along = (pos: number, a: AxisArithmetic, stride: number, dil: number, k: number, outSize: number): number[] => {
    const hits: number[] = [];
    for (let o = 0; o < outSize; o++) {
      const offset = pos - (o * stride - a.padBefore);
      if (offset >= 0 && offset % dil === 0 && offset / dil < k) hits.push(o);
    }
    return hits;
  };
  const ys = along(y, g.rows, s.strides[0], s.dilation[0], s.kernelHeight, g.outHeight);
  const xs = along(x, g.cols, s.strides[1], s.dilation[1], s.kernelWidth, g.outWidth);
  const out: Array<[number, number]> = [];
  for (const oy of ys) for (const ox of xs) out.push([oy, ox]);
  return out;
}

/**
 * The full detail of one window position: the covered cells, the products, their sum and bias,
 * or the picked maximum / average, and the resulting value. The caller must pass a valid setup
 * (see `validateSetup`) and a position inside the output.
 */
export function stepDetail(s: ExplorerSetup, g: ExplorerGeometry, oy: number, ox: number, outChannel: number): StepDetail {
  const [y0, x0] = windowOrigin(g, s, oy, ox);
  const terms: WindowTerm[] = [];
  const channels = s.op === 'conv' ? range(s.inChannels) : [outChannel];
  for (const c of channels) {
    for (let ky = 0; ky < s.kernelHeight; ky++) {
      for (let kx = 0; kx < s.kernelWidth; kx++) {
        const y = y0 + ky * s.dilation[0];
        const x = x0 + kx * s.dilation[1];
        const padding = y < 0 || y >= s.inputHeight || x < 0 || x >= s.inputWidth;
        const value = padding ? 0 : s.input[inputIndex(s, y, x, c)];
        const term: WindowTerm = { y, x, c, ky, kx, padding, value };
        if (s.op === 'conv') {
          term.weight = s.kernel[kernelIndex(s, ky, kx, c, outChannel)];
          term.product = value * term.weight;
        }
        terms.push(term);
      }
    }
  }

  let sum = 0;
  let count = 0;
  let picked = -1;
  let bias = 0;
  let preActivation: number;
  if (s.op === 'conv') {
    for (const t of terms) sum += t.product ?? 0;
    bias = s.bias[outChannel];
    count = terms.length;
    preActivation = sum + bias;
  } else if (s.op === 'maxPool') {
    // TensorFlow never lets padding win a max: padded cells are skipped, as if they were −∞.
    let best = Number.NEGATIVE_INFINITY;
    terms.forEach((t, i) => {
      if (!t.padding && t.value > best) {
        best = t.value;
        picked = i;
      }
      if (!t.padding) count++;
    });
    sum = best;
    preActivation = best;
  } else {
    // TensorFlow's average divides by the number of real cells, not by the window size.
    for (const t of terms) {
      if (!t.padding) {
        sum += t.value;
        count++;
      }
    }
    preActivation = sum / Math.max(count, 1);
  }
  const value = s.activation === 'relu' ? Math.max(preActivation, 0) : preActivation;
  return { oy, ox, outChannel, terms, sum, bias, count, picked, preActivation, value };
}

/**
 * The whole output of a setup, computed with the same step arithmetic the animation shows.
 * The caller must pass a valid setup (see `validateSetup`).
 */
export function computeExplorer(s: ExplorerSetup): ExplorerResult {
  const geometry = explorerGeometry(s);
  const { outHeight, outWidth } = geometry;
  const output = new Float32Array(outHeight * outWidth * s.outChannels);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      for (let o = 0; o < s.outChannels; o++) {
        output[(oy * outWidth + ox) * s.outChannels + o] = stepDetail(s, geometry, oy, ox, o).value;
      }
    }
  }
  return { geometry, output };
}

/** Number of window positions of one output channel: the animation's step count. */
export function stepCount(g: ExplorerGeometry): number {
  return g.outHeight * g.outWidth;
}

/** Step index → output position, row by row as the window slides. */
export function stepPosition(g: ExplorerGeometry, step: number): [number, number] {
  return [Math.floor(step / g.outWidth), step % g.outWidth];
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
