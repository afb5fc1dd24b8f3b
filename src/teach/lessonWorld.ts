/**
 * What a lesson's check can see of the app: the view, the network on the page, what the worker last
 * said about it (its evaluation, the images it has trained on), the close-up's channel, the input,
 * and the convolution explorer's window. The lesson bridge builds it from the store; the checks are
 * pure functions of it, so every check is unit-tested on worlds built by hand.
 */
import { accountSpec } from '../engine/spec/accounting';
import { inferShapes } from '../engine/spec/shapes';
import type { ModelSpec, Shape } from '../engine/spec/types';

export type LessonView = 'play' | 'build' | 'inside' | 'explorer' | 'data';

/** The explorer's current window and step, as the explorer panel reports them. */
export interface ExplorerReport {
  op: 'conv' | 'maxPool' | 'avgPool';
  inputHeight: number;
  inputWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  strides: [number, number];
  padding: 'valid' | 'same' | number;
  outHeight: number;
  outWidth: number;
  /** The step shown (0-based; −1 before the first). */
  step: number;
  /** The output value of the shown step, or null before the first. */
  value: number | null;
}

export interface LessonWorld {
  view: LessonView;
  spec: ModelSpec;
  presetId: string | null;
  /** The worker's last evaluation of a model of exactly this network; null when there is none. */
  evaluation: { accuracy: number; count: number; predictions: { index: number; label: number; predicted: number }[] } | null;
  /** Training images the followed run of this network has seen. */
  examplesSeen: number;
  /** The close-up's channel, by spec layer index. */
  selectedChannel: { layer: number; channel: number } | null;
  /** The test image on the picture, when it is one. */
  inputIndex: number | null;
  explorer: ExplorerReport | null;
}

/** Output shape of spec layer `index`, or null. */
export function outputOf(spec: ModelSpec, index: number): Shape | null {
  return inferShapes(spec).layers[index]?.output ?? null;
}

/** The network's parameter count, or null when it cannot be built. */
export function totalParams(spec: ModelSpec): number | null {
  return accountSpec(spec)?.totalParams ?? null;
}

/** Values the first flatten layer receives, or null. */
export function flattenLength(spec: ModelSpec): number | null {
  const i = spec.layers.findIndex((l) => l.type === 'flatten');
  const out = i >= 0 ? outputOf(spec, i) : null;
  return out ? out[0] : null;
}

/** "26×26×8". */
export function dims(shape: Shape | null): string {
  return shape ? shape.join('×') : 'not computable';
}
