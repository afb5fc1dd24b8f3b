/**
 * The learner's own numbers for the concept texts: this conv layer's parameters against a dense layer
 * with the same input and output, this window's output-size arithmetic, the flatten's length, a dense
 * layer's share of the whole network. Pure functions of the spec (the same Keras-exact arithmetic the
 * builder shows), so the explanations never disagree with the summary.
 */
import { accountSpec } from '../engine/spec/accounting';
import { getPreset } from '../engine/spec/presets';
import { inferShapes, type WindowArithmetic } from '../engine/spec/shapes';
import type { LayerSpec, ModelSpec, Shape } from '../engine/spec/types';

/** 421642 → "421,642"; 0.25 → "0.25"; at most four decimals. */
export function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

const dims = (shape: Shape): string => shape.join('×');
const product = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** The spec the numbers come from: the learner's, or the Fashion CNN when theirs lacks the layer. */
export interface Source {
  spec: ModelSpec;
  /** True when the learner's spec had no such layer and the Fashion-MNIST CNN stands in. */
  example: boolean;
}

type Kind = LayerSpec['type'];

/**
 * The layer a "?" talks about: `layer` when it is of one of `kinds`, else the first such layer of the
 * spec, else the first of the Fashion CNN (flagged `example`). Null only if even that has none.
 */
export function pickLayer(spec: ModelSpec, kinds: readonly Kind[], layer?: number): { source: Source; index: number } | null {
  const fits = (s: ModelSpec, i: number) => s.layers[i] !== undefined && kinds.includes(s.layers[i].type) && inferShapes(s).layers[i]?.output;
  if (layer !== undefined && fits(spec, layer)) return { source: { spec, example: false }, index: layer };
  const own = spec.layers.findIndex((_, i) => fits(spec, i));
  if (own >= 0) return { source: { spec, example: false }, index: own };
  const example = getPreset('fashion-cnn')?.spec;
  if (!example) return null;
  const i = example.layers.findIndex((_, k) => fits(example, k));
  return i >= 0 ? { source: { spec: example, example: true }, index: i } : null;
}

export interface ConvNumbers {
  index: number;
  example: boolean;
  input: Shape;
  output: Shape;
  kernel: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
  filters: number;
  inChannels: number;
  /** Weights of one filter: kh·kw·inChannels. */
  weightsPerFilter: number;
  params: number;
  /** A dense layer from the same input values to the same output values: in·out + out. */
  denseParams: number;
  /** Output positions each filter is used at (outH·outW). */
  positions: number;
  window: WindowArithmetic;
}

/** Numbers of a conv layer (the given one, or the first conv). */
export function convNumbers(spec: ModelSpec, layer?: number): ConvNumbers | null {
  const picked = pickLayer(spec, ['conv2d'], layer);
  if (!picked) return null;
  const { source, index } = picked;
  const conv = source.spec.layers[index];
  const shape = inferShapes(source.spec).layers[index];
  if (conv.type !== 'conv2d' || !shape.output || !shape.window) return null;
  const input = shape.input;
  const output = shape.output;
  const inChannels = input[2];
  const weightsPerFilter = conv.kernelSize[0] * conv.kernelSize[1] * inChannels;
  const params = weightsPerFilter * conv.filters + (conv.useBias ? conv.filters : 0);
  const outValues = product(output);
  return {
    index,
    example: source.example,
    input,
    output,
    kernel: conv.kernelSize,
    strides: conv.strides,
    padding: conv.padding,
    filters: conv.filters,
    inChannels,
    weightsPerFilter,
    params,
    denseParams: product(input) * outValues + outValues,
    positions: output[0] * output[1],
    window: shape.window,
  };
}

export interface WindowNumbers {
  index: number;
  example: boolean;
  type: Kind;
  input: Shape;
  output: Shape;
  window: WindowArithmetic;
  size: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}

