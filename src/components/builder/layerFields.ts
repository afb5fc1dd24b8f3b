/**
 * The editable fields of each layer type, as data: label, control (number or select), the current
 * value as text and how a new value becomes a patch of the layer. The card renders these; the test
 * ids (`layer-<i>-<id>`) and the mapping from a validation issue's spec field to a control come
 * from here too.
 */
import { ACTIVATIONS, INITIALIZERS } from '../../engine/spec/parse-spec';
import type { LayerSpec, Pair } from '../../engine/spec/types';

export interface SelectOption {
  value: string;
  label: string;
}

export type FieldControl =
  | { kind: 'number'; min: number; max: number; step: number }
  | { kind: 'select'; options: SelectOption[] };

export interface FieldDef {
  /** Test-id suffix and DOM id part: `layer-0-kernel`. */
  id: string;
  /** The spec field validation issues name (`kernelSize`, `filters`…). */
  specField: string;
  label: string;
  /** One sentence on what the field does (shown as the control's description). */
  hint: string;
  control: FieldControl;
  value: string;
  /** The patch for a new value; null when the text is not a number. */
  toPatch: (value: string) => Partial<LayerSpec> | null;
  /** Shown under "More settings" instead of on the card's main row. */
  advanced?: boolean;
}

const pairValue = (p: Pair): string => (p[0] === p[1] ? String(p[0]) : `${p[0]}x${p[1]}`);
const pairLabel = (p: Pair): string => `${p[0]}×${p[1]}`;

function parsePair(value: string): Pair | null {
  const parts = value.split('x').map(Number);
  if (parts.some((n) => !Number.isFinite(n))) return null;
  return parts.length === 1 ? [parts[0], parts[0]] : parts.length === 2 ? [parts[0], parts[1]] : null;
}

/** Square sizes 1…max as "k×k", plus the current value when it is not among them. */
function sizeOptions(max: number, current: Pair): SelectOption[] {
  const options = Array.from({ length: max }, (_, k) => ({ value: String(k + 1), label: `${k + 1}×${k + 1}` }));
  if (!options.some((o) => o.value === pairValue(current))) options.push({ value: pairValue(current), label: pairLabel(current) });
  return options;
}

/** Strides as "1", "2"… (square), plus the current value. */
function strideOptions(current: Pair): SelectOption[] {
  const options = Array.from({ length: 6 }, (_, k) => ({ value: String(k + 1), label: String(k + 1) }));
  if (!options.some((o) => o.value === pairValue(current))) options.push({ value: pairValue(current), label: pairLabel(current) });
  return options;
}

const select = (options: readonly string[]): FieldControl => ({ kind: 'select', options: options.map((o) => ({ value: o, label: o })) });
const num = (min: number, max: number, step = 1): FieldControl => ({ kind: 'number', min, max, step });
const asNumber = (value: string): number | null => (value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value));

function pairField(id: string, specField: 'kernelSize' | 'poolSize' | 'strides' | 'dilation', label: string, hint: string, current: Pair, options: SelectOption[], advanced = false): FieldDef {
  return {
    id,
    specField,
    label,
    hint,
    control: { kind: 'select', options },
    value: pairValue(current),
    toPatch: (value) => {
      const pair = parsePair(value);
      return pair ? ({ [specField]: pair } as Partial<LayerSpec>) : null;
    },
    advanced,
  };
}

function numberField(id: string, label: string, hint: string, control: FieldControl, current: number, advanced = false): FieldDef {
  return {
    id,
    specField: id,
    label,
    hint,
    control,
    value: String(current),
    toPatch: (value) => {
      const n = asNumber(value);
      return n === null ? null : ({ [id]: n } as Partial<LayerSpec>);
    },
    advanced,
  };
}

function choiceField(id: string, label: string, hint: string, options: readonly string[], current: string, advanced = false): FieldDef {
  return { id, specField: id, label, hint, control: select(options), value: current, toPatch: (value) => ({ [id]: value }) as Partial<LayerSpec>, advanced };
}

const PADDING_HINT = "'same' pads with zeros so the output keeps the input's size (at stride 1); 'valid' only uses windows that fit.";

