/**
 * Runnable Python for taking a playground network to a real training setup: tf.keras and
 * PyTorch versions that build the same layers (same shapes, same parameter count, which the
 * code asserts), load the dataset, and train with the spec's optimiser and settings.
 */
import { accountSpec } from './accounting';
import { DEFAULT_INIT_STDDEV } from './layer-defaults';
import { layerName } from './layer-names';
import { layerSeed } from './layer-seed';
import { inferShapes } from './shapes';
import type { ActivationName, Conv2DLayer, DatasetName, DenseLayer, ModelSpec, Pair, TrainingSpec } from './types';

export interface PythonExport {
  /** The code, or null when the spec cannot be built (validate it first). */
  code: string | null;
  /** The parameter count the code asserts (Keras' count). */
  params: number;
}

/** Python literal of a number (JS prints 1e-7 and 0.5 the way Python reads them). */
const py = (x: number): string => String(x);
const tuple = (p: Pair | number[]): string => `(${p.join(', ')}${p.length === 1 ? ',' : ''})`;
const KERAS_DATASET: Record<DatasetName, string> = { mnist: 'mnist', 'fashion-mnist': 'fashion_mnist' };
const TORCH_DATASET: Record<DatasetName, string> = { mnist: 'MNIST', 'fashion-mnist': 'FashionMNIST' };

function header(spec: ModelSpec, params: number, framework: string): string {
  return [
    `# ${spec.name} — exported from CNN Playground for ${framework}.`,
    `# Same layers, output shapes and parameter count as in the playground: ${params.toLocaleString('en')} parameters.`,
    `# Total params: ${params}`,
  ].join('\n');
}

function kerasInitializer(layer: Conv2DLayer | DenseLayer, seed: number): string {
  const stddev = py(layer.initStddev ?? DEFAULT_INIT_STDDEV);
  switch (layer.kernelInitializer) {
    case 'glorotUniform':
      return `keras.initializers.GlorotUniform(seed=${seed})`;
    case 'heNormal':
      return `keras.initializers.HeNormal(seed=${seed})`;
    case 'heUniform':
      return `keras.initializers.HeUniform(seed=${seed})`;
    case 'truncatedNormal':
      return `keras.initializers.TruncatedNormal(stddev=${stddev}, seed=${seed})`;
    case 'randomNormal':
      return `keras.initializers.RandomNormal(stddev=${stddev}, seed=${seed})`;
  }
}

function kerasOptimizer(t: TrainingSpec): string {
  const lr = py(t.learningRate);
  switch (t.optimizer) {
    case 'sgd':
      return `keras.optimizers.SGD(learning_rate=${lr})`;
    case 'momentum':
      return `keras.optimizers.SGD(learning_rate=${lr}, momentum=0.9)`;
    case 'adam':
      return `keras.optimizers.Adam(learning_rate=${lr})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(learning_rate=${lr})`;
    case 'adadelta':
      return `keras.optimizers.Adadelta(learning_rate=${lr})`;
  }
}

