/**
 * "Explain this layer": opens the convolution explorer on one conv or pool layer of the model in the
 * builder, with the layer's real kernel size, stride and padding, running over a real channel of its
 * real input (the engine's activations) with its learned weights. Without a trained model it falls
 * back to the layer's sizes over a test image and says so.
 */
import { SAMPLE_SIDE } from '../engine/explorer/imageKernels';
import { setupFromLayer } from '../engine/explorer/layer';
import { MAX_INPUT_SIDE, MAX_KERNEL_SIDE, type ExplorerSetup } from '../engine/explorer/setup';
import { mulberry32 } from '../engine/train/prng';
import type { KernelWeights, LayerActivation } from '../engine/protocol';
import { layerName } from '../engine/spec/layer-names';
import { layerSeed } from '../engine/spec/layer-seed';
import { describeLayer, inferShapes } from '../engine/spec/shapes';
import type { ModelSpec } from '../engine/spec/types';
import { engine } from './engineBridge';
import { useAppStore } from './index';

export interface ExplainSources {
  spec: ModelSpec;
  index: number;
  /** The engine's answer to `inspect` for one image, or null when there is no model. */
  activations: { input: Float32Array; layers: LayerActivation[] } | null;
  /** The engine's conv kernels (`filters`), or null. */
  kernels: KernelWeights[] | null;
  /** A test image (h·w values in [0, 1]) for the fallback without a model. */
  image: Float32Array | null;
  /** Input channel drawn in front (pooling: the channel pooled). */
  channel?: number;
  /** Conv: the filter explained. */
  outChannel?: number;
}

export type ExplainResult = { setup: ExplorerSetup; notice: string | null } | { error: string };

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Builds the explorer setup for spec layer `index` from what the engine answered. Pure: never
 * throws, and returns `{ error }` with a sentence naming the problem when the layer cannot be shown.
 */
export function explainSetupFor(sources: ExplainSources): ExplainResult {
  const { spec, index } = sources;
  const layer = spec.layers[index];
  if (!layer) return { error: `Layer ${index + 1} does not exist: the network has ${spec.layers.length} layers.` };
  if (layer.type !== 'conv2d' && layer.type !== 'maxPool2d' && layer.type !== 'avgPool2d') {
    return { error: `${describeLayer(index, layer.type)} has no sliding window: "explain this layer" works on convolution and pooling layers.` };
  }
  const shape = inferShapes(spec).layers[index];
  if (!shape || !shape.output || shape.input.length !== 3) {
    return { error: `${describeLayer(index, layer.type)} cannot be applied to its input (${shape?.problem?.message ?? 'no image-shaped input'}): fix the builder's errors first.` };
  }
  const [h, w, c] = shape.input as [number, number, number];
  const kernelSize = layer.type === 'conv2d' ? layer.kernelSize : layer.poolSize;
  if (h > MAX_INPUT_SIDE || w > MAX_INPUT_SIDE || kernelSize[0] > MAX_KERNEL_SIDE || kernelSize[1] > MAX_KERNEL_SIDE) {
    return { error: `${describeLayer(index, layer.type)} is too large to draw step by step: the explorer shows inputs up to ${MAX_INPUT_SIDE}×${MAX_INPUT_SIDE} and kernels up to ${MAX_KERNEL_SIDE}×${MAX_KERNEL_SIDE}.` };
  }
  const label = `${layerName(spec, index)} (layer ${index + 1})`;
  const op = layer.type === 'conv2d' ? 'conv' : layer.type === 'maxPool2d' ? 'maxPool' : 'avgPool';
  const common = { op, kernelSize, strides: layer.strides, padding: layer.padding, label } as const;
  const channel = sources.channel ?? 0;
  const outChannel = sources.outChannel ?? 0;

  const real = realInput(sources, [h, w, c]);
  const kernel = layer.type === 'conv2d' ? sources.kernels?.find((k) => k.layerIndex === index) : undefined;
  const kernelFits = kernel !== undefined && layer.type === 'conv2d' && sameShape(kernel.shape, [kernelSize[0], kernelSize[1], c, layer.filters]);
  if (real && (layer.type !== 'conv2d' || kernelFits)) {
    const setup = setupFromLayer({
      ...common,
      dilation: layer.type === 'conv2d' ? layer.dilation : undefined,
      input: real,
      inputShape: [h, w, c],
      kernel: kernel?.data,
      bias: kernel?.bias,
      activation: layer.type === 'conv2d' ? layer.activation : undefined,
      channel,
      outChannel,
    });
    return { setup, notice: null };
  }

  // No usable model: the layer's real sizes over a test image, one channel, a seeded random filter.
  const mismatch = sources.activations !== null;
  // A colour picture going into the first layer keeps its three channels (stacked in the explorer).
  const colour = index === 0 && c > 1 && sources.image?.length === h * w * c;
  const depth = colour ? c : 1;
  const image = colour ? sources.image! : sources.image ? resample(sources.image, spec.inputShape[0], spec.inputShape[1], h, w) : new Float32Array(h * w);
  const filter = new Float32Array(kernelSize[0] * kernelSize[1] * depth);
  const random = mulberry32(layerSeed(spec.training.seed, index));
  const limit = Math.sqrt(6 / (kernelSize[0] * kernelSize[1] * (depth + 1)));
  for (let i = 0; i < filter.length; i++) filter[i] = (random() * 2 - 1) * limit;
  const setup = setupFromLayer({
    ...common,
    input: image,
    inputShape: [h, w, depth],
    kernel: layer.type === 'conv2d' ? filter : undefined,
    bias: layer.type === 'conv2d' ? new Float32Array(1) : undefined,
    activation: layer.type === 'conv2d' ? layer.activation : undefined,
    channel: 0,
    outChannel: 0,
    label: `${label}, sizes only`,
  });
  const why = mismatch
    ? 'The trained model does not match the network in the builder (it was changed after training)'
    : 'There is no trained model yet';
  const what = index === 0 && (c === 1 || colour) ? 'a test image' : `a test image resized to the layer's ${h}×${w} input (one channel instead of ${c})`;
  return {
    setup,
    notice: `${why}: this shows the layer's real kernel size, stride and padding over ${what}${layer.type === 'conv2d' ? ' with a random filter' : ''}. Train the model to see its real input and learned weights.`,
  };
}

