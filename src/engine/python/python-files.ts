/**
 * The Python text of the project besides the PyTorch model: the LRN layer for Keras, model_keras.py
 * (loads model.keras, or rebuilds the same layers in code and takes weights.npz), train.py (continues
 * training with the playground's settings), check.py (Keras and PyTorch against the playground's own
 * predictions) and the README with the install line.
 */
import { kerasOptimizer } from '../spec/python-export';
import { pythonDatasetRefusal } from '../spec/python-preamble';
import { ExportRefused, pyDocText, pyNumber } from '../spec/python-text';
import type { DatasetName, ModelSpec } from '../spec/types';
import { LRN_PY_MODULE, needsCustomLayer, PYTHON_PACKAGE } from '../keras/keras3-config';

/** What the project's files are called. */
export const PROJECT_FILES = {
  keras: 'model.keras',
  weights: 'weights.npz',
  torch: 'model_torch.py',
  kerasCode: 'model_keras.py',
  train: 'train.py',
  check: 'check.py',
  lrn: `${LRN_PY_MODULE}.py`,
  images: 'sample_images.npy',
  predictions: 'playground_predictions.npy',
  requirements: 'requirements.txt',
  readme: 'README.md',
} as const;

export const INSTALL_LINE = 'pip install -r requirements.txt';
export const REQUIREMENTS = 'keras>=3.0\ntensorflow>=2.16\ntorch>=2.0\nnumpy\n';

/** keras.datasets' name of each dataset train.py can read (the IDX ones: see `pythonDatasetRefusal`). */
const KERAS_DATASET: Partial<Record<DatasetName, string>> = { mnist: 'mnist', 'fashion-mnist': 'fashion_mnist' };

/**
 * Refuses, with the copy-as-code export's reason, a dataset the project's train.py cannot read:
 * its reader takes IDX files, and keras.datasets has no class subsets and no learner's dataset.
 */
export function checkProjectDataset(dataset: DatasetName): void {
  const refusal = pythonDatasetRefusal(dataset);
  if (refusal) throw new ExportRefused(refusal);
}


const customImport = (spec: ModelSpec) => (needsCustomLayer(spec) ? `import ${LRN_PY_MODULE}  # noqa: F401  registers the LRN layer model.keras uses\n` : '');

export const LRN_LAYER_PY = `"""Local response normalisation (tf.nn.local_response_normalization) as a Keras 3 layer.

The playground's TFANN networks use it; Keras has none built in. Importing this module registers it,
so that keras.models.load_model("model.keras") can rebuild the network.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="${PYTHON_PACKAGE}")
class LocalResponseNormalization(keras.layers.Layer):
    def __init__(self, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5, **kwargs):
        super().__init__(**kwargs)
        self.depth_radius = depth_radius
        self.bias = bias
        self.alpha = alpha
        self.beta = beta

    def call(self, x):
        r = self.depth_radius
        channels = x.shape[-1]
        squared = ops.pad(ops.square(x), [[0, 0], [0, 0], [0, 0], [r, r]])
        window = sum(squared[:, :, :, i : i + channels] for i in range(2 * r + 1))
        return x / ops.power(self.bias + self.alpha * window, self.beta)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "depth_radius": self.depth_radius, "bias": self.bias, "alpha": self.alpha, "beta": self.beta}
`;

export function kerasModelPy(spec: ModelSpec): string {
  return `"""${pyDocText(spec.name)} in Keras, with its trained weights.

    from model_keras import load
    model = load()  # the same network as keras.models.load_model("model.keras")
"""
import keras
import numpy as np
${customImport(spec)}

def load(path="${PROJECT_FILES.keras}"):
    """The trained model, as Keras saved it (architecture, weights)."""
    return keras.models.load_model(path)


def load_npz_weights(model, path="${PROJECT_FILES.weights}"):
    """The same weights from weights.npz (the file PyTorch reads too), layer by layer, by name."""
    w = np.load(path)
    for layer in model.layers:
        names = sorted({key.split("/")[1] for key in w.files if key.startswith(layer.name + "/")}, key=["kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance"].index)
        if names:
            layer.set_weights([w[f"{layer.name}/{n}"] for n in names])
    return model
`;
}