/** tf.keras code that builds, checks and trains the network. */
export function exportKerasPython(spec: ModelSpec, dataset: DatasetName = 'mnist'): PythonExport {
  const acc = accountSpec(spec);
  if (!acc) return { code: null, params: 0 };
  const reg = spec.training.l2 > 0 ? `, kernel_regularizer=keras.regularizers.L2(${py(spec.training.l2)})` : '';
  const lines = spec.layers.map((layer, i) => {
    const name = `name="${layerName(spec, i)}"`;
    const seed = layerSeed(spec.training.seed, i);
    switch (layer.type) {
      case 'conv2d': {
        const bias = layer.biasInit ? `, bias_initializer=keras.initializers.Constant(${py(layer.biasInit)})` : '';
        return `layers.Conv2D(${layer.filters}, ${tuple(layer.kernelSize)}, strides=${tuple(layer.strides)}, padding="${layer.padding}", activation="${layer.activation}", use_bias=${layer.useBias ? 'True' : 'False'}, kernel_initializer=${kerasInitializer(layer, seed)}${bias}${reg}, ${name})`;
      }
      case 'maxPool2d':
      case 'avgPool2d':
        return `layers.${layer.type === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D'}(pool_size=${tuple(layer.poolSize)}, strides=${tuple(layer.strides)}, padding="${layer.padding}", ${name})`;
      case 'flatten':
        return `layers.Flatten(${name})`;
      case 'dense': {
        const bias = layer.biasInit ? `, bias_initializer=keras.initializers.Constant(${py(layer.biasInit)})` : '';
        return `layers.Dense(${layer.units}, activation="${layer.activation}", use_bias=${layer.useBias ? 'True' : 'False'}, kernel_initializer=${kerasInitializer(layer, seed)}${bias}${reg}, ${name})`;
      }
      case 'dropout':
        return `layers.Dropout(${py(layer.rate)}, ${name})`;
      case 'batchNorm':
        return `layers.BatchNormalization(${name})`;
      case 'activation':
        return `layers.Activation("${layer.activation}", ${name})`;
      case 'lrn':
        return `layers.Lambda(lambda x: tf.nn.local_response_normalization(x, depth_radius=${layer.depthRadius}, bias=${py(layer.bias)}, alpha=${py(layer.alpha)}, beta=${py(layer.beta)}), ${name})`;
    }
  });
  const t = spec.training;
  const code = `${header(spec, acc.totalParams, 'TensorFlow / tf.keras')}
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(${t.seed})

model = keras.Sequential([
    keras.Input(shape=${tuple(spec.inputShape)}),
${lines.map((l) => `    ${l},`).join('\n')}
])
model.summary()
assert model.count_params() == ${acc.totalParams}, model.count_params()

(x_train, y_train), (x_test, y_test) = keras.datasets.${KERAS_DATASET[dataset]}.load_data()
x_train = (x_train[..., np.newaxis] / 255.0).astype("float32")
x_test = (x_test[..., np.newaxis] / 255.0).astype("float32")

model.compile(optimizer=${kerasOptimizer(t)}, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=${t.batchSize}, epochs=${t.epochs}, validation_data=(x_test, y_test))
loss, accuracy = model.evaluate(x_test, y_test)
print(f"test accuracy {accuracy:.4f}, loss {loss:.4f}")
`;
  return { code, params: acc.totalParams };
}

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
  const s = py(layer.initStddev ?? DEFAULT_INIT_STDDEV);
  const weight = {
    glorotUniform: `nn.init.xavier_uniform_(${m}.weight)`,
    heNormal: `nn.init.kaiming_normal_(${m}.weight, nonlinearity="relu")`,
    heUniform: `nn.init.kaiming_uniform_(${m}.weight, nonlinearity="relu")`,
    truncatedNormal: `nn.init.trunc_normal_(${m}.weight, std=${s}, a=-2 * ${s}, b=2 * ${s})`,
    randomNormal: `nn.init.normal_(${m}.weight, std=${s})`,
  }[layer.kernelInitializer];
  return layer.useBias ? [weight, `nn.init.constant_(${m}.bias, ${py(layer.biasInit ?? 0)})`] : [weight];
}

function torchOptimizer(t: TrainingSpec): string {
  const lr = py(t.learningRate);
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
  }
}

/**
 * PyTorch code (NCHW) that builds, checks and trains the network. TensorFlow's SAME padding
 * becomes explicit padding (asymmetric when TensorFlow pads more at the bottom/right); the
 * final softmax is folded into nn.CrossEntropyLoss, as is usual in PyTorch.
 */
