/**
 * PyTorch code (NCHW) that builds, checks and trains a playground network. TensorFlow's SAME
 * padding becomes explicit padding (asymmetric when TensorFlow pads more at the bottom/right); the
 * final softmax is folded into nn.CrossEntropyLoss, as is usual in PyTorch. Values are checked and
 * text escaped as in the tf.keras export (python-text.ts).
 */
import { accountSpec } from './accounting';
import { DEFAULT_INIT_STDDEV } from './layer-defaults';
import { layerName } from './layer-names';
import { checkChoices, header, IDX_FILES, settingsAndLoader } from './python-preamble';
import {
  ExportRefused,
  guardedExport,
  pyBool,
  pyInt,
  pyNumber,
  pyTuple,
  type PythonExport,
} from './python-text';
import { inferShapes } from './shapes';
import type { ActivationName, Conv2DLayer, DatasetName, DenseLayer, ModelSpec, TrainingSpec } from './types';

const TORCH_ACTIVATION: Record<ActivationName, string | null> = {
  relu: 'nn.ReLU()',
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  elu: 'nn.ELU()',
  softmax: 'nn.Softmax(dim=1)',
  linear: null,
};

function torchInit(layer: Conv2DLayer | DenseLayer, index: number): string[] {
  const m = `model[${index}]`;
  const s = pyNumber(layer.initStddev ?? DEFAULT_INIT_STDDEV, 'initStddev');
  const weights: Record<string, string> = {
    glorotUniform: `nn.init.xavier_uniform_(${m}.weight)`,
    heNormal: `nn.init.kaiming_normal_(${m}.weight, nonlinearity="relu")`,
    heUniform: `nn.init.kaiming_uniform_(${m}.weight, nonlinearity="relu")`,
    truncatedNormal: `nn.init.trunc_normal_(${m}.weight, std=${s}, a=-2 * ${s}, b=2 * ${s})`,
    randomNormal: `nn.init.normal_(${m}.weight, std=${s})`,
  };
  if (!Object.hasOwn(weights, layer.kernelInitializer))
    throw new ExportRefused('a kernelInitializer is not one the export knows');
  const weight = weights[layer.kernelInitializer];
  return layer.useBias
    ? [weight, `nn.init.constant_(${m}.bias, ${pyNumber(layer.biasInit ?? 0, 'biasInit')})`]
    : [weight];
}

function torchOptimizer(t: TrainingSpec): string {
  const lr = pyNumber(t.learningRate, 'learningRate');
  const groups = '[{"params": kernels, "weight_decay": 2 * L2}, {"params": others, "weight_decay": 0.0}]';
  switch (t.optimizer) {
    case 'sgd':
      return `torch.optim.SGD(${groups}, lr=${lr})`;
    case 'momentum':
      return `torch.optim.SGD(${groups}, lr=${lr}, momentum=0.9)`;
    case 'adam':
      return `torch.optim.Adam(${groups}, lr=${lr}, eps=1e-7)`;
    case 'rmsprop':
      return `torch.optim.RMSprop(${groups}, lr=${lr}, alpha=0.9, eps=1e-7)`;
    case 'adadelta':
      return `torch.optim.Adadelta(${groups}, lr=${lr}, rho=0.95, eps=1e-7)`;
    default:
      throw new ExportRefused('the optimizer is not one the export knows');
  }
}

