/**
 * The model spec: a network described as plain, JSON-serialisable data. Everything else
 * (shape arithmetic, validation, building a tfjs model, export) is a pure function of it.
 * Bump SPEC_VERSION when a field changes meaning, and teach `migrateSpec` the old form.
 */
export const SPEC_VERSION = 1;

export type Padding = 'valid' | 'same';
export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'elu' | 'softmax' | 'linear';
export type KernelInitializer = 'glorotUniform' | 'heNormal' | 'heUniform' | 'truncatedNormal' | 'randomNormal';
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adadelta';
/** The datasets the playground ships (see `datasetMeta` in ../data/datasets.ts). */
export type BuiltInDatasetName = 'mnist' | 'fashion-mnist' | 'cifar-10';
/**
 * A dataset: a built-in one, or some of its classes, relabelled 0..k−1 in the order written:
 * "cifar-10:3,5" is CIFAR-10's cats (label 3 → 0) and dogs (5 → 1). See `subsetName`.
 * Or a learner's own dataset, `custom:<id>` (see ../data/customDataset.ts and customRegistry.ts).
 */
export type DatasetName = BuiltInDatasetName | `${BuiltInDatasetName}:${string}` | `custom:${string}`;

/** [height, width] pairs are always written height first, as Keras does. */
export type Pair = [number, number];

export interface Conv2DLayer {
  type: 'conv2d';
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  padding: Padding;
  activation: ActivationName;
  useBias: boolean;
  kernelInitializer: KernelInitializer;
  /** Dilation is explained in the explorer but tfjs cannot train it; validation refuses > 1. */
  dilation?: Pair;
  /** Standard deviation of a (truncated) normal initialiser; default 0.05 as in Keras. */
  initStddev?: number;
  /** Constant every bias starts at; default 0. */
  biasInit?: number;
}

export interface Pool2DLayer {
  type: 'maxPool2d' | 'avgPool2d';
  poolSize: Pair;
  strides: Pair;
  padding: Padding;
}

export interface FlattenLayer {
  type: 'flatten';
}

export interface DenseLayer {
  type: 'dense';
  units: number;
  activation: ActivationName;
  useBias: boolean;
  kernelInitializer: KernelInitializer;
  /** Standard deviation of a (truncated) normal initialiser; default 0.05 as in Keras. */
  initStddev?: number;
  /** Constant every bias starts at; default 0. */
  biasInit?: number;
}

export interface DropoutLayer {
  type: 'dropout';
  rate: number;
}

export interface BatchNormLayer {
  type: 'batchNorm';
}

export interface ActivationLayer {
  type: 'activation';
  activation: ActivationName;
}

/** Local response normalisation, as in the TFANN article (tf.nn.local_response_normalization). */
export interface LrnLayer {
  type: 'lrn';
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

export type LayerSpec =
  | Conv2DLayer
  | Pool2DLayer
  | FlattenLayer
  | DenseLayer
  | DropoutLayer
  | BatchNormLayer
  | ActivationLayer
  | LrnLayer;

export type LayerType = LayerSpec['type'];

export interface TrainingSpec {
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  seed: number;
  /** L2 factor applied to every conv / dense kernel; 0 = none. */
  l2: number;
}

export interface ModelSpec {
  version: typeof SPEC_VERSION;
  /** Human name, e.g. the preset's title. */
  name: string;
  /** [height, width, channels]; 28×28×1 for both datasets. */
  inputShape: [number, number, number];
  /** Number of classes of the dataset the head must produce. */
  numClasses: number;
  layers: LayerSpec[];
  training: TrainingSpec;
}

/** A shape without the batch dimension: [h, w, c] for images, [n] for vectors. */
export type Shape = number[];
