/**
 * Shape inference for a spec, exactly as TensorFlow/Keras computes it, with the arithmetic of
 * every window layer exposed both as numbers and as filled-in formulas for the UI. Free of
 * tfjs so that the editor can run it on every keystroke; never throws.
 */
import { axisArithmetic, tensorflowFormula, textbookFormula, type AxisArithmetic } from './arithmetic';
import type { LayerSpec, LayerType, ModelSpec, Pair, Shape } from './types';

/** Why a layer cannot be applied to its input; `field` names the spec field to change. */
export interface ShapeProblem {
  field: string | null;
  message: string;
  fix: string;
}

/** Per-axis arithmetic of a convolution or pooling layer, with the formulas filled in. */
export interface WindowArithmetic {
  height: AxisArithmetic;
  width: AxisArithmetic;
  /** (W − F + 2P) / S + 1 with numbers, per axis. */
  textbook: { height: string; width: string };
  /** TensorFlow's own rule (SAME: ceil(in / s); VALID: floor((in − k) / s) + 1), per axis. */
  tensorflow: { height: string; width: string };
}

export interface LayerShape {
  index: number;
  type: LayerType;
  input: Shape;
  /** Null when the layer cannot be applied (see `problem`). */
  output: Shape | null;
  window?: WindowArithmetic;
  problem?: ShapeProblem;
}

export interface SpecShapes {
  layers: LayerShape[];
  /** The network's output shape, or null when some layer cannot be applied. */
  output: Shape | null;
  /** Index of the first layer that cannot be applied, or null. */
  failedAt: number | null;
}

/** Keras' class name of a spec layer type (used in summaries and messages). */
export const KERAS_CLASS: Record<LayerType, string> = {
  conv2d: 'Conv2D',
  maxPool2d: 'MaxPooling2D',
  avgPool2d: 'AveragePooling2D',
  flatten: 'Flatten',
  dense: 'Dense',
  dropout: 'Dropout',
  batchNorm: 'BatchNormalization',
  activation: 'Activation',
  lrn: 'LocalResponseNormalization',
};

/** "Layer 3 (Conv2D)": how messages name a layer (1-based, as people count). */
export function describeLayer(index: number, type: LayerType): string {
  return `Layer ${index + 1} (${KERAS_CLASS[type] ?? type})`;
}

/** Formats a shape the way Keras prints it, with the batch axis: (None, 28, 28, 32). */
export function formatShape(shape: Shape | null): string {
  return shape ? `(None, ${shape.join(', ')})` : '—';
}

function windowOf(layer: LayerSpec): { kernel: Pair; strides: Pair; padding: 'valid' | 'same'; dilation: Pair; field: string } | null {
  if (layer.type === 'conv2d') {
    return { kernel: layer.kernelSize, strides: layer.strides, padding: layer.padding, dilation: layer.dilation ?? [1, 1], field: 'kernelSize' };
  }
  if (layer.type === 'maxPool2d' || layer.type === 'avgPool2d') {
    return { kernel: layer.poolSize, strides: layer.strides, padding: layer.padding, dilation: [1, 1], field: 'poolSize' };
  }
  return null;
}

/** Arithmetic of a conv/pool window on an [h, w, c] input, both axes. */
export function windowArithmetic(
  input: [number, number],
  kernel: Pair,
  strides: Pair,
  padding: 'valid' | 'same',
  dilation: Pair = [1, 1],
): WindowArithmetic {
  const height = axisArithmetic(input[0], kernel[0], strides[0], padding, dilation[0]);
  const width = axisArithmetic(input[1], kernel[1], strides[1], padding, dilation[1]);
  return {
    height,
    width,
    textbook: { height: textbookFormula(height), width: textbookFormula(width) },
    tensorflow: { height: tensorflowFormula(height), width: tensorflowFormula(width) },
  };
}

/**
 * Output shape of one layer applied to `input` (no batch axis). Dense follows the playground's
 * rule, stricter than Keras: it needs a flat input, so a missing Flatten is reported, not
 * silently applied per pixel.
 */
export function layerOutputShape(layer: LayerSpec, index: number, input: Shape): Omit<LayerShape, 'index' | 'type' | 'input'> {
  const who = describeLayer(index, layer.type);
  const window = windowOf(layer);
  if (window) {
    if (input.length !== 3) {
      return {
        output: null,
        problem: {
          field: null,
          message: `${who} needs an image-shaped input [height, width, channels] but receives the flat vector [${input.join(', ')}].`,
          fix: 'Move it before the Flatten layer; convolution and pooling work on images, not on vectors.',
        },
      };
    }
    const w = windowArithmetic([input[0], input[1]], window.kernel, window.strides, window.padding, window.dilation);
    const channels = layer.type === 'conv2d' ? layer.filters : input[2];
    if (w.height.output <= 0 || w.width.output <= 0) {
      const [kh, kw] = [w.height.effectiveKernel, w.width.effectiveKernel];
      return {
        output: null,
        window: w,
        problem: {
          field: window.field,
          message: `${who}: its ${kh}×${kw} window is larger than its ${input[0]}×${input[1]} input, so with 'valid' padding the output shrinks to ${Math.max(w.height.output, 0)}×${Math.max(w.width.output, 0)}.`,
          fix: `Use a window of at most ${input[0]}×${input[1]}, choose padding 'same', or remove a pooling layer before it.`,
        },
      };
    }
    return { output: [w.height.output, w.width.output, channels], window: w };
  }
  switch (layer.type) {
    case 'flatten':
      if (input.length === 1) {
        return {
          output: null,
          problem: { field: null, message: `${who} receives an input that is already flat ([${input[0]}]).`, fix: 'Remove this Flatten layer.' },
        };
      }
      return { output: [input.reduce((a, b) => a * b, 1)] };
    case 'dense':
      if (input.length !== 1) {
        return {
          output: null,
          problem: {
            field: null,
            message: `${who} receives the ${input.join('×')} feature maps, but a dense layer needs a flat vector.`,
            fix: `Insert a Flatten layer before layer ${index + 1} (it turns ${input.join('×')} into ${input.reduce((a, b) => a * b, 1)} values).`,
          },
        };
      }
      return { output: [layer.units] };
    case 'lrn':
      if (input.length !== 3) {
        return {
          output: null,
          problem: {
            field: null,
            message: `${who} normalises across channels and needs [height, width, channels], but receives [${input.join(', ')}].`,
            fix: 'Move it before the Flatten layer, right after a convolution or pooling layer.',
          },
        };
      }
      return { output: [...input] };
    default:
      // Dropout, batch normalisation and activations keep the shape.
      return { output: [...input] };
  }
}

/** Shapes of every layer of `spec`; stops at the first layer that cannot be applied. */
export function inferShapes(spec: ModelSpec): SpecShapes {
  const layers: LayerShape[] = [];
  let current: Shape = [...spec.inputShape];
  for (let index = 0; index < spec.layers.length; index++) {
    const layer = spec.layers[index];
    const result = layerOutputShape(layer, index, current);
    layers.push({ index, type: layer.type, input: current, ...result });
    if (!result.output) return { layers, output: null, failedAt: index };
    current = result.output;
  }
  return { layers, output: current, failedAt: null };
}
