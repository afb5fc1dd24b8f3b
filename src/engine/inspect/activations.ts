/**
 * Every layer's activations for one input image, from one probe model whose outputs are all the
 * layers' outputs. The probe shares the training model's layers (and so its weights): it is never
 * disposed, only dropped when the training model is replaced.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerActivation } from '../protocol';
import { toProbabilities } from '../train/objective';

/** The model's layers that compute something (the input layer is left out). */
export function computingLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
}

export interface ActivationResult {
  layers: LayerActivation[];
  probabilities: Float32Array;
}

export class ActivationProbe {
  private readonly probe: tf.LayersModel;
  private readonly layers: tf.layers.Layer[];
  private readonly inputShape: number[];

  /** @param probabilities true when the network ends in a softmax (else a softmax is applied to its output). */
  constructor(model: tf.LayersModel, private readonly probabilities: boolean) {
    this.layers = computingLayers(model);
    this.probe = tf.model({ inputs: model.inputs, outputs: this.layers.map((layer) => layer.output as tf.SymbolicTensor) });
    this.inputShape = model.inputs[0].shape.slice(1) as number[];
  }

  /** Number of values one input image must have (784 for 28×28×1). */
  get inputSize(): number {
    return this.inputShape.reduce((a, b) => a * b, 1);
  }

  /**
   * Runs one image (`inputSize` values in [0, 1], row-major) through the network in inference mode.
   * Every returned array is a fresh copy, safe to transfer. Throws on a wrong-sized input.
   */
  async run(pixels: Float32Array): Promise<ActivationResult> {
    if (pixels.length !== this.inputSize) {
      throw new Error(`The input image has ${pixels.length} values; this network needs ${this.inputSize} (${this.inputShape.join('×')}).`);
    }
    // One flat tensor holding every layer's output, then the probabilities: a single read-back.
    const flat = tf.tidy(() => {
      const input = tf.tensor(pixels, [1, ...this.inputShape]);
      const outputs = this.probe.apply(input, { training: false }) as tf.Tensor | tf.Tensor[];
      const list = Array.isArray(outputs) ? outputs : [outputs];
      const probabilities = toProbabilities(list[list.length - 1], this.probabilities);
      return tf.concat([...list.map((t) => t.reshape([-1])), probabilities.reshape([-1])]);
    });
    let values: Float32Array;
    try {
      values = (await flat.data()) as Float32Array;
    } finally {
      flat.dispose();
    }
    let offset = 0;
    // model.layers[i] is spec layer i: the position is the spec index.
    const layers = this.layers.map((layer, layerIndex) => {
      const shape = (layer.outputShape as number[]).slice(1);
      const size = shape.reduce((a, b) => a * b, 1);
      const data = values.slice(offset, offset + size);
      offset += size;
      return { layerIndex, name: layer.name, layerType: layer.getClassName(), shape, data };
    });
    return { layers, probabilities: values.slice(offset) };
  }
}
