/**
 * `model_torch.py` of the Python project: the spec's network as a PyTorch module that computes what
 * the playground (and Keras) compute, and a loader that brings the trained weights from
 * `weights.npz` (Keras layout) into PyTorch's layout: conv kernels (kh, kw, in, out) → (out, in, kh,
 * kw), dense kernels (in, out) → (out, in), and after a Flatten the rows reordered from Keras'
 * channels-last (h, w, c) order to PyTorch's channels-first (c, h, w) order. TensorFlow's SAME
 * padding (extra row/column at the bottom/right, pools that ignore the padding) is reproduced exactly.
 */
import { layerName } from '../spec/layer-names';
import { inferShapes } from '../spec/shapes';
import type { ActivationName, LayerSpec, ModelSpec, Pair } from '../spec/types';

const py = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));
const tuple = (p: Pair): string => `(${p[0]}, ${p[1]})`;

function activationCall(activation: ActivationName, x = 'x'): string {
  switch (activation) {
    case 'relu':
      return `F.relu(${x})`;
    case 'sigmoid':
      return `torch.sigmoid(${x})`;
    case 'tanh':
      return `torch.tanh(${x})`;
    case 'elu':
      return `F.elu(${x})`;
    case 'softmax':
      return `F.softmax(${x}, dim=1)`;
    case 'linear':
      return x;
  }
}

interface Emitted {
  init?: string;
  forward: string[];
  load: string[];
}

/** Weight names in weights.npz per layer type, in Keras order. */
export const NPZ_WEIGHT_NAMES: Partial<Record<LayerSpec['type'], string[]>> = {
  conv2d: ['kernel', 'bias'],
  dense: ['kernel', 'bias'],
  batchNorm: ['gamma', 'beta', 'moving_mean', 'moving_variance'],
};

function emit(layer: LayerSpec, name: string, input: number[], flattened: number[] | null): Emitted {
  const w = (key: string) => `w["${name}/${key}"]`;
  const copy = (param: string, value: string) => `net.${name}.${param}.copy_(t(${value}))`;
  switch (layer.type) {
    case 'conv2d': {
      const pad = layer.padding === 'same' ? `same_pad(x, ${tuple(layer.kernelSize)}, ${tuple(layer.strides)})` : 'x';
      return {
        init: `nn.Conv2d(${input[2]}, ${layer.filters}, ${tuple(layer.kernelSize)}, stride=${tuple(layer.strides)}, bias=${layer.useBias ? 'True' : 'False'})`,
        forward: [`x = ${activationCall(layer.activation, `self.${name}(${pad})`)}`],
        load: [copy('weight', `${w('kernel')}.transpose(3, 2, 0, 1)`), ...(layer.useBias ? [copy('bias', w('bias'))] : [])],
      };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const k = tuple(layer.poolSize);
      const s = tuple(layer.strides);
      const fn = layer.type === 'maxPool2d' ? 'F.max_pool2d' : 'F.avg_pool2d';
      if (layer.padding === 'valid') return { forward: [`x = ${fn}(x, ${k}, ${s})`], load: [] };
      return {
        forward: [layer.type === 'maxPool2d' ? `x = F.max_pool2d(same_pad(x, ${k}, ${s}, float("-inf")), ${k}, ${s})` : `x = same_avg_pool(x, ${k}, ${s})`],
        load: [],
      };
    }
    case 'flatten':
      return { forward: ['x = torch.flatten(x, 1)'], load: [] };
    case 'dense': {
      const kernel = flattened ? `${w('kernel')}[hwc_to_chw(${flattened.join(', ')})]` : w('kernel');
      const lines = [copy('weight', `${kernel}.T`), ...(layer.useBias ? [copy('bias', w('bias'))] : [])];
      if (flattened) lines.unshift(`# Keras flattened (h, w, c) = (${flattened.join(', ')}); PyTorch flattens (c, h, w): reorder the kernel's rows.`);
      return {
        init: `nn.Linear(${input[0]}, ${layer.units}, bias=${layer.useBias ? 'True' : 'False'})`,
        forward: [`x = ${activationCall(layer.activation, `self.${name}(x)`)}`],
        load: lines,
      };
    }
    case 'dropout':
      return { init: `nn.Dropout(${layer.rate})`, forward: [`x = self.${name}(x)`], load: [] };
    case 'batchNorm': {
      const channels = input[input.length - 1];
      const kind = input.length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
      // Keras' momentum 0.99 is PyTorch's 0.01 (the weight of the new batch); epsilon 1e-3 as in Keras.
      const order = flattened ? `[hwc_to_chw(${flattened.join(', ')})]` : '';
      return {
        init: `nn.${kind}(${channels}, eps=1e-3, momentum=0.01)`,
        forward: [`x = self.${name}(x)`],
        load: [
          copy('weight', `${w('gamma')}${order}`),
          copy('bias', `${w('beta')}${order}`),
          copy('running_mean', `${w('moving_mean')}${order}`),
          copy('running_var', `${w('moving_variance')}${order}`),
        ],
      };
    }
    case 'activation':
      return { forward: [`x = ${activationCall(layer.activation)}`], load: [] };
    case 'lrn': {
      const size = 2 * layer.depthRadius + 1;
      // tf.nn.local_response_normalization sums the window; PyTorch averages it (alpha / size).
      return {
        init: `nn.LocalResponseNorm(${size}, alpha=${py(layer.alpha)} * ${size}, beta=${py(layer.beta)}, k=${py(layer.bias)})`,
        forward: [`x = self.${name}(x)`],
        load: [],
      };
    }
  }
}