/** The nn.Sequential body and the initialisation lines of the network. */
function torchModules(spec: ModelSpec): { modules: string[]; inits: string[] } {
  const shapes = inferShapes(spec);
  const modules: string[] = [];
  const inits: string[] = [];
  const last = spec.layers.length - 1;
  // Comments hold only generated layer names, never user text.
  const add = (module: string, comment = '') =>
    modules.push(`    ${module},${comment ? `  # ${comment}` : ''}`);
  spec.layers.forEach((layer, i) => {
    const s = shapes.layers[i];
    const input = s.input.map((d, k) => pyInt(d, `the input shape of layer ${i + 1} [${k}]`));
    const tag = layerName(spec, i);
    const w = s.window;
    const pad = w
      ? {
          t: pyInt(w.height.padBefore, 'padding'),
          b: pyInt(w.height.padAfter, 'padding'),
          l: pyInt(w.width.padBefore, 'padding'),
          r: pyInt(w.width.padAfter, 'padding'),
        }
      : null;
    const symmetric = pad !== null && pad.t === pad.b && pad.l === pad.r;
    const explicitPad = (value: string) => {
      if (pad && !symmetric)
        add(
          value === '0'
            ? `nn.ZeroPad2d((${pad.l}, ${pad.r}, ${pad.t}, ${pad.b}))`
            : `nn.ConstantPad2d((${pad.l}, ${pad.r}, ${pad.t}, ${pad.b}), ${value})`,
          `TensorFlow SAME padding of ${tag}`,
        );
    };
    const padArg = pad && symmetric ? `(${pad.t}, ${pad.l})` : '0';
    switch (layer.type) {
      case 'conv2d': {
        explicitPad('0');
        inits.push(...torchInit(layer, modules.length));
        add(
          `nn.Conv2d(${input[2]}, ${pyInt(layer.filters, 'filters')}, kernel_size=${pyTuple(layer.kernelSize, 'kernelSize')}, stride=${pyTuple(layer.strides, 'strides')}, padding=${padArg}, bias=${pyBool(layer.useBias, 'useBias')})`,
          tag,
        );
        break;
      }
      case 'maxPool2d':
        // Padding with -inf is what TensorFlow does: a padded cell never wins the max.
        explicitPad('float("-inf")');
        add(
          `nn.MaxPool2d(kernel_size=${pyTuple(layer.poolSize, 'poolSize')}, stride=${pyTuple(layer.strides, 'strides')}, padding=${padArg})`,
          tag,
        );
        break;
      case 'avgPool2d':
        explicitPad('0');
        add(
          `nn.AvgPool2d(kernel_size=${pyTuple(layer.poolSize, 'poolSize')}, stride=${pyTuple(layer.strides, 'strides')}, padding=${padArg}, count_include_pad=False)`,
          pad && !symmetric ? `${tag}; border averages include the zero padding, unlike TensorFlow` : tag,
        );
        break;
      case 'flatten':
        add('nn.Flatten()', `${tag} (PyTorch flattens channels first; the count is the same)`);
        break;
      case 'dense':
        inits.push(...torchInit(layer, modules.length));
        add(
          `nn.Linear(${input[0]}, ${pyInt(layer.units, 'units')}, bias=${pyBool(layer.useBias, 'useBias')})`,
          tag,
        );
        break;
      case 'dropout':
        add(`nn.Dropout(p=${pyNumber(layer.rate, 'rate')})`, tag);
        break;
      case 'batchNorm':
        // Keras' momentum 0.99 is PyTorch's 0.01 (they weight the new batch, not the old mean).
        add(
          `nn.BatchNorm${input.length === 3 ? '2d' : '1d'}(${input[input.length - 1]}, eps=1e-3, momentum=0.01)`,
          tag,
        );
        break;
      case 'activation':
        break;
      case 'lrn': {
        const size = 2 * layer.depthRadius + 1;
        // PyTorch divides alpha by the window size; TensorFlow does not.
        add(
          `nn.LocalResponseNorm(size=${pyInt(size, 'depthRadius')}, alpha=${pyNumber(layer.alpha * size, 'alpha')}, beta=${pyNumber(layer.beta, 'beta')}, k=${pyNumber(layer.bias, 'bias')})`,
          tag,
        );
        break;
      }
      default:
        throw new ExportRefused(`layer ${i + 1} has a type the export does not know`);
    }
    const act =
      layer.type === 'conv2d' || layer.type === 'dense' || layer.type === 'activation'
        ? layer.activation
        : null;
    if (act !== null && !Object.hasOwn(TORCH_ACTIVATION, act))
      throw new ExportRefused(`layer ${i + 1} has an activation the export does not know`);
    if (act === 'softmax' && (i === last || (i === last - 1 && spec.layers[last].type === 'activation'))) {
      modules.push(
        '    # softmax: folded into nn.CrossEntropyLoss below (use torch.softmax(model(x), 1) for probabilities)',
      );
    } else if (act && TORCH_ACTIVATION[act]) add(TORCH_ACTIVATION[act] as string);
  });
  return { modules, inits };
}

/** PyTorch code that builds, checks and trains the network; no torchvision needed. */
export function exportPytorchPython(spec: ModelSpec, dataset: DatasetName = 'mnist'): PythonExport {
  return guardedExport(() => {
    checkChoices(spec);
    const acc = accountSpec(spec);
    if (!acc) return { code: null, params: 0, reason: 'the model has errors' };
    const { modules, inits } = torchModules(spec);
    const t = spec.training;
    const [h, w, c] = spec.inputShape.map((d, k) => pyInt(d, `inputShape[${k}]`));
    const code = `${header(spec, acc.totalParams, 'PyTorch')}
import gzip
import os

import numpy as np
import torch
from torch import nn

${settingsAndLoader(spec, dataset)}


torch.manual_seed(${pyInt(t.seed, 'seed')})
L2 = ${pyNumber(t.l2, 'l2')}  # Keras adds L2 * sum(w**2) to the loss; PyTorch's weight_decay is its gradient, 2 * L2 * w

model = nn.Sequential(
${modules.join('\n')}
)
with torch.no_grad():
${(inits.length ? inits : ['pass']).map((l) => `    ${l}`).join('\n')}

# Keras counts BatchNormalization's moving mean and variance as parameters; PyTorch keeps them as buffers.
n_params = sum(p.numel() for p in model.parameters()) + sum(
    b.numel() for name, b in model.named_buffers() if not name.endswith("num_batches_tracked"))
print(model)
print("Total params:", n_params)
assert n_params == ${acc.totalParams}, n_params
assert model(torch.zeros(2, ${c}, ${h}, ${w})).shape == (2, ${pyInt(acc.outputShape[0], 'the output size')})


def tensors(images, labels, limit):
    """Images as float NCHW in [0, 1], labels as int64."""
    x = torch.tensor(load_idx(images, limit), dtype=torch.float32).div(255).unsqueeze(1)
    return torch.utils.data.TensorDataset(x, torch.tensor(load_idx(labels, limit), dtype=torch.int64))


train = tensors("${IDX_FILES.trainImages}", "${IDX_FILES.trainLabels}", TRAIN_LIMIT)
test = tensors("${IDX_FILES.testImages}", "${IDX_FILES.testLabels}", TEST_LIMIT)
train_loader = torch.utils.data.DataLoader(train, batch_size=${pyInt(t.batchSize, 'batchSize')}, shuffle=True)
test_loader = torch.utils.data.DataLoader(test, batch_size=1000)

kernels = [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
others = [p for p in model.parameters() if all(p is not k for k in kernels)]
optimizer = ${torchOptimizer(t)}
loss_fn = nn.CrossEntropyLoss()
for epoch in range(EPOCHS):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            correct += (model(x).argmax(1) == y).sum().item()
    print(f"{MODEL_NAME}: epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {correct / len(test):.4f}")
`;
    return { code, params: acc.totalParams };
  });
}
