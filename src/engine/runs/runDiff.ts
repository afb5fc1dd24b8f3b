/**
 * What changed from one run to the next, in words a learner reads at a glance: "stride 1 → 2 in
 * layer 1", "lr 0.001 → 0.01", "dataset MNIST → Fashion-MNIST", "added Dropout 0.25 after layer 3".
 * Pure: two runs' setups in, a list of sentences out (empty when nothing differs). Layers are lined up
 * by their types (a longest common subsequence), so inserting one layer reads as one addition rather
 * than as every later layer having changed. Layers are numbered from 1, as the picture numbers them.
 */
import { LIMITS } from '../spec/limits';
import type { LayerSpec, ModelSpec } from '../spec/types';
import type { BackendName, TrainOptions } from '../protocol';

/** The part of a run that the difference is about. */
export interface RunSetupForDiff {
  spec: ModelSpec;
  dataset: string;
  options: TrainOptions;
  backend?: BackendName;
}

const DATASET_NAMES: Record<string, string> = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST', cifar10: 'CIFAR-10', 'cifar-10': 'CIFAR-10' };

const LAYER_NAMES: Record<LayerSpec['type'], string> = {
  conv2d: 'Conv2D',
  maxPool2d: 'MaxPool',
  avgPool2d: 'AvgPool',
  flatten: 'Flatten',
  dense: 'Dense',
  dropout: 'Dropout',
  batchNorm: 'BatchNorm',
  activation: 'Activation',
  lrn: 'LRN',
};

/** What each layer field is called in a sentence. */
const FIELD_NAMES: Record<string, string> = {
  filters: 'filters',
  kernelSize: 'kernel',
  strides: 'stride',
  padding: 'padding',
  activation: 'activation',
  useBias: 'bias',
  kernelInitializer: 'initialiser',
  dilation: 'dilation',
  initStddev: 'initial spread',
  biasInit: 'initial bias',
  poolSize: 'pool size',
  units: 'units',
  rate: 'dropout rate',
  depthRadius: 'depth radius',
  bias: 'LRN bias',
  alpha: 'alpha',
  beta: 'beta',
};

const TRAINING_NAMES: Record<string, string> = {
  optimizer: 'optimiser',
  learningRate: 'lr',
  batchSize: 'batch size',
  epochs: 'epochs',
  seed: 'seed',
  l2: 'L2',
};

export function datasetName(dataset: string): string {
  return DATASET_NAMES[dataset] ?? dataset;
}

/** A number as a person writes it: 0.001, 1e-5, 2,000. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential();
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(6)));
}

/** Fields whose square pair reads as one number ("stride 2"); sizes always read as "3×3". */
const SQUARE_AS_ONE = new Set(['strides', 'dilation']);

function formatValue(value: unknown, key = ''): string {
  if (value === undefined || value === null) return 'default';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) {
    const square = value.length === 2 && value[0] === value[1];
    return square && SQUARE_AS_ONE.has(key) ? formatValue(value[0]) : value.map((v) => formatValue(v)).join('×');
  }
  return String(value);
}