/** The source of model_torch.py for `spec` (validate the spec first). */
export function torchModelCode(spec: ModelSpec): string {
  const shapes = inferShapes(spec);
  const init: string[] = [];
  const forward: string[] = ['x = x.permute(0, 3, 1, 2)  # channels-last (as Keras and the playground) → channels-first'];
  const load: string[] = [];
  let flattened: number[] | null = null;
  spec.layers.forEach((layer, i) => {
    const name = layerName(spec, i);
    const input = shapes.layers[i].input;
    const out = emit(layer, name, input, flattened);
    if (out.init) init.push(`self.${name} = ${out.init}`);
    forward.push(...out.forward);
    load.push(...out.load);
    if (layer.type === 'flatten' && input.length === 3) flattened = input;
    if (layer.type === 'dense') flattened = null;
  });
  const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l).join('\n');
  return `"""${spec.name}: the playground's network in PyTorch, with its trained weights.

    from model_torch import Net, load_weights
    net = load_weights(Net(), "weights.npz").eval()
    probabilities = net(torch.from_numpy(images))  # images: (N, ${spec.inputShape.join(', ')}) floats in [0, 1]
"""
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def same_pad(x, kernel, stride, value=0.0):
    """TensorFlow's SAME padding: out = ceil(in / stride), the odd extra row/column at the bottom/right."""
    pads = []
    for size, k, s in ((x.shape[3], kernel[1], stride[1]), (x.shape[2], kernel[0], stride[0])):
        total = max((math.ceil(size / s) - 1) * s + k - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)


def same_avg_pool(x, kernel, stride):
    """TensorFlow's SAME average pooling: the padding is not counted in the mean."""
    ones = torch.ones_like(x[:, :1])
    return F.avg_pool2d(same_pad(x, kernel, stride), kernel, stride) / F.avg_pool2d(same_pad(ones, kernel, stride), kernel, stride)


def hwc_to_chw(h, w, c):
    """For each PyTorch (c, h, w) flattened position, the Keras (h, w, c) position it reads."""
    return np.arange(h * w * c).reshape(h, w, c).transpose(2, 0, 1).reshape(-1)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
${indent(init, 8)}

    def forward(self, x):
${indent([...forward, 'return x'], 8)}


def load_weights(net, path="weights.npz"):
    """Copies the playground's trained weights (Keras layout) into the PyTorch layout."""
    w = np.load(path)

    def t(a):
        return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))

    with torch.no_grad():
${load.length ? indent(load, 8) : '        pass'}
    return net
`;
}