/** Numbers of a conv or pooling window (the given layer, or the first of `kinds`). */
export function windowNumbers(spec: ModelSpec, kinds: readonly Kind[], layer?: number): WindowNumbers | null {
  const picked = pickLayer(spec, kinds, layer);
  if (!picked) return null;
  const { source, index } = picked;
  const l = source.spec.layers[index];
  const shape = inferShapes(source.spec).layers[index];
  if (!shape.output || !shape.window) return null;
  if (l.type !== 'conv2d' && l.type !== 'maxPool2d' && l.type !== 'avgPool2d') return null;
  return {
    index,
    example: source.example,
    type: l.type,
    input: shape.input,
    output: shape.output,
    window: shape.window,
    size: l.type === 'conv2d' ? l.kernelSize : l.poolSize,
    strides: l.strides,
    padding: l.padding,
  };
}

export interface FlattenNumbers {
  index: number;
  example: boolean;
  input: Shape;
  length: number;
  /** "7×7×64 = 3,136". */
  product: string;
}

export function flattenNumbers(spec: ModelSpec, layer?: number): FlattenNumbers | null {
  const picked = pickLayer(spec, ['flatten'], layer);
  if (!picked) return null;
  const shape = inferShapes(picked.source.spec).layers[picked.index];
  if (!shape.output) return null;
  return {
    index: picked.index,
    example: picked.source.example,
    input: shape.input,
    length: shape.output[0],
    product: `${dims(shape.input)} = ${fmt(shape.output[0])}`,
  };
}

export interface DenseNumbers {
  index: number;
  example: boolean;
  inputs: number;
  units: number;
  activation: string;
  params: number;
  totalParams: number;
  /** This layer's share of all parameters (0–1). */
  share: number;
}

export function denseNumbers(spec: ModelSpec, layer?: number): DenseNumbers | null {
  const picked = pickLayer(spec, ['dense'], layer);
  if (!picked) return null;
  const accounting = accountSpec(picked.source.spec);
  const l = picked.source.spec.layers[picked.index];
  if (!accounting || l.type !== 'dense') return null;
  const row = accounting.layers[picked.index];
  const inputs = inferShapes(picked.source.spec).layers[picked.index].input[0];
  return {
    index: picked.index,
    example: picked.source.example,
    inputs,
    units: l.units,
    activation: l.activation,
    params: row.params,
    totalParams: accounting.totalParams,
    share: accounting.totalParams > 0 ? row.params / accounting.totalParams : 0,
  };
}

export interface DropoutNumbers {
  index: number;
  example: boolean;
  rate: number;
  values: number;
  /** Values silenced on an average training step. */
  dropped: number;
}

export function dropoutNumbers(spec: ModelSpec, layer?: number): DropoutNumbers | null {
  let picked = pickLayer(spec, ['dropout'], layer);
  if (!picked || picked.source.example) {
    // The Fashion CNN has no dropout; its MLP baseline does (Dropout 0.2 after Dense 128).
    const mlp = getPreset('fashion-mlp')?.spec;
    const i = mlp ? mlp.layers.findIndex((l) => l.type === 'dropout') : -1;
    picked = mlp && i >= 0 ? { source: { spec: mlp, example: true }, index: i } : null;
  }
  if (!picked) return null;
  const l = picked.source.spec.layers[picked.index];
  const shape = inferShapes(picked.source.spec).layers[picked.index];
  if (l.type !== 'dropout' || !shape.output) return null;
  const values = product(shape.output);
  return { index: picked.index, example: picked.source.example, rate: l.rate, values, dropped: Math.round(values * l.rate) };
}

export interface FieldOfView {
  index: number;
  name: string;
  receptiveField: [number, number];
}

/** The receptive field of every conv layer of a valid spec (what one output value can see). */
export function receptiveFields(spec: ModelSpec): FieldOfView[] {
  const accounting = accountSpec(spec);
  if (!accounting) return [];
  return accounting.layers
    .filter((row) => spec.layers[row.index].type === 'conv2d')
    .map((row) => ({ index: row.index, name: `layer ${row.index + 1}`, receptiveField: row.receptiveField }));
}

/** −ln p, the cross-entropy of one answer whose probability for the true class is p. */
export function crossEntropyOf(p: number): number {
  return -Math.log(Math.max(p, 1e-7));
}

/** Softmax of raw scores (stable): what the output layer does to its sums. */
export function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