export function exportPytorchPython(spec: ModelSpec, dataset: DatasetName = 'mnist'): PythonExport {
  const acc = accountSpec(spec);
  if (!acc) return { code: null, params: 0 };
  const shapes = inferShapes(spec);
  const modules: string[] = [];
  const inits: string[] = [];
  const last = spec.layers.length - 1;
  const add = (module: string, comment = '') => modules.push(`    ${module},${comment ? `  # ${comment}` : ''}`);
  spec.layers.forEach((layer, i) => {
    const s = shapes.layers[i];
    const input = s.input;
    const tag = layerName(spec, i);
    const pad = s.window ? { t: s.window.height.padBefore, b: s.window.height.padAfter, l: s.window.width.padBefore, r: s.window.width.padAfter } : null;
    const symmetric = pad !== null && pad.t === pad.b && pad.l === pad.r;
    const explicitPad = (value: string) => {
      if (pad && !symmetric) add(value === '0' ? `nn.ZeroPad2d((${pad.l}, ${pad.r}, ${pad.t}, ${pad.b}))` : `nn.ConstantPad2d((${pad.l}, ${pad.r}, ${pad.t}, ${pad.b}), ${value})`, `TensorFlow SAME padding of ${tag}`);
    };
    const padArg = pad && symmetric ? `(${pad.t}, ${pad.l})` : '0';
    switch (layer.type) {
      case 'conv2d': {
        explicitPad('0');
        inits.push(...torchInit(layer, modules.length));
        add(`nn.Conv2d(${input[2]}, ${layer.filters}, kernel_size=${tuple(layer.kernelSize)}, stride=${tuple(layer.strides)}, padding=${padArg}, bias=${layer.useBias ? 'True' : 'False'})`, tag);
        break;
      }
      case 'maxPool2d':
        // Padding with -inf is what TensorFlow does: a padded cell never wins the max.
        explicitPad('float("-inf")');
        add(`nn.MaxPool2d(kernel_size=${tuple(layer.poolSize)}, stride=${tuple(layer.strides)}, padding=${padArg})`, tag);
        break;
      case 'avgPool2d':
        explicitPad('0');
        add(
          `nn.AvgPool2d(kernel_size=${tuple(layer.poolSize)}, stride=${tuple(layer.strides)}, padding=${padArg}, count_include_pad=False)`,
          pad && !symmetric ? `${tag}; border averages include the zero padding, unlike TensorFlow` : tag,
        );
        break;
      case 'flatten':
        add('nn.Flatten()', `${tag} (PyTorch flattens channels first; the count is the same)`);
        break;
      case 'dense':
        inits.push(...torchInit(layer, modules.length));
        add(`nn.Linear(${input[0]}, ${layer.units}, bias=${layer.useBias ? 'True' : 'False'})`, tag);
        break;
      case 'dropout':
        add(`nn.Dropout(p=${py(layer.rate)})`, tag);
        break;
      case 'batchNorm':
        // Keras' momentum 0.99 is PyTorch's 0.01 (they weight the new batch, not the old mean).
        add(`nn.BatchNorm${input.length === 3 ? '2d' : '1d'}(${input[input.length - 1]}, eps=1e-3, momentum=0.01)`, tag);
        break;
      case 'activation':
        break;
      case 'lrn': {
        const size = 2 * layer.depthRadius + 1;
        // PyTorch divides alpha by the window size; TensorFlow does not.
        add(`nn.LocalResponseNorm(size=${size}, alpha=${py(layer.alpha * size)}, beta=${py(layer.beta)}, k=${py(layer.bias)})`, tag);
        break;
      }
    }
    const act = layer.type === 'conv2d' || layer.type === 'dense' || layer.type === 'activation' ? layer.activation : null;
    if (act === 'softmax' && (i === last || (i === last - 1 && spec.layers[last].type === 'activation'))) {
      modules.push('    # softmax: folded into nn.CrossEntropyLoss below (use torch.softmax(model(x), 1) for probabilities)');
    } else if (act && TORCH_ACTIVATION[act]) add(TORCH_ACTIVATION[act] as string);
  });
  const t = spec.training;
  const [h, w, c] = spec.inputShape;
  const code = `${header(spec, acc.totalParams, 'PyTorch')}
import torch
from torch import nn
from torchvision import datasets, transforms

torch.manual_seed(${t.seed})
L2 = ${py(t.l2)}  # Keras adds L2 * sum(w**2) to the loss; PyTorch's weight_decay is its gradient, 2 * L2 * w

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
assert model(torch.zeros(2, ${c}, ${h}, ${w})).shape == (2, ${acc.outputShape[0]})

to_tensor = transforms.ToTensor()  # scales pixels to [0, 1]
train = datasets.${TORCH_DATASET[dataset]}("data", train=True, download=True, transform=to_tensor)
test = datasets.${TORCH_DATASET[dataset]}("data", train=False, download=True, transform=to_tensor)
train_loader = torch.utils.data.DataLoader(train, batch_size=${t.batchSize}, shuffle=True)
test_loader = torch.utils.data.DataLoader(test, batch_size=1000)

kernels = [m.weight for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
others = [p for p in model.parameters() if all(p is not k for k in kernels)]
optimizer = ${torchOptimizer(t)}
loss_fn = nn.CrossEntropyLoss()
for epoch in range(${t.epochs}):
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
    print(f"epoch {epoch + 1}: loss {loss.item():.4f}, test accuracy {correct / len(test):.4f}")
`;
  return { code, params: acc.totalParams };
}
