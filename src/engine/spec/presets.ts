/**
 * The playground's ready-made networks: every model of the seed articles (their parameter
 * counts are pinned by tests), the classic LeNet-5 and a tiny model for demos and tests.
 * Specs are returned as fresh copies so that nobody can edit a preset by accident.
 */
import type { Conv2DLayer, DatasetName, DenseLayer, LayerSpec, ModelSpec, Padding, TrainingSpec } from './types';
import { SPEC_VERSION } from './types';
import { fitSpecToDataset } from '../data/fitSpec';

export type PresetId =
  | 'tiny'
  | 'fashion-mlp'
  | 'fashion-cnn'
  | 'mnist-cnn-1000'
  | 'mnist-cnn-course'
  | 'tfann-cnnc'
  | 'lenet5'
  | 'tfann-cnnc-cifar'
  | 'cifar10-cnn';

/** A result the source article reports, which the playground can try to reproduce. */
/**
 * Teaching warnings a preset is known to raise, by preset id and field: the TensorFlow tutorial's
 * CIFAR-10 network pools a 13×13 map with a 2×2 window at stride 2, so its last row and column are
 * never seen; the preset keeps the tutorial's network as it is, and the warning is the lesson.
 */
export const PRESET_WARNINGS: Readonly<Record<string, readonly string[]>> = { 'cifar10-cnn': ['strides'] };

export interface PublishedResult {
  accuracy: number | null;
  loss?: number;
  epochs: number;
  /** Where it comes from, in words (article and model). */
  source: string;
}

export interface Preset {
  id: PresetId;
  title: string;
  description: string;
  dataset: DatasetName;
  /** Train on the first this-many training images of the dataset (the source's own setting). */
  trainLimit?: number;
  publishedResult?: PublishedResult;
  spec: ModelSpec;
}

const conv = (filters: number, k: number, padding: Padding, activation: 'relu' | 'tanh' = 'relu'): Conv2DLayer => ({
  type: 'conv2d',
  filters,
  kernelSize: [k, k],
  strides: [1, 1],
  padding,
  activation,
  useBias: true,
  kernelInitializer: 'glorotUniform',
});
const maxPool = (size: number, stride: number, padding: Padding = 'valid'): LayerSpec => ({
  type: 'maxPool2d',
  poolSize: [size, size],
  strides: [stride, stride],
  padding,
});
const dense = (units: number, activation: 'relu' | 'softmax' | 'tanh'): DenseLayer => ({
  type: 'dense',
  units,
  activation,
  useBias: true,
  kernelInitializer: 'glorotUniform',
});
const flatten: LayerSpec = { type: 'flatten' };

function training(overrides: Partial<TrainingSpec>): TrainingSpec {
  return { optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: 5, seed: 42, l2: 0, ...overrides };
}

function spec(name: string, layers: LayerSpec[], train: Partial<TrainingSpec>): ModelSpec {
  return { version: SPEC_VERSION, name, inputShape: [28, 28, 1], numClasses: 10, layers, training: training(train) };
}

const tfannConv = (filters: number): Conv2DLayer => ({
  ...conv(filters, 5, 'same'),
  kernelInitializer: 'truncatedNormal',
  initStddev: 0.05,
});
const tfannDense = (units: number, activation: 'relu' | 'softmax'): DenseLayer => ({
  ...dense(units, activation),
  kernelInitializer: 'truncatedNormal',
  initStddev: 0.04,
  biasInit: 0.1,
});
const tfannLrn: LayerSpec = { type: 'lrn', depthRadius: 4, bias: 1, alpha: 0.001 / 9, beta: 0.75 };

