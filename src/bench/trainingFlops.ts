/**
 * Arithmetic of one training example, for "% of the WebAssembly ceiling" in `npm run bench`: the
 * multiply-adds of every convolution and dense layer (2 FLOP each), counted 3× for training (forward,
 * input gradient, weight gradient) except in the first such layer, whose input gradient nobody asks for.
 * Pooling, activations, biases and the optimiser are left out: they are memory traffic, not products.
 */
import * as tf from '@tensorflow/tfjs';

interface LayerShapes {
  className: string;
  kernelShape: number[] | null;
  outputShape: number[];
}

/** The shapes that decide a layer's products (the layer's kernel and its output). */
function shapesOf(layer: tf.layers.Layer): LayerShapes {
  const kernel = layer.getWeights().find((w) => w.shape.length >= 2) ?? null;
  const output = layer.outputShape as number[];
  return { className: layer.getClassName(), kernelShape: kernel ? kernel.shape : null, outputShape: output };
}

/** Multiply-adds of one example through `layer` (forward), 0 for layers without a product. */
export function multiplyAdds({ className, kernelShape, outputShape }: LayerShapes): number {
  if (kernelShape === null) return 0;
  if (className === 'Conv2D') {
    const [fh, fw, inC, outC] = kernelShape;
    const [, outH, outW] = outputShape;
    return outH * outW * fh * fw * inC * outC;
  }
  if (className === 'Dense') return kernelShape[0] * kernelShape[1];
  return 0;
}

/** Training FLOP per example of a built model (see the module comment for what is counted). */
export function trainingFlopsPerExample(model: tf.LayersModel): number {
  let flops = 0;
  let first = true;
  for (const layer of model.layers) {
    const macs = multiplyAdds(shapesOf(layer));
    if (macs === 0) continue;
    flops += 2 * macs * (first ? 2 : 3);
    first = false;
  }
  return flops;
}
