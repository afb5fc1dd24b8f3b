/**
 * The whole state of the convolution explorer as plain, JSON-serialisable data: which operation,
 * the sizes, and every number (input values, kernel weights, bias). Everything the explorer shows is
 * a pure function of one `ExplorerSetup`, so a preset, a URL or "explain this layer" only has to build one.
 */
import type { Padding, Pair } from '../spec/types';
import { effectiveKernelSize } from '../spec/arithmetic';

export type ExplorerOp = 'conv' | 'maxPool' | 'avgPool';

/** Padding as the explorer accepts it: TensorFlow's two modes or an explicit symmetric count. */
export type ExplorerPadding = Padding | number;

/** Largest input side the explorer draws; the issue asks for at least 32. */
export const MAX_INPUT_SIDE = 36;
export const MAX_KERNEL_SIDE = 9;
export const MAX_STRIDE = 6;
export const MAX_DILATION = 4;
/** Depth the explorer computes with: "explain this layer" keeps a real layer's whole input depth. */
export const MAX_CHANNELS = 512;
/** Depth a user can dial in by hand; the stacked view stays readable up to here. */
export const MAX_EDIT_CHANNELS = 8;

export interface ExplorerSetup {
  op: ExplorerOp;
  /** Input height, width and channels. */
  inputHeight: number;
  inputWidth: number;
  inChannels: number;
  /** Kernel (or pooling window) height and width. */
  kernelHeight: number;
  kernelWidth: number;
  /** [vertical, horizontal] stride. */
  strides: Pair;
  padding: ExplorerPadding;
  /** [vertical, horizontal] dilation. */
  dilation: Pair;
  /** Number of filters; for pooling it always equals inChannels (one window per channel). */
  outChannels: number;
  /** Input values, channels-last: index (y·W + x)·C + c — the layout tfjs uses. */
  input: number[];
  /** Conv weights in tfjs layout [kh, kw, in, out]; empty for pooling. */
  kernel: number[];
  /** One bias per output channel; empty for pooling. */
  bias: number[];
  /** Applied after the sum, as the layer does; 'linear' shows the raw sum. */
  activation?: 'linear' | 'relu';
  /** Where the setup came from, e.g. "conv2d_1 (layer 1), filter 3 over input channel 0". */
  label?: string;
  /** Input channel drawn in front of the stack. */
  focusChannel?: number;
  /** Output channel (filter) whose window is animated. */
  focusOutChannel?: number;
}

/** Index of input value (y, x, c) in `ExplorerSetup.input`. */
export function inputIndex(s: Pick<ExplorerSetup, 'inputWidth' | 'inChannels'>, y: number, x: number, c: number): number {
  return (y * s.inputWidth + x) * s.inChannels + c;
}

/** Index of weight (ky, kx, c, o) in `ExplorerSetup.kernel` (tfjs layout). */
export function kernelIndex(
  s: Pick<ExplorerSetup, 'kernelWidth' | 'inChannels' | 'outChannels'>,
  ky: number,
  kx: number,
  c: number,
  o: number,
): number {
  return ((ky * s.kernelWidth + kx) * s.inChannels + c) * s.outChannels + o;
}

/**
 * Everything wrong with a setup, one sentence each naming the field and the fix.
 * An empty list means the explorer can compute it.
 */
export function validateSetup(s: ExplorerSetup): string[] {
  const errors = sizeErrors(s);
  if (errors.length > 0) return errors;

  const effH = effectiveKernelSize(s.kernelHeight, s.dilation[0]);
  const effW = effectiveKernelSize(s.kernelWidth, s.dilation[1]);
  if (typeof s.padding === 'number') {
    const maxPad = Math.min(effH, effW) - 1;
    if (!Number.isInteger(s.padding) || s.padding < 0 || s.padding > maxPad) {
      errors.push(
        `Padding must be 'valid', 'same' or a whole number from 0 to ${maxPad} (the kernel extent − 1); ` +
          `more would make windows that see only zeros (got ${String(s.padding)}).`,
      );
    }
  } else if (s.padding !== 'valid' && s.padding !== 'same') {
    errors.push(`Padding must be 'valid', 'same' or a number (got ${String(s.padding)}).`);
  }
  const pad = typeof s.padding === 'number' ? s.padding : 0;
  if (s.padding !== 'same') {
    if (effH > s.inputHeight + 2 * pad) {
      errors.push(
        `The kernel (${effH} rows once dilated) is taller than the padded input (${s.inputHeight + 2 * pad}): ` +
          `make the kernel smaller, the input larger, or use 'same' padding.`,
      );
    }
    if (effW > s.inputWidth + 2 * pad) {
      errors.push(
        `The kernel (${effW} columns once dilated) is wider than the padded input (${s.inputWidth + 2 * pad}): ` +
          `make the kernel smaller, the input larger, or use 'same' padding.`,
      );
    }
  }
  if (s.op !== 'conv' && s.outChannels !== s.inChannels) {
    errors.push(`Pooling keeps the depth: output channels must equal input channels (${s.inChannels}).`);
  }
  const expectInput = s.inputHeight * s.inputWidth * s.inChannels;
  if (s.input.length !== expectInput) {
    errors.push(`The input holds ${s.input.length} values but ${s.inputHeight}×${s.inputWidth}×${s.inChannels} needs ${expectInput}.`);
  }
  if (s.op === 'conv') {
    const expectKernel = s.kernelHeight * s.kernelWidth * s.inChannels * s.outChannels;
    if (s.kernel.length !== expectKernel) {
      errors.push(
        `The kernel holds ${s.kernel.length} weights but ${s.kernelHeight}×${s.kernelWidth}×${s.inChannels}×${s.outChannels} needs ${expectKernel}.`,
      );
    }
    if (s.bias.length !== s.outChannels) {
      errors.push(`There must be one bias per output channel: ${s.outChannels}, got ${s.bias.length}.`);
    }
  }
  if ([s.input, s.kernel, s.bias].some((arr) => arr.some((v) => !Number.isFinite(v)))) {
    errors.push('Every input value, weight and bias must be a finite number.');
  }
  return errors;
}