const PRESET_LIST: readonly Preset[] = [
  {
    id: 'tiny',
    title: 'Tiny CNN',
    description: 'One 3×3 convolution with 8 filters, one pooling step and the softmax head: trains in seconds, for demos and tests.',
    dataset: 'mnist',
    spec: spec('Tiny CNN', [conv(8, 3, 'valid'), maxPool(2, 2), flatten, dense(10, 'softmax')], { epochs: 1, batchSize: 64 }),
  },
  {
    id: 'fashion-mlp',
    title: 'Fashion-MNIST MLP baseline',
    description: 'No convolutions at all: the pixels are flattened into one dense layer. The baseline the CNN has to beat.',
    dataset: 'fashion-mnist',
    publishedResult: { accuracy: 0.8756, loss: 0.352, epochs: 5, source: 'Fashion-MNIST tutorial (seed 001), dense baseline' },
    spec: spec('Fashion-MNIST MLP baseline', [flatten, dense(128, 'relu'), { type: 'dropout', rate: 0.2 }, dense(10, 'softmax')], {}),
  },
  {
    id: 'fashion-cnn',
    title: 'Fashion-MNIST CNN',
    description: 'Two 3×3 convolutions (32 and 64 filters, same padding), each followed by 2×2 max pooling, then a dense layer of 128.',
    dataset: 'fashion-mnist',
    publishedResult: { accuracy: 0.9162, loss: 0.241, epochs: 5, source: 'Fashion-MNIST tutorial (seed 001), convolutional model' },
    spec: spec(
      'Fashion-MNIST CNN',
      [conv(32, 3, 'same'), maxPool(2, 2), conv(64, 3, 'same'), maxPool(2, 2), flatten, dense(128, 'relu'), dense(10, 'softmax')],
      {},
    ),
  },
  {
    id: 'mnist-cnn-1000',
    title: 'MNIST CNN (Dense 1000)',
    description:
      'Two 5×5 convolutions with same padding (28 → 28 → 14 → 14 → 7), flattened to 7·7·64 = 3,136 values feeding a dense layer of 1,000.',
    dataset: 'mnist',
    publishedResult: { accuracy: 0.99, epochs: 10, source: 'TensorFlow CNN tutorial (seed 003), about 99 % after 10 epochs' },
    spec: spec(
      'MNIST CNN (Dense 1000)',
      [conv(32, 5, 'same'), maxPool(2, 2, 'same'), conv(64, 5, 'same'), maxPool(2, 2, 'same'), flatten, dense(1000, 'relu'), dense(10, 'softmax')],
      { learningRate: 0.0001, batchSize: 50, epochs: 10 },
    ),
  },
  {
    id: 'mnist-cnn-course',
    title: 'MNIST CNN (course notebook)',
    description:
      'The course notebook: two 5×5 convolutions, a dense layer of 1,024 with dropout (keep 0.75 = rate 0.25), plain gradient descent at learning rate 0.00001 and weights drawn from a unit normal, so it learns slowly.',
    dataset: 'mnist',
    spec: spec(
      'MNIST CNN (course notebook)',
      [
        { ...conv(32, 5, 'same'), kernelInitializer: 'randomNormal', initStddev: 1 },
        maxPool(2, 2, 'same'),
        { ...conv(64, 5, 'same'), kernelInitializer: 'randomNormal', initStddev: 1 },
        maxPool(2, 2, 'same'),
        flatten,
        { ...dense(1024, 'relu'), kernelInitializer: 'randomNormal', initStddev: 1 },
        { type: 'dropout', rate: 0.25 },
        { ...dense(10, 'softmax'), kernelInitializer: 'randomNormal', initStddev: 1 },
      ],
      { optimizer: 'sgd', learningRate: 0.00001, batchSize: 128, epochs: 10 },
    ),
  },
  {
    id: 'tfann-cnnc',
    title: 'TFANN CNNC (adapted to 28×28×1)',
    description:
      "The TFANN article's spec [C 5×5×64, P 3×3 s2, C 5×5×64, P 3×3 s2, F 64, F 16, F 2] with SAME padding and local response normalisation after each pool, given a 10-class head for 28×28 greyscale images.",
    dataset: 'fashion-mnist',
    spec: spec(
      'TFANN CNNC',
      [
        tfannConv(64),
        maxPool(3, 2, 'same'),
        tfannLrn,
        tfannConv(64),
        maxPool(3, 2, 'same'),
        tfannLrn,
        flatten,
        tfannDense(64, 'relu'),
        tfannDense(16, 'relu'),
        tfannDense(10, 'softmax'),
      ],
      { learningRate: 0.0001, batchSize: 256, epochs: 5, l2: 0.05 },
    ),
  },
  {
    id: 'lenet5',
    title: 'LeNet-5',
    description:
      'The classic layout (LeCun et al., 1998) on 28×28 input: 5×5 convolutions of 6 and 16 filters with tanh, average pooling, then dense 120 → 84 → 10. 61,706 parameters.',
    dataset: 'mnist',
    spec: spec(
      'LeNet-5',
      [
        conv(6, 5, 'same', 'tanh'),
        { type: 'avgPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
        conv(16, 5, 'valid', 'tanh'),
        { type: 'avgPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
        flatten,
        dense(120, 'tanh'),
        dense(84, 'tanh'),
        dense(10, 'softmax'),
      ],
      {},
    ),
  },
  {
    id: 'tfann-cnnc-cifar',
    title: 'TFANN CNNC: cat vs dog (seed 000)',
    description:
      "Seed 000 as published: the TFANN CNNC spec [C 5×5×3×64, P 3×3 s2, C 5×5×64×64, P 3×3 s2, F 64, F 16, F 2] on CIFAR-10's cats and dogs (32×32 colour), SAME padding, local response normalisation after each pool, truncated-normal weights (stddev 0.05 conv, 0.04 dense, dense biases 0.1), Adam 1e-4, batch 256, 5 iterations, on 2,048 images of the two classes (the batches are in a fixed random order, so the first 2,048 are a random sample). The article adds L2 5e-2 to the cross-entropy summed over a batch of 256; this playground minimises the mean, so the same pull on the weights is 5e-2 / 256 ≈ 1.95e-4 here (taken literally, 5e-2 on the mean is 256 times stronger and holds the network at chance).",
    dataset: 'cifar-10:3,5',
    trainLimit: 2048,
    publishedResult: {
      accuracy: null,
      epochs: 5,
      source:
        'TFANN article (seed 000): 2,048 random cat and dog images, 4/5 of them trained on (KFold), batch 256, 5 iterations, Adam 1e-4, L2 5e-2 on a summed loss; it shows a grid of predicted labels and reports no accuracy',
    },
    spec: spec(
      'TFANN CNNC (cat vs dog)',
      [
        tfannConv(64),
        maxPool(3, 2, 'same'),
        tfannLrn,
        tfannConv(64),
        maxPool(3, 2, 'same'),
        tfannLrn,
        flatten,
        tfannDense(64, 'relu'),
        tfannDense(16, 'relu'),
        tfannDense(2, 'softmax'),
      ],
      // 5e-2 on the article's batch-summed loss is 5e-2 / 256 on the batch-mean loss minimised here.
      { learningRate: 0.0001, batchSize: 256, epochs: 5, l2: 0.05 / 256 },
    ),
  },
  {
    id: 'cifar10-cnn',
    title: 'CIFAR-10 CNN',
    description:
      "The TensorFlow CNN tutorial's network for CIFAR-10: three 3×3 convolutions (32, 64, 64 filters, valid padding) with 2×2 max pooling after the first two, then dense 64 and the 10-class head. 122,570 parameters.",
    dataset: 'cifar-10',
    publishedResult: { accuracy: 0.7, epochs: 10, source: 'TensorFlow CNN tutorial (CIFAR-10), about 70 % after 10 epochs (0.67–0.68 in Keras on the copies here)' },
    spec: spec(
      'CIFAR-10 CNN',
      [conv(32, 3, 'valid'), maxPool(2, 2), conv(64, 3, 'valid'), maxPool(2, 2), conv(64, 3, 'valid'), flatten, dense(64, 'relu'), dense(10, 'softmax')],
      { epochs: 10 },
    ),
  },
];

/** Every preset's spec takes its dataset's image shape and classes (written above for 28×28×1 and 10). */
for (const preset of PRESET_LIST as Preset[]) preset.spec = fitSpecToDataset(preset.spec, preset.dataset).spec;

/** All presets, each with a fresh copy of its spec. */
export function listPresets(): Preset[] {
  return PRESET_LIST.map((p) => structuredClone(p));
}

/** Every preset (fresh copies; editing them changes nothing here). */
export const PRESETS: readonly Preset[] = listPresets();

/** The preset with this id (a fresh copy), or undefined. */
export function getPreset(id: string): Preset | undefined {
  const found = PRESET_LIST.find((p) => p.id === id);
  return found ? structuredClone(found) : undefined;
}

/** A small, fast, valid spec: the tiny preset. */
export function defaultSpec(): ModelSpec {
  return structuredClone(PRESET_LIST[0].spec);
}
