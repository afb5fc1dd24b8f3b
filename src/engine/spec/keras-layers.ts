/**
 * Translation of one Keras layer config (Python tf.keras 2/3 or tfjs, snake_case keys) into a
 * spec layer. Anything without a playground equivalent is reported by its Keras class name.
 */
import { isRecord, show, type Record_ } from './field-reader';
import { specError, specWarning, type SpecIssue } from './issues';
import { DEFAULT_INIT_STDDEV } from './layer-defaults';
import { ACTIVATIONS } from './parse-spec';
import { KERAS_CLASS } from './shapes';
import type { ActivationName, KernelInitializer, LayerSpec } from './types';

export interface KerasLayerResult {
  layer?: LayerSpec;
  /** True for layers that carry no computation here (InputLayer, InputLayer-like). */
  skip?: boolean;
  /** Input shape without the batch axis, when this layer states one. */
  inputShape?: number[];
  /** The L2 factor of its kernel regulariser, when it has one. */
  l2?: number;
}

const SUPPORTED = [
  'InputLayer',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'Flatten',
  'Dense',
  'Dropout',
  'BatchNormalization',
  'Activation',
  'ReLU',
  'Softmax',
  'ELU',
  KERAS_CLASS.lrn,
];
const ALIASES: Record<string, string> = { Convolution2D: 'Conv2D', MaxPool2D: 'MaxPooling2D', AvgPool2D: 'AveragePooling2D', AveragePool2D: 'AveragePooling2D' };

/** Keras writes windows as [h, w] (or one number); anything else passes through for the parser to report. */
const pair = (v: unknown, fallback: unknown): unknown => (v === undefined || v === null ? fallback : typeof v === 'number' ? [v, v] : v);

function shapeOf(config: Record_): number[] | undefined {
  for (const key of ['batch_input_shape', 'batch_shape']) {
    const v = config[key];
    if (Array.isArray(v) && v.length >= 2) return v.slice(1) as number[];
  }
  const v = config.input_shape;
  return Array.isArray(v) ? (v as number[]) : undefined;
}

/** Keras' serialised activation (a string, or {class_name} in some Keras 3 files). */
function activationOf(value: unknown): ActivationName | string {
  if (value === undefined || value === null) return 'linear';
  const name = typeof value === 'string' ? value : isRecord(value) ? String(value.class_name ?? value.config) : show(value);
  return name.toLowerCase();
}

function initializerOf(value: unknown, owner: string, specIndex: number, issues: SpecIssue[]): { kind: KernelInitializer; stddev?: number } {
  if (value === undefined || value === null) return { kind: 'glorotUniform' };
  const className = isRecord(value) ? String(value.class_name) : String(value);
  const config = isRecord(value) && isRecord(value.config) ? value.config : {};
  const stddev = typeof config.stddev === 'number' ? config.stddev : DEFAULT_INIT_STDDEV;
  switch (className.replace(/_/g, '').toLowerCase()) {
    case 'glorotuniform':
      return { kind: 'glorotUniform' };
    case 'henormal':
      return { kind: 'heNormal' };
    case 'heuniform':
      return { kind: 'heUniform' };
    case 'truncatednormal':
      return { kind: 'truncatedNormal', stddev };
    case 'randomnormal':
      return { kind: 'randomNormal', stddev };
    case 'variancescaling': {
      const { scale, mode, distribution } = config;
      const uniform = distribution === 'uniform';
      if (scale === 1 && mode === 'fan_avg' && uniform) return { kind: 'glorotUniform' };
      if (scale === 2 && mode === 'fan_in') return { kind: uniform ? 'heUniform' : 'heNormal' };
      break;
    }
  }
  issues.push(
    specWarning(specIndex, 'kernelInitializer', `${owner}: kernel initialiser ${show(className)} has no playground equivalent; using glorotUniform.`, 'Pick an initialiser in the editor if it matters.'),
  );
  return { kind: 'glorotUniform' };
}

function biasOf(value: unknown): number | undefined {
  if (!isRecord(value)) return undefined;
  if (value.class_name === 'Constant' && isRecord(value.config) && typeof value.config.value === 'number') return value.config.value || undefined;
  if (value.class_name === 'Ones') return 1;
  return undefined;
}

function l2Of(value: unknown): number | undefined {
  if (!isRecord(value) || !isRecord(value.config)) return undefined;
  const l2 = value.config.l2;
  return typeof l2 === 'number' && l2 > 0 ? l2 : undefined;
}

/** What a ReLU / ELU layer sets beyond the plain function, in Keras' words, or null. */
function activationLayerProblem(className: string, c: Record_): string | null {
  const set = (key: string, plain: number | null): string | null => {
    const value = c[key];
    return value === undefined || value === null || value === plain ? null : `${key}=${show(value)}`;
  };
  const found = className === 'ReLU' ? [set('max_value', null), set('negative_slope', 0), set('threshold', 0)] : [set('alpha', 1)];
  const named = found.filter((text): text is string => text !== null);
  return named.length > 0 ? named.join(', ') : null;
}

/**
 * One Keras layer as a spec layer. `kerasIndex` numbers the Keras list (for messages),
 * `specIndex` the spec layer it becomes.
 */
