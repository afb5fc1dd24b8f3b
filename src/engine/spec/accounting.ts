/**
 * Cost accounting of a spec, per layer and in total: parameters (the Keras count, equal to
 * tfjs's model.countParams()), multiply-adds of one forward pass, activation memory and the
 * receptive field with its jump. tfjs-free and cheap enough for every keystroke.
 *
 * Conventions (stated once so the UI can quote them):
 * - parameters include BatchNormalization's moving mean and variance, as Keras counts them;
 * - multiply-adds: conv = outH·outW·filters·kh·kw·inC, dense = in·units, batch norm = one per
 *   value, LRN = (2r + 1) per value (the sum of squares); pooling, activations, dropout and
 *   flatten compare, add or copy and count 0; bias additions are not counted;
 * - activation memory is the float32 output of each layer for one example (4 bytes a value).
 */
import { KERAS_CLASS, formatShape, inferShapes } from './shapes';
import { layerName } from './layer-names';
import type { LayerSpec, ModelSpec, Pair, Shape } from './types';

export const BYTES_PER_VALUE = 4;

export interface LayerAccounting {
  index: number;
  /** The tfjs layer name, e.g. conv2d_0. */
  name: string;
  /** The Keras class name, e.g. Conv2D. */
  kerasClass: string;
  outputShape: Shape;
  params: number;
  trainableParams: number;
  macs: number;
  /** Bytes of this layer's output for one example. */
  activationBytes: number;
  /** Input pixels (height, width) one output value depends on. */
  receptiveField: Pair;
  /** Input pixels between neighbouring output values (the product of strides so far). */
  jump: Pair;
  /** True once the data is flat: every value then sees the whole input. */
  global: boolean;
}

export interface ModelAccounting {
  layers: LayerAccounting[];
  inputShape: Shape;
  outputShape: Shape;
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  totalMacs: number;
  /** Bytes of the input plus every layer's output, one example. */
  activationBytes: number;
}

const product = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** Parameters of one layer given its input shape: [total, trainable]. */
export function layerParams(layer: LayerSpec, input: Shape): [number, number] {
  const channels = input[input.length - 1];
  switch (layer.type) {
    case 'conv2d': {
      const n = layer.kernelSize[0] * layer.kernelSize[1] * channels * layer.filters + (layer.useBias ? layer.filters : 0);
      return [n, n];
    }
    case 'dense': {
      const n = channels * layer.units + (layer.useBias ? layer.units : 0);
      return [n, n];
    }
    case 'batchNorm':
      // gamma and beta train; the moving mean and variance are counted but not trained.
      return [4 * channels, 2 * channels];
    default:
      return [0, 0];
  }
}

function layerMacs(layer: LayerSpec, input: Shape, output: Shape): number {
  switch (layer.type) {
    case 'conv2d':
      return product(output) * layer.kernelSize[0] * layer.kernelSize[1] * input[2];
    case 'dense':
      return input[0] * layer.units;
    case 'batchNorm':
      return product(output);
    case 'lrn':
      return product(output) * (2 * layer.depthRadius + 1);
    default:
      return 0;
  }
}

/**
 * Accounting of every layer and the totals, or null when some layer cannot be applied to its
 * input (validateSpec explains why).
 */
export function accountSpec(spec: ModelSpec): ModelAccounting | null {
  const shapes = inferShapes(spec);
  if (!shapes.output) return null;
  const layers: LayerAccounting[] = [];
  let rf: Pair = [1, 1];
  let jump: Pair = [1, 1];
  let global = false;
  for (const s of shapes.layers) {
    const layer = spec.layers[s.index];
    const output = s.output as Shape;
    if (s.window) {
      const { height, width } = s.window;
      rf = [rf[0] + (height.effectiveKernel - 1) * jump[0], rf[1] + (width.effectiveKernel - 1) * jump[1]];
      jump = [jump[0] * height.stride, jump[1] * width.stride];
    }
    if (layer.type === 'flatten' || layer.type === 'dense') {
      global = true;
      rf = [spec.inputShape[0], spec.inputShape[1]];
    }
    const [params, trainableParams] = layerParams(layer, s.input);
    layers.push({
      index: s.index,
      name: layerName(spec, s.index),
      kerasClass: KERAS_CLASS[layer.type],
      outputShape: output,
      params,
      trainableParams,
      macs: layerMacs(layer, s.input, output),
      activationBytes: product(output) * BYTES_PER_VALUE,
      receptiveField: rf,
      jump,
      global,
    });
  }
  const totalParams = layers.reduce((a, l) => a + l.params, 0);
  const trainableParams = layers.reduce((a, l) => a + l.trainableParams, 0);
  return {
    layers,
    inputShape: [...spec.inputShape],
    outputShape: shapes.output,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    totalMacs: layers.reduce((a, l) => a + l.macs, 0),
    activationBytes: (product(spec.inputShape) + layers.reduce((a, l) => a + product(l.outputShape), 0)) * BYTES_PER_VALUE,
  };
}

/** One row of a Keras-style summary table. */
export interface SummaryRow {
  name: string;
  type: string;
  outputShape: string;
  params: number;
  macs: number;
  receptiveField: string;
}

/** The rows of a Keras-style summary (name, type, output shape, params, plus MACs and RF). */
export function summaryRows(accounting: ModelAccounting): SummaryRow[] {
  return accounting.layers.map((l) => ({
    name: l.name,
    type: l.kerasClass,
    outputShape: formatShape(l.outputShape),
    params: l.params,
    macs: l.macs,
    receptiveField: l.global ? 'whole input' : `${l.receptiveField[0]}×${l.receptiveField[1]} (jump ${l.jump[0]}×${l.jump[1]})`,
  }));
}
