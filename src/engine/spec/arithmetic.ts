/**
 * Output-size arithmetic of one spatial axis of a convolution or pooling window, exactly as
 * TensorFlow computes it, plus the textbook formula (W − F + 2P) / S + 1 with its numbers filled in.
 * Shared by the spec's shape inference and the convolution explorer so that both always agree.
 */
import type { Padding } from './types';

export interface AxisArithmetic {
  input: number;
  kernel: number;
  stride: number;
  dilation: number;
  padding: Padding | number;
  /** Kernel extent once dilated: (k − 1)·d + 1. */
  effectiveKernel: number;
  /** Zero rows/columns added before (top/left) and after (bottom/right). */
  padBefore: number;
  padAfter: number;
  output: number;
  /**
   * Input positions (in unpadded coordinates, 0-based) that no window ever covers because the
   * division was not exact: they sit at the end, past the last window.
   */
  unreached: number[];
}

/** Effective extent of a dilated kernel. */
export function effectiveKernelSize(kernel: number, dilation = 1): number {
  return (kernel - 1) * dilation + 1;
}

/**
 * TensorFlow's SAME padding for one axis: out = ceil(in / s), total padding
 * max((out − 1)·s + k_eff − in, 0), with the odd extra unit at the end (bottom/right).
 */
export function samePadding(input: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + effectiveKernelSize(kernel, dilation) - input, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Output size of one axis; 0 or less means the window does not fit. */
export function outputSize(
  input: number,
  kernel: number,
  stride: number,
  padding: Padding | number,
  dilation = 1,
): number {
  const k = effectiveKernelSize(kernel, dilation);
  if (padding === 'same') return Math.ceil(input / stride);
  const pad = padding === 'valid' ? 0 : padding;
  return Math.floor((input + 2 * pad - k) / stride) + 1;
}

/** Everything about one axis: sizes, padding split and the positions never reached. */
export function axisArithmetic(
  input: number,
  kernel: number,
  stride: number,
  padding: Padding | number,
  dilation = 1,
): AxisArithmetic {
  const effectiveKernel = effectiveKernelSize(kernel, dilation);
  const [padBefore, padAfter] =
    padding === 'same' ? samePadding(input, kernel, stride, dilation) : padding === 'valid' ? [0, 0] : [padding, padding];
  const output = outputSize(input, kernel, stride, padding, dilation);
  const unreached: number[] = [];
  if (output > 0) {
    // Last padded index a window touches; everything after it in the real input is never seen.
    const lastCovered = (output - 1) * stride + effectiveKernel - 1 - padBefore;
    for (let i = Math.max(lastCovered + 1, 0); i < input; i++) unreached.push(i);
  }
  return { input, kernel, stride, dilation, padding, effectiveKernel, padBefore, padAfter, output, unreached };
}

/**
 * The textbook formula with the numbers filled in, e.g. "(7 − 3 + 2·0) / 2 + 1 = 3".
 * When (W − F + 2P) is not divisible by S the exact quotient is shown next to the floored result.
 * P is the symmetric padding; for SAME with an odd total the split is shown separately by the caller.
 */
export function textbookFormula(a: AxisArithmetic): string {
  const { head, exact } = textbookParts(a);
  if (Number.isInteger(exact)) return `${head} = ${exact}`;
  return `${head} = ${formatNumber(exact)} → ${Math.floor(exact)} (not a whole number: the last ${
    a.unreached.length
  } position${a.unreached.length === 1 ? '' : 's'} never reached)`;
}

/**
 * Just the equation, e.g. "(28 − 3 + 2·0) / 2 + 1 = 13.5", without the floored result and its
 * explanation: for a message that says in its own words what the fraction means.
 */
export function textbookEquation(a: AxisArithmetic): string {
  const { head, exact } = textbookParts(a);
  return `${head} = ${formatNumber(exact)}`;
}

function textbookParts(a: AxisArithmetic): { head: string; exact: number } {
  const symmetricPad = a.padding === 'same' ? (a.padBefore + a.padAfter) / 2 : a.padBefore;
  const numerator = a.input - a.effectiveKernel + 2 * symmetricPad;
  const kernelText = a.dilation > 1 ? `${a.effectiveKernel}` : `${a.kernel}`;
  return { head: `(${a.input} − ${kernelText} + 2·${formatNumber(symmetricPad)}) / ${a.stride} + 1`, exact: numerator / a.stride + 1 };
}

/** TensorFlow's own form: SAME → ceil(in / s); VALID → floor((in − k_eff) / s) + 1. */
export function tensorflowFormula(a: AxisArithmetic): string {
  if (a.padding === 'same') {
    return `SAME: ceil(${a.input} / ${a.stride}) = ${a.output}; padding ${a.padBefore} before, ${a.padAfter} after`;
  }
  if (a.padding === 'valid') {
    return `VALID: floor((${a.input} − ${a.effectiveKernel}) / ${a.stride}) + 1 = ${a.output}`;
  }
  return `explicit padding ${a.padding}: floor((${a.input} + 2·${a.padding} − ${a.effectiveKernel}) / ${a.stride}) + 1 = ${a.output}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}