export function kerasLayerToSpec(raw: unknown, kerasIndex: number, specIndex: number, issues: SpecIssue[]): KerasLayerResult {
  if (!isRecord(raw) || typeof raw.class_name !== 'string') {
    issues.push(specError(specIndex, null, `Keras layer ${kerasIndex + 1} is ${show(raw)}, not a {class_name, config} object.`, 'Paste the JSON exactly as Keras wrote it.'));
    return {};
  }
  const className = ALIASES[raw.class_name] ?? raw.class_name;
  const c = isRecord(raw.config) ? raw.config : {};
  const owner = `Keras layer ${kerasIndex + 1} (${className}${typeof c.name === 'string' ? ` '${c.name}'` : ''})`;
  const inputShape = shapeOf(c);
  if (!SUPPORTED.includes(className)) {
    // LocalResponseNormalization is the playground's own tfjs class: Keras has none to suggest.
    const kerasClasses = SUPPORTED.filter((name) => name !== KERAS_CLASS.lrn && name !== 'InputLayer').join(', ');
    const fix =
      className === 'Lambda'
        ? `A Lambda layer is Python code, which a JSON file cannot carry. If it computes a local response normalisation (as the playground's own export writes), add an LRN layer in the playground's builder instead; otherwise use the Keras layers ${kerasClasses}.`
        : `Replace it with one of the Keras layers ${kerasClasses}.`;
    issues.push(specError(specIndex, 'type', `${owner} has no playground equivalent, so the model cannot be imported.`, fix));
    return { inputShape };
  }
  if (c.data_format === 'channels_first') {
    issues.push(specError(specIndex, null, `${owner} uses channels_first data; the playground works channels_last (height, width, channels).`, "Rebuild the model with data_format='channels_last'."));
    return { inputShape };
  }
  const activation = activationOf(c.activation);
  const checkActivation = (): ActivationName | undefined => {
    if ((ACTIVATIONS as readonly string[]).includes(activation)) return activation as ActivationName;
    issues.push(specError(specIndex, 'activation', `${owner} uses activation ${show(activation)}.`, `Use one of ${ACTIVATIONS.join(', ')}.`));
    return undefined;
  };
  const weighted = () => {
    const init = initializerOf(c.kernel_initializer, owner, specIndex, issues);
    const biasInit = biasOf(c.bias_initializer);
    return {
      activation: checkActivation(),
      useBias: c.use_bias !== false,
      kernelInitializer: init.kind,
      ...(init.stddev !== undefined ? { initStddev: init.stddev } : {}),
      ...(biasInit !== undefined ? { biasInit } : {}),
    };
  };
  const result = (layer: Record_): KerasLayerResult => ({ layer: layer as unknown as LayerSpec, inputShape, l2: l2Of(c.kernel_regularizer) });
  switch (className) {
    case 'InputLayer':
      return { skip: true, inputShape };
    case 'Conv2D': {
      if (typeof c.groups === 'number' && c.groups > 1) {
        issues.push(specError(specIndex, null, `${owner} is a grouped convolution (groups ${c.groups}).`, 'Use groups=1.'));
        return { inputShape };
      }
      const dilation = pair(c.dilation_rate, [1, 1]);
      const dilated = !(Array.isArray(dilation) && dilation.length === 2 && dilation[0] === 1 && dilation[1] === 1);
      return result({
        type: 'conv2d',
        filters: c.filters,
        kernelSize: pair(c.kernel_size, undefined),
        strides: pair(c.strides, [1, 1]),
        padding: c.padding ?? 'valid',
        ...weighted(),
        ...(dilated ? { dilation } : {}),
      });
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const poolSize = pair(c.pool_size, [2, 2]);
      return result({
        type: className === 'MaxPooling2D' ? 'maxPool2d' : 'avgPool2d',
        poolSize,
        strides: pair(c.strides, poolSize),
        padding: c.padding ?? 'valid',
      });
    }
    case 'Flatten':
      return result({ type: 'flatten' });
    case 'Dense':
      return result({ type: 'dense', units: c.units, ...weighted() });
    case 'Dropout':
      return result({ type: 'dropout', rate: c.rate });
    case 'BatchNormalization':
      // The playground's batch normalisation always learns a scale γ and an offset β: one without
      // them would import with other parameters (32 instead of Keras' 16 for 8 channels), so refuse.
      if (c.center === false || c.scale === false) {
        const without = [c.center === false ? 'center=False (no β)' : '', c.scale === false ? 'scale=False (no γ)' : ''].filter(Boolean).join(' and ');
        issues.push(specError(specIndex, null, `${owner} has ${without}; the playground's batch normalisation always learns both, so the network would not be the same.`, 'Use BatchNormalization(center=True, scale=True) in Keras, or remove the layer.'));
        return { inputShape };
      }
      if (c.axis !== undefined && c.axis !== -1 && c.axis !== 3 && !(Array.isArray(c.axis) && c.axis.length === 1 && (c.axis[0] === -1 || c.axis[0] === 3))) {
        issues.push(specWarning(specIndex, null, `${owner}: only channel-axis batch normalisation is supported; importing it over the channels (axis −1).`, 'Check the parameter count after import.'));
      }
      return result({ type: 'batchNorm' });
    case 'Activation':
      return result({ type: 'activation', activation: checkActivation() });
    case 'ReLU':
    case 'ELU': {
      // Only the plain functions exist here: a capped or leaky ReLU, or an ELU with another alpha,
      // would silently become a different network, so refuse and say which setting is the problem.
      const problem = activationLayerProblem(className, c);
      if (problem) {
        issues.push(specError(specIndex, null, `${owner} has ${problem}, which the playground's ${className === 'ReLU' ? 'relu' : 'elu'} does not have.`, className === 'ReLU' ? 'Use ReLU() with its defaults (max_value=None, negative_slope=0, threshold=0).' : 'Use ELU(alpha=1.0).'));
        return { inputShape };
      }
      return result({ type: 'activation', activation: className.toLowerCase() });
    }
    case 'Softmax':
      return result({ type: 'activation', activation: 'softmax' });
    default:
      // The LRN layer: tfjs writes camelCase config keys as snake_case.
      return result({ type: 'lrn', depthRadius: c.depth_radius, bias: c.bias, alpha: c.alpha, beta: c.beta });
  }
}