/** A layer in a few words: "Conv2D 8 3×3", "Dropout 0.25", "Dense 64". */
export function describeLayer(layer: LayerSpec): string {
  const name = LAYER_NAMES[layer.type] ?? layer.type;
  switch (layer.type) {
    case 'conv2d':
      return `${name} ${layer.filters} ${layer.kernelSize.join('×')}${layer.strides.some((s) => s !== 1) ? ` stride ${formatValue(layer.strides, 'strides')}` : ''}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `${name} ${layer.poolSize.join('×')}`;
    case 'dense':
      return `${name} ${layer.units}`;
    case 'dropout':
      return `${name} ${formatNumber(layer.rate)}`;
    case 'activation':
      return `${name} ${layer.activation}`;
    default:
      return name;
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Pairs of indices of `a` and `b` whose layers line up (same type), by longest common subsequence. */
function alignLayers(a: LayerSpec[], b: LayerSpec[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  // score[i][j]: best alignment of a[i..] and b[j..]; an identical layer counts a little more than a
  // same-type one, so that a duplicated layer's copy is the one reported as added.
  const score = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const match = a[i].type === b[j].type ? 1 + (same(a[i], b[j]) ? 0.01 : 0) + score[i + 1][j + 1] : -1;
      score[i][j] = Math.max(match, score[i + 1][j], score[i][j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const match = a[i].type === b[j].type ? 1 + (same(a[i], b[j]) ? 0.01 : 0) + score[i + 1][j + 1] : -1;
    if (match >= 0 && match === score[i][j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (score[i + 1][j] >= score[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function layerFieldChanges(before: LayerSpec, after: LayerSpec, number: number): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'type') continue;
    const a = (before as unknown as Record<string, unknown>)[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    if (same(a, b)) continue;
    out.push(`${FIELD_NAMES[key] ?? key} ${formatValue(a, key)} → ${formatValue(b, key)} in layer ${number}`);
  }
  return out;
}

function layerChanges(before: LayerSpec[], after: LayerSpec[]): string[] {
  const pairs = alignLayers(before, after);
  const out: string[] = [];
  const matchedBefore = new Set(pairs.map(([i]) => i));
  const matchedAfter = new Set(pairs.map(([, j]) => j));
  before.forEach((layer, i) => {
    if (!matchedBefore.has(i)) out.push(`removed ${describeLayer(layer)} (layer ${i + 1})`);
  });
  after.forEach((layer, j) => {
    if (matchedAfter.has(j)) return;
    out.push(j === 0 ? `added ${describeLayer(layer)} at the start` : `added ${describeLayer(layer)} after layer ${j}`);
  });
  for (const [i, j] of pairs) out.push(...layerFieldChanges(before[i], after[j], j + 1));
  return out;
}

function epochsText(epochs: number): string {
  return epochs >= LIMITS.maxEpochs ? 'until paused' : formatNumber(epochs);
}

function limitText(limit: number | undefined): string {
  return limit === undefined ? 'all' : formatNumber(limit);
}

/**
 * The differences from `previous` to `next`, one short sentence each, in the order a learner thinks
 * of them: data, then the network, then training, then where it ran. Empty when the setups are equal.
 */
export function describeRunChanges(previous: RunSetupForDiff, next: RunSetupForDiff): string[] {
  const out: string[] = [];
  if (previous.dataset !== next.dataset) out.push(`dataset ${datasetName(previous.dataset)} → ${datasetName(next.dataset)}`);
  if (!same(previous.spec.inputShape, next.spec.inputShape)) out.push(`input ${previous.spec.inputShape.join('×')} → ${next.spec.inputShape.join('×')}`);
  if (previous.spec.numClasses !== next.spec.numClasses) out.push(`classes ${previous.spec.numClasses} → ${next.spec.numClasses}`);
  out.push(...layerChanges(previous.spec.layers, next.spec.layers));
  const a = previous.spec.training;
  const b = next.spec.training;
  for (const key of Object.keys(TRAINING_NAMES) as (keyof typeof a)[]) {
    if (same(a[key], b[key])) continue;
    const show = key === 'epochs' ? (v: unknown) => epochsText(v as number) : (v: unknown) => formatValue(v);
    out.push(`${TRAINING_NAMES[key]} ${show(a[key])} → ${show(b[key])}`);
  }
  const o = previous.options;
  const p = next.options;
  if (o.trainLimit !== p.trainLimit) out.push(`training images ${limitText(o.trainLimit)} → ${limitText(p.trainLimit)}`);
  if (o.testLimit !== p.testLimit) out.push(`test images ${limitText(o.testLimit)} → ${limitText(p.testLimit)}`);
  if (o.validationSplit !== p.validationSplit) out.push(`validation split ${formatNumber(o.validationSplit)} → ${formatNumber(p.validationSplit)}`);
  if (!o.continueFromCurrent && p.continueFromCurrent) out.push('trained further from the model before');
  if (previous.backend && next.backend && previous.backend !== next.backend) out.push(`backend ${previous.backend} → ${next.backend}`);
  return out;
}

/** The changes as one line: "lr 0.001 → 0.01; stride 1 → 2 in layer 1", or "same settings". */
export function runChangesLine(previous: RunSetupForDiff, next: RunSetupForDiff): string {
  const changes = describeRunChanges(previous, next);
  return changes.length ? changes.join('; ') : 'same settings';
}