/**
 * Problems with the sizes alone (whole numbers within the explorer's limits). While any remain the
 * value arrays cannot be resized to match, so editors check this before `resizeSetup`.
 */
export function sizeErrors(s: ExplorerSetup): string[] {
  const errors: string[] = [];
  const intIn = (name: string, v: number, lo: number, hi: number): boolean => {
    if (!Number.isInteger(v) || v < lo || v > hi) {
      errors.push(`${name} must be a whole number from ${lo} to ${hi} (got ${String(v)}).`);
      return false;
    }
    return true;
  };
  intIn('Input height', s.inputHeight, 1, MAX_INPUT_SIDE);
  intIn('Input width', s.inputWidth, 1, MAX_INPUT_SIDE);
  intIn('Input channels', s.inChannels, 1, MAX_CHANNELS);
  intIn('Kernel height', s.kernelHeight, 1, MAX_KERNEL_SIDE);
  intIn('Kernel width', s.kernelWidth, 1, MAX_KERNEL_SIDE);
  intIn('Vertical stride', s.strides[0], 1, MAX_STRIDE);
  intIn('Horizontal stride', s.strides[1], 1, MAX_STRIDE);
  intIn('Vertical dilation', s.dilation[0], 1, MAX_DILATION);
  intIn('Horizontal dilation', s.dilation[1], 1, MAX_DILATION);
  intIn('Output channels', s.outChannels, 1, MAX_CHANNELS);
  return errors;
}

/**
 * Warnings that do not stop the explorer but that a reader should see: combinations TensorFlow.js
 * itself refuses, so a network could not be built that way.
 */
export function setupWarnings(s: ExplorerSetup): string[] {
  const warnings: string[] = [];
  const dilated = s.dilation[0] > 1 || s.dilation[1] > 1;
  const strided = s.strides[0] > 1 || s.strides[1] > 1;
  if (dilated && strided) {
    warnings.push('TensorFlow.js refuses strides > 1 together with dilation > 1; the explorer still shows the arithmetic.');
  }
  if (typeof s.padding === 'number' && s.padding > 0) {
    warnings.push('Keras layers only offer valid and same padding; an explicit number is the textbook P of (W − F + 2P) / S + 1.');
  }
  return warnings;
}

/**
 * Resizes a setup to new sizes, keeping every value whose position still exists and filling new
 * positions with `fill`, so that editing a size never throws away what the user typed.
 */
export function resizeSetup(prev: ExplorerSetup, next: Partial<ExplorerSetup>, fill = 0): ExplorerSetup {
  const merged: ExplorerSetup = { ...prev, ...next };
  if (merged.op !== 'conv') merged.outChannels = merged.inChannels;
  const input: number[] = new Array<number>(merged.inputHeight * merged.inputWidth * merged.inChannels).fill(fill);
  if (next.input === undefined) {
    for (let y = 0; y < Math.min(prev.inputHeight, merged.inputHeight); y++) {
      for (let x = 0; x < Math.min(prev.inputWidth, merged.inputWidth); x++) {
        for (let c = 0; c < Math.min(prev.inChannels, merged.inChannels); c++) {
          input[inputIndex(merged, y, x, c)] = prev.input[inputIndex(prev, y, x, c)] ?? fill;
        }
      }
    }
    merged.input = input;
  }
  if (merged.op === 'conv') {
    if (next.kernel === undefined) {
      const kernel = new Array<number>(merged.kernelHeight * merged.kernelWidth * merged.inChannels * merged.outChannels).fill(0);
      const sameShape = prev.op === 'conv';
      if (sameShape) {
        for (let ky = 0; ky < Math.min(prev.kernelHeight, merged.kernelHeight); ky++) {
          for (let kx = 0; kx < Math.min(prev.kernelWidth, merged.kernelWidth); kx++) {
            for (let c = 0; c < Math.min(prev.inChannels, merged.inChannels); c++) {
              for (let o = 0; o < Math.min(prev.outChannels, merged.outChannels); o++) {
                kernel[kernelIndex(merged, ky, kx, c, o)] = prev.kernel[kernelIndex(prev, ky, kx, c, o)] ?? 0;
              }
            }
          }
        }
      } else {
        kernel.fill(1 / (merged.kernelHeight * merged.kernelWidth * merged.inChannels));
      }
      merged.kernel = kernel;
    }
    if (next.bias === undefined) {
      merged.bias = Array.from({ length: merged.outChannels }, (_, o) => (prev.op === 'conv' ? (prev.bias[o] ?? 0) : 0));
    }
  } else {
    merged.kernel = [];
    merged.bias = [];
  }
  merged.focusChannel = Math.min(merged.focusChannel ?? 0, merged.inChannels - 1);
  merged.focusOutChannel = Math.min(merged.focusOutChannel ?? 0, merged.outChannels - 1);
  return merged;
}
