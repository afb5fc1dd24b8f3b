/**
 * "Explain this layer": turns one real conv or pool layer — its kernel size, stride, padding, its
 * learned weights and the activations that reach it — into an explorer setup whose output is the
 * layer's own output for the chosen filter.
 */
import type { ActivationName, Padding, Pair } from '../spec/types';
import type { ExplorerOp, ExplorerSetup } from './setup';

export interface LayerExplainArgs {
  /** 'conv' for a Conv2D layer, 'maxPool' / 'avgPool' for the pooling layers. */
  op: ExplorerOp;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  /** Dilation of a conv layer; [1, 1] when absent. */
  dilation?: Pair;
  /** The layer's input for one example, channels-last [h, w, c] like tfjs. */
  input: Float32Array;
  inputShape: [number, number, number];
  /** Conv only: the kernel in tfjs layout [kh, kw, in, out]. */
  kernel?: Float32Array;
  /** Conv only: one bias per filter; zeros when the layer has none. */
  bias?: Float32Array;
  /** Conv only: the layer's activation; relu is applied, anything else shows the raw sum. */
  activation?: ActivationName;
  /** The input channel drawn in front (for pooling: the channel that is pooled). */
  channel: number;
  /** Conv only: the filter to explain. */
  outChannel: number;
  label: string;
}

/**
 * Builds the explorer setup of one real layer.
 *
 * A conv filter spans the whole input depth, so every input channel is kept and the kernel is cut
 * down to the chosen filter: the explorer's output then equals the layer's output channel
 * `outChannel` (after relu when the layer uses it), and `channel` only picks which input channel is
 * drawn in front. Pooling works channel by channel, so only `channel` is kept.
 *
 * Never throws: missing or mis-sized arrays produce a setup that `validateSetup` rejects with a
 * message naming the problem; out-of-range channel indices are clamped and said so in the label.
 */
export function setupFromLayer(args: LayerExplainArgs): ExplorerSetup {
  const [h, w, c] = args.inputShape;
  const [kh, kw] = args.kernelSize;
  const notes: string[] = [];
  const clampIndex = (value: number, size: number, what: string): number => {
    const clamped = Math.min(Math.max(Math.trunc(Number.isFinite(value) ? value : 0), 0), Math.max(size - 1, 0));
    // Named counting from 1, as every channel and filter is named to a learner.
    if (clamped !== value) notes.push(`${what} ${value + 1} does not exist; showing ${clamped + 1}`);
    return clamped;
  };
  const channel = clampIndex(args.channel, c, 'input channel');
  const base = {
    inputHeight: h,
    inputWidth: w,
    kernelHeight: kh,
    kernelWidth: kw,
    strides: [args.strides[0], args.strides[1]] as Pair,
    padding: args.padding,
    dilation: (args.dilation ? [args.dilation[0], args.dilation[1]] : [1, 1]) as Pair,
  };

  if (args.op !== 'conv') {
    const input: number[] = [];
    if (args.input.length === h * w * c) {
      for (let i = 0; i < h * w; i++) input.push(args.input[i * c + channel]);
    } else {
      notes.push(`the input holds ${args.input.length} values, not ${h}×${w}×${c}`);
    }
    return {
      ...base,
      op: args.op,
      inChannels: 1,
      outChannels: 1,
      input,
      kernel: [],
      bias: [],
      activation: 'linear',
      label: withNotes(`${args.label} — input channel ${channel + 1}`, notes),
      focusChannel: 0,
      focusOutChannel: 0,
    };
  }

  const filters = args.kernel && kh * kw * c > 0 ? Math.floor(args.kernel.length / (kh * kw * c)) : 0;
  const outChannel = clampIndex(args.outChannel, filters, 'filter');
  const kernel: number[] = [];
  if (args.kernel && args.kernel.length === kh * kw * c * filters && filters > 0) {
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++)
        for (let ci = 0; ci < c; ci++) kernel.push(args.kernel[((ky * kw + kx) * c + ci) * filters + outChannel]);
  } else {
    notes.push(args.kernel ? `the kernel holds ${args.kernel.length} weights, not a multiple of ${kh}×${kw}×${c}` : 'no kernel weights were given');
  }
  const bias = args.bias ? (args.bias[outChannel] ?? 0) : 0;
  const activation = args.activation === 'relu' ? 'relu' : 'linear';
  if (args.activation && args.activation !== 'relu' && args.activation !== 'linear') {
    notes.push(`the layer's ${args.activation} is not applied: values are before the activation`);
  }
  return {
    ...base,
    op: 'conv',
    inChannels: c,
    outChannels: 1,
    input: args.input.length === h * w * c ? Array.from(args.input) : [],
    kernel,
    bias: [bias],
    activation,
    label: withNotes(`${args.label} — filter ${outChannel + 1} over all ${c} input channel${c === 1 ? '' : 's'}`, notes),
    focusChannel: channel,
    focusOutChannel: 0,
  };
}

function withNotes(label: string, notes: string[]): string {
  return notes.length > 0 ? `${label} (${notes.join('; ')})` : label;
}