/** The layer's input for one image from the engine's activations, when they fit the builder's spec. */
function realInput(sources: ExplainSources, shape: [number, number, number]): Float32Array | null {
  const { activations, spec, index } = sources;
  if (!activations) return null;
  // The probe's layer list must be the builder's network, layer for layer, or the input is not this layer's.
  const names = activations.layers.map((l) => l.name);
  if (names.length !== spec.layers.length || names.some((name, i) => name !== layerName(spec, i))) return null;
  if (index === 0) return activations.input.length === shape[0] * shape[1] * shape[2] ? activations.input : null;
  const previous = activations.layers[index - 1];
  return sameShape(previous.shape, shape) ? previous.data : null;
}

/** Nearest-neighbour resampling of a single-channel image (the fallback only needs the sizes right). */
function resample(image: Float32Array, fromH: number, fromW: number, toH: number, toW: number): Float32Array {
  if (fromH === toH && fromW === toW && image.length === toH * toW) return image;
  const out = new Float32Array(toH * toW);
  for (let y = 0; y < toH; y++) {
    for (let x = 0; x < toW; x++) {
      const sy = Math.min(fromH - 1, Math.floor(((y + 0.5) * fromH) / toH));
      const sx = Math.min(fromW - 1, Math.floor(((x + 0.5) * fromW) / toW));
      out[y * toW + x] = image[sy * fromW + sx] ?? 0;
    }
  }
  return out;
}

export interface ExplainOptions {
  /** Input channel drawn in front (default 0). */
  channel?: number;
  /** Conv: which filter (default 0). */
  outChannel?: number;
}

/**
 * Opens the explorer tab on spec layer `index` of the builder's network. Never rejects: problems end
 * up as the explorer tab's notice.
 */
export async function explainLayer(index: number, options: ExplainOptions = {}): Promise<void> {
  const store = useAppStore.getState();
  const spec = store.spec;
  const input = store.inspectionInput;
  let activations: ExplainSources['activations'] = null;
  let kernels: KernelWeights[] | null = null;
  let image: Float32Array | null = null;
  try {
    const answer = await engine().request({
      type: 'inspect',
      input: input.kind === 'test' ? { kind: 'test', index: input.index } : { kind: 'pixels', pixels: input.pixels.slice() },
    });
    activations = { input: answer.input, layers: answer.layers };
    image = answer.input;
    if (spec.layers[index]?.type === 'conv2d') kernels = (await engine().request({ type: 'filters' })).layers;
  } catch {
    // No model (or no engine): fall back to a test image below.
  }
  let label = imageLabel(input);
  if (!image) {
    image = await testImage(input.kind === 'test' ? input.index : 0);
    label = `test image #${input.kind === 'test' ? input.index : 0}`;
  }
  const result = explainSetupFor({ spec, index, activations, kernels, image, ...options });
  if ('error' in result) {
    store.setExplainNotice({ text: result.error, severity: 'error' });
    store.setSection('explorer');
    return;
  }
  store.setExplainNotice(result.notice ? { text: result.notice, severity: 'info' } : null);
  // The digit-image fill and its note name the real image the setup came from.
  const sample = image && image.length === SAMPLE_SIDE * SAMPLE_SIDE ? { pixels: Uint8Array.from(image, (v) => Math.round(v * 255)), label } : null;
  store.openExplorer(result.setup, sample);
}

/** What the explorer says its digit image is. */
function imageLabel(input: ReturnType<typeof useAppStore.getState>['inspectionInput']): string {
  return input.kind === 'test' ? `test image #${input.index}` : 'your drawing';
}

/** One test image of the current dataset as floats in [0, 1], or null when the engine cannot give one. */
async function testImage(index: number): Promise<Float32Array | null> {
  const dataset = useAppStore.getState().dataset;
  try {
    await engine().request({ type: 'loadDataset', dataset });
    const answer = await engine().request({ type: 'samples', dataset, split: 'test', indices: [index] });
    return answer.images.length > 0 ? Float32Array.from(answer.images, (v) => v / 255) : null;
  } catch {
    return null;
  }
}