export function trainPy(spec: ModelSpec, dataset: DatasetName): string {
  checkProjectDataset(dataset);
  const t = spec.training;
  const logits = spec.layers[spec.layers.length - 1]?.type === 'dense' && (spec.layers[spec.layers.length - 1] as { activation?: string }).activation === 'softmax' ? 'False' : 'True';
  return `"""Continue training ${pyDocText(spec.name)} on ${dataset} with the playground's settings.

    ${INSTALL_LINE}
    python train.py                      # ${t.epochs} epoch(s), batch ${t.batchSize}, the playground's optimiser
    python train.py --epochs 1 --limit 1000 --data path/to/${dataset}

--data is a folder with the dataset's IDX files (train-images-idx3-ubyte.gz, ..., as the playground
serves them); without it Keras downloads ${dataset}. The result is saved as trained.keras.
"""
import argparse
import gzip
import os

import keras
import numpy as np
${customImport(spec)}
EPOCHS = ${t.epochs}
BATCH_SIZE = ${t.batchSize}
OPTIMIZER = ${kerasOptimizer(t)}  # ${t.optimizer}, learning rate ${pyNumber(t.learningRate, 'learningRate')}${t.l2 > 0 ? `; L2 ${t.l2} on every kernel is part of model.keras` : ''}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_data(folder):
    if folder:
        names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
        x, y, xt, yt = (read_idx(os.path.join(folder, n)) for n in names)
    else:
        (x, y), (xt, yt) = keras.datasets.${KERAS_DATASET[dataset]!}.load_data()
    # Pixels / 255 with a channel axis, as the playground feeds them.
    return (x[..., None] / 255.0).astype("float32"), y.astype("int64"), (xt[..., None] / 255.0).astype("float32"), yt.astype("int64")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N images only")
    parser.add_argument("--data", default=None, help="folder with the dataset's IDX .gz files")
    parser.add_argument("--model", default="${PROJECT_FILES.keras}")
    parser.add_argument("--out", default="trained.keras")
    args = parser.parse_args()
    x, y, xt, yt = load_data(args.data)
    if args.limit:
        x, y = x[: args.limit], y[: args.limit]
    model = keras.models.load_model(args.model)
    model.compile(optimizer=OPTIMIZER, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=${logits}), metrics=["accuracy"])
    model.fit(x, y, batch_size=BATCH_SIZE, epochs=args.epochs, validation_data=(xt, yt), verbose=2)
    loss, accuracy = model.evaluate(xt, yt, verbose=0)
    print(f"test accuracy {accuracy:.4f}, test loss {loss:.4f} on {len(xt)} images")
    model.save(args.out)
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
`;
}

export function checkPy(spec: ModelSpec): string {
  return `"""Checks the download: Keras (model.keras) and PyTorch (model_torch.py + weights.npz) must predict
what the playground predicted on the same test images (sample_images.npy), to 1e-4. Prints the
differences as JSON and exits 1 when any is larger.

    python check.py
"""
import json
import sys

import keras
import numpy as np
import torch
${customImport(spec)}
from model_torch import Net, load_weights

images = np.load("${PROJECT_FILES.images}")
playground = np.load("${PROJECT_FILES.predictions}")
keras_out = keras.models.load_model("${PROJECT_FILES.keras}").predict(images, verbose=0)
net = load_weights(Net(), "${PROJECT_FILES.weights}").eval()
with torch.no_grad():
    torch_out = net(torch.from_numpy(images)).numpy()
report = {
    "images": int(len(images)),
    "keras_vs_playground": float(np.abs(keras_out - playground).max()),
    "torch_vs_playground": float(np.abs(torch_out - playground).max()),
    "keras_vs_torch": float(np.abs(keras_out - torch_out).max()),
}
print(json.dumps(report))
sys.exit(0 if max(v for k, v in report.items() if k != "images") <= 1e-4 else 1)
`;
}

export function readme(spec: ModelSpec, dataset: DatasetName, params: number): string {
  const t = spec.training;
  const lrn = needsCustomLayer(spec) ? `\nThe network uses local response normalisation, which Keras has no built-in for: \`${PROJECT_FILES.lrn}\` defines and registers it, and every script imports it before loading \`model.keras\`.\n` : '';
  return `# ${spec.name} — from CNN Playground

A network trained in CNN Playground on ${dataset} (${params.toLocaleString('en')} parameters), ready for Python.

Install: \`${INSTALL_LINE}\`

| file | what |
| --- | --- |
| \`${PROJECT_FILES.keras}\` | the model for Keras 3: \`keras.models.load_model("${PROJECT_FILES.keras}")\` |
| \`${PROJECT_FILES.weights}\` | the trained weights in Keras layout, as NumPy arrays (\`<layer>/kernel\`, \`<layer>/bias\`, …) |
| \`${PROJECT_FILES.kerasCode}\` | loads the model in Keras (or its weights from the .npz) |
| \`${PROJECT_FILES.torch}\` | the same network in PyTorch; \`load_weights\` converts the layouts (kernels, flatten order) |
| \`${PROJECT_FILES.train}\` | continues training on ${dataset}: ${t.optimizer}, learning rate ${t.learningRate}, batch ${t.batchSize}, ${t.epochs} epoch(s) |
| \`${PROJECT_FILES.check}\` | Keras and PyTorch predictions vs the playground's on the sample test images (to 1e-4) |
${lrn}
Images go in as the playground feeds them: shape (N, ${spec.inputShape.join(', ')}), pixels / 255.
`;
}