/** The fields of one layer, main ones first. */
export function layerFields(layer: LayerSpec): FieldDef[] {
  switch (layer.type) {
    case 'conv2d':
      return [
        numberField('filters', 'Filters', 'How many filters, i.e. output channels.', num(1, 1024), layer.filters),
        pairField('kernel', 'kernelSize', 'Kernel', 'Height × width of each filter.', layer.kernelSize, sizeOptions(32, layer.kernelSize)),
        pairField('strides', 'strides', 'Stride', 'How far the filter moves between outputs.', layer.strides, strideOptions(layer.strides)),
        choiceField('padding', 'Padding', PADDING_HINT, ['same', 'valid'], layer.padding),
        choiceField('activation', 'Activation', 'The function applied to every output value.', ACTIVATIONS, layer.activation),
        ...weightFields(layer),
        pairField('dilation', 'dilation', 'Dilation', 'Gaps between kernel taps; the explorer shows it, but TensorFlow.js cannot train it.', layer.dilation ?? [1, 1], strideOptions(layer.dilation ?? [1, 1]).slice(0, 4), true),
      ];
    case 'maxPool2d':
    case 'avgPool2d':
      return [
        pairField('kernel', 'poolSize', 'Pool', 'Height × width of each pooling window.', layer.poolSize, sizeOptions(8, layer.poolSize)),
        pairField('strides', 'strides', 'Stride', 'How far the window moves between outputs.', layer.strides, strideOptions(layer.strides)),
        choiceField('padding', 'Padding', PADDING_HINT, ['valid', 'same'], layer.padding),
      ];
    case 'dense':
      return [
        numberField('units', 'Units', 'How many neurons (output values).', num(1, 16384), layer.units),
        choiceField('activation', 'Activation', 'The function applied to every output value.', ACTIVATIONS, layer.activation),
        ...weightFields(layer),
      ];
    case 'dropout':
      return [numberField('rate', 'Rate', 'The fraction of inputs zeroed at random while training.', num(0, 0.95, 0.05), layer.rate)];
    case 'activation':
      return [choiceField('activation', 'Activation', 'The function applied to every value.', ACTIVATIONS, layer.activation)];
    case 'lrn':
      return [
        numberField('depthRadius', 'Radius', 'Neighbouring channels on each side that normalise a value.', num(1, 32), layer.depthRadius),
        numberField('bias', 'Bias', 'Added before the power (k).', num(0, 10, 0.1), layer.bias),
        numberField('alpha', 'Alpha', 'Scale of the sum of squares.', num(0, 1, 0.0001), layer.alpha),
        numberField('beta', 'Beta', 'Exponent of the normaliser.', num(0, 2, 0.05), layer.beta),
      ];
    case 'flatten':
    case 'batchNorm':
      return [];
  }
}

function weightFields(layer: Extract<LayerSpec, { type: 'conv2d' | 'dense' }>): FieldDef[] {
  const normal = layer.kernelInitializer === 'truncatedNormal' || layer.kernelInitializer === 'randomNormal';
  return [
    {
      id: 'useBias',
      specField: 'useBias',
      label: 'Bias',
      hint: 'Whether each output has its own learned offset.',
      control: select(['yes', 'no']),
      value: layer.useBias ? 'yes' : 'no',
      toPatch: (value) => ({ useBias: value === 'yes' }) as Partial<LayerSpec>,
      advanced: true,
    },
    choiceField('kernelInitializer', 'Initialiser', 'How the weights are drawn before training.', INITIALIZERS, layer.kernelInitializer, true),
    ...(normal ? [numberField('initStddev', 'Std dev', 'Standard deviation of the normal initialiser.', num(0.001, 10, 0.01), layer.initStddev ?? 0.05, true)] : []),
    numberField('biasInit', 'Bias start', 'The value every bias starts at.', num(-10, 10, 0.1), layer.biasInit ?? 0, true),
  ];
}

/** The control a validation issue belongs to, by its spec field; null = the card as a whole. */
export function fieldIdForIssue(fields: readonly FieldDef[], specField: string | null): string | null {
  if (specField === null) return null;
  return fields.find((f) => f.specField === specField)?.id ?? null;
}
