/**
 * The kernels of every conv layer, as the page draws them: [kh, kw, in, out] weights plus biases,
 * tagged with the spec index of their layer. A snapshot taken at the start of a run gives the
 * kernels "as initialised" for the before/after comparison.
 */
import type * as tf from '@tensorflow/tfjs';
import type { KernelWeights } from '../protocol';

/** The conv layers of a model, with their spec indices (model.layers[i] is spec layer i). */
export function convLayers(model: tf.LayersModel): { layer: tf.layers.Layer; layerIndex: number }[] {
  const found: { layer: tf.layers.Layer; layerIndex: number }[] = [];
  model.layers.forEach((layer, position) => {
    if (layer.getClassName() !== 'Conv2D') return;
    found.push({ layer, layerIndex: position });
  });
  return found;
}

/**
 * Reads every conv layer's kernel (and bias). The arrays are copies: backends may hand out their
 * own storage from `data()`, and these arrays are about to be transferred.
 */
export async function readKernels(model: tf.LayersModel): Promise<KernelWeights[]> {
  const result: KernelWeights[] = [];
  for (const { layer, layerIndex } of convLayers(model)) {
    const [kernel, bias] = layer.getWeights();
    const data = ((await kernel.data()) as Float32Array).slice();
    const entry: KernelWeights = {
      name: layer.name,
      layerIndex,
      shape: kernel.shape as [number, number, number, number],
      data,
    };
    if (bias) entry.bias = ((await bias.data()) as Float32Array).slice();
    result.push(entry);
  }
  return result;
}

/** Fresh copies of a snapshot, for posting it again without detaching the kept arrays. */
export function copyKernels(kernels: KernelWeights[]): KernelWeights[] {
  return kernels.map((k) => ({ ...k, shape: [...k.shape] as KernelWeights['shape'], data: k.data.slice(), ...(k.bias ? { bias: k.bias.slice() } : {}) }));
}
