/**
 * What both Python exports begin with: a header that names the model (escaped, never on lines 1–2,
 * where Python reads a `coding:` declaration), the model's name as a string literal, the settings a
 * learner edits, and a reader of the IDX files the playground trains on, so that the code needs
 * neither torchvision nor a download.
 */
import { LAYER_TYPES } from './layer-defaults';
import { ACTIVATIONS, INITIALIZERS, OPTIMIZERS } from './parse-spec';
import { ExportRefused, pyChoice, pyComment, pyInt, pyLookup, pyString } from './python-text';
import type { DatasetName, ModelSpec } from './types';

/**
 * Folder and web path of each dataset's IDX files (as `npm run datasets` and the playground name
 * them). Only the IDX datasets: the exported code reads IDX files, and CIFAR-10's binary batches,
 * class subsets and a learner's own datasets are not written yet.
 */
const DATASET_DIR: Partial<Record<DatasetName, string>> = { mnist: 'mnist', 'fashion-mnist': 'fashion-mnist' };

/**
 * Why the exported Python cannot read `dataset`, or null when it can (MNIST and Fashion-MNIST). The
 * one wording of that refusal: the copy-as-code export and the Python project both use it, and the
 * page shows it where either is offered.
 */
export function pythonDatasetRefusal(dataset: DatasetName): string | null {
  if (Object.hasOwn(DATASET_DIR, dataset)) return null;
  return `the Python code reads the IDX files of MNIST and Fashion-MNIST; ${dataset} is not one of them (CIFAR-10, class subsets and your own datasets cannot be exported as code yet)`;
}

/** The IDX files, as the playground serves them. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/**
 * Refuses a spec whose words are not the playground's own, in both exporters alike, even where one
 * of them does not write that word: such a spec did not come from the playground's parser.
 */
export function checkChoices(spec: ModelSpec): void {
  pyChoice(spec.training.optimizer, OPTIMIZERS, 'optimizer');
  spec.layers.forEach((layer, i) => {
    const what = `layer ${i + 1}`;
    pyChoice(layer.type, LAYER_TYPES, `${what} type`);
    if ('padding' in layer) pyChoice(layer.padding, ['valid', 'same'], `${what} padding`);
    if ('activation' in layer) pyChoice(layer.activation, ACTIVATIONS, `${what} activation`);
    if ('kernelInitializer' in layer)
      pyChoice(layer.kernelInitializer, INITIALIZERS, `${what} kernelInitializer`);
  });
}

/** Lines 1–4: two fixed lines first, then the (escaped) name and the parameter count. */
export function header(spec: ModelSpec, params: number, framework: string): string {
  return [
    `# Exported from CNN Playground for ${framework}.`,
    '# Same layers, output shapes and parameter count as in the playground.',
    `# Model: ${pyComment(spec.name)}`,
    `# Total params: ${pyInt(params, 'the parameter count')} (${params.toLocaleString('en')})`,
  ].join('\n');
}

/** The settings block and `load_idx`; needs `gzip`, `os` and `numpy as np` imported. */
export function settingsAndLoader(spec: ModelSpec, dataset: DatasetName): string {
  const refusal = pythonDatasetRefusal(dataset);
  if (refusal) throw new ExportRefused(refusal);
  const dir = pyLookup(DATASET_DIR as Record<string, string>, dataset, 'dataset');
  return `MODEL_NAME = ${pyString(spec.name)}
# The dataset's four IDX files (${Object.values(IDX_FILES).join(', ')}): the playground
# serves them at <its address>/datasets/${dir}/, and \`npm run datasets\` puts them in public/datasets/${dir}/.
# Put them in DATA_DIR, or point CNNP_DATA_DIR at a folder that has them. Nothing is downloaded.
DATA_DIR = os.environ.get("CNNP_DATA_DIR", os.path.join("data", ${pyString(dir)}))
EPOCHS = int(os.environ.get("CNNP_EPOCHS", ${pyString(pyInt(spec.training.epochs, 'epochs'))}))
# Fewer images for a quick try, e.g. CNNP_TRAIN_LIMIT=1000 CNNP_TEST_LIMIT=1000.
TRAIN_LIMIT = int(os.environ.get("CNNP_TRAIN_LIMIT", "60000"))
TEST_LIMIT = int(os.environ.get("CNNP_TEST_LIMIT", "10000"))


def load_idx(name, limit):
    """An IDX file of DATA_DIR (gzipped or not) as a uint8 array: images [n, 28, 28], labels [n]."""
    path = os.path.join(DATA_DIR, name)
    if not os.path.exists(path) and os.path.exists(path[: -len(".gz")]):
        path = path[: -len(".gz")]
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: put the dataset's IDX files in {DATA_DIR} (see the top of this file)")
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    if data[0] or data[1] or data[2] != 8:
        raise SystemExit(f"{path} is not an IDX file of unsigned bytes")
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(data[3])]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)[:limit]`;
}
