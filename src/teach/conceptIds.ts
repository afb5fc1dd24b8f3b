/**
 * The seventeen concepts the seed articles teach (see docs/seed-models.md), each with its title and
 * the places in the app where a "?" button explains it. The doc lists fifteen items; two of them are
 * pairs of separate ideas, counted separately here: parameter sharing / translation invariance, and
 * softmax / cross-entropy. Pure data: the texts are in concepts.ts, the numbers in conceptNumbers.ts.
 */

export const CONCEPT_IDS = [
  'filter',
  'stride',
  'padding',
  'depth',
  'sharing',
  'invariance',
  'params',
  'output-size',
  'pooling',
  'flatten',
  'dense',
  'relu',
  'softmax',
  'cross-entropy',
  'dropout',
  'hierarchy',
  'prediction-grid',
] as const;

export type ConceptId = (typeof CONCEPT_IDS)[number];

export const CONCEPT_TITLES: Record<ConceptId, string> = {
  filter: 'Filters (kernels) and patches',
  stride: 'Stride',
  padding: 'Padding: valid and same',
  depth: 'Filter depth and output channels',
  sharing: 'Parameter sharing',
  invariance: 'Translation invariance',
  params: 'Parameters: convolution vs dense',
  'output-size': 'The output-size formula',
  pooling: 'Max and average pooling',
  flatten: 'Flatten',
  dense: 'Dense (fully-connected) layers',
  relu: 'ReLU',
  softmax: 'Softmax',
  'cross-entropy': 'Cross-entropy loss',
  dropout: 'Dropout',
  hierarchy: 'The feature hierarchy',
  'prediction-grid': 'Prediction grids',
};

export function isConceptId(value: string): value is ConceptId {
  return (CONCEPT_IDS as readonly string[]).includes(value);
}

/** The views of the app a "?" can sit in. */
export type ConceptView = 'play' | 'build' | 'inside' | 'explorer' | 'lesson';

/** Where a concept's "?" button is, in words (the e2e concept journey finds them by `data-concept`). */
export interface ConceptPlace {
  view: ConceptView;
  where: string;
}

/**
 * Every place a "?" is put, by concept. Components take their concept from here (see
 * `conceptOfLayer` and the field map), so that this table and the page say the same.
 */
export const CONCEPT_PLACES: Record<ConceptId, ConceptPlace[]> = {
  filter: [
    { view: 'play', where: 'a conv column' },
    { view: 'build', where: 'the kernel size field' },
    { view: 'inside', where: 'the filters panel' },
  ],
  stride: [
    { view: 'build', where: 'the stride field (also in the home view’s column editor)' },
    { view: 'explorer', where: 'the stride field' },
  ],
  padding: [
    { view: 'build', where: 'the padding field (also in the home view’s column editor)' },
    { view: 'explorer', where: 'the padding field' },
  ],
  depth: [{ view: 'build', where: 'the filters field (also in the home view’s column editor)' }],
  sharing: [{ view: 'explorer', where: 'the depth note under the output size' }, { view: 'lesson', where: 'lessons 1 and 5' }],
  invariance: [{ view: 'play', where: 'a channel’s close-up' }, { view: 'lesson', where: 'lesson 9' }],
  params: [{ view: 'build', where: 'the summary’s Params column' }],
  'output-size': [{ view: 'explorer', where: 'the output-size formula' }],
  pooling: [
    { view: 'play', where: 'a pooling column' },
    { view: 'build', where: 'the pool size field' },
    { view: 'explorer', where: 'the operation field' },
  ],
  flatten: [
    { view: 'play', where: 'the flatten column' },
    { view: 'build', where: 'the flatten card' },
  ],
  dense: [
    { view: 'play', where: 'a dense column' },
    { view: 'build', where: 'the units field' },
  ],
  relu: [{ view: 'build', where: 'the activation field (also in the home view’s column editor)' }],
  softmax: [{ view: 'play', where: 'the output column' }],
  'cross-entropy': [{ view: 'play', where: 'the loss chart' }],
  dropout: [
    { view: 'play', where: 'a dropout column' },
    { view: 'build', where: 'the dropout rate field' },
  ],
  hierarchy: [{ view: 'inside', where: 'the feature maps panel' }],
  'prediction-grid': [
    { view: 'play', where: 'the test-image strip' },
    { view: 'build', where: 'the prediction grid' },
  ],
};

/** Concepts that belong together: the popover offers them as "see also". */
export const RELATED: Record<ConceptId, ConceptId[]> = {
  filter: ['depth', 'sharing', 'params', 'stride', 'padding', 'output-size'],
  stride: ['output-size', 'padding', 'pooling'],
  padding: ['output-size', 'stride', 'pooling'],
  depth: ['filter', 'params'],
  sharing: ['params', 'invariance', 'filter'],
  invariance: ['sharing', 'pooling', 'hierarchy'],
  params: ['sharing', 'dense', 'filter'],
  'output-size': ['stride', 'padding', 'pooling'],
  pooling: ['padding', 'output-size', 'invariance'],
  flatten: ['dense', 'pooling'],
  dense: ['flatten', 'params', 'softmax'],
  relu: ['padding', 'dense'],
  softmax: ['cross-entropy', 'prediction-grid'],
  'cross-entropy': ['softmax', 'prediction-grid'],
  dropout: ['dense'],
  hierarchy: ['filter', 'invariance', 'pooling'],
  'prediction-grid': ['softmax', 'cross-entropy'],
};

/** The concept a layer's column or card explains, by its type (null for layers none is about). */
export function conceptOfLayer(layer: { type: string; activation?: string }): ConceptId | null {
  switch (layer.type) {
    case 'conv2d':
      return 'filter';
    case 'maxPool2d':
    case 'avgPool2d':
      return 'pooling';
    case 'flatten':
      return 'flatten';
    case 'dense':
      return layer.activation === 'softmax' ? 'softmax' : 'dense';
    case 'dropout':
      return 'dropout';
    case 'activation':
      return layer.activation === 'relu' ? 'relu' : null;
    default:
      return null;
  }
}

/**
 * The concept a layer field's "?" explains (builder cards and the home view's column editor), by the
 * field's id and label (a pooling layer's window field is labelled "Pool").
 */
export function conceptOfField(fieldId: string, label: string): ConceptId | null {
  const pool = label === 'Pool';
  switch (fieldId) {
    case 'filters':
      return 'depth';
    case 'kernel':
      return pool ? 'pooling' : 'filter';
    case 'strides':
      return 'stride';
    case 'padding':
      return 'padding';
    case 'activation':
      return 'relu';
    case 'units':
      return 'dense';
    case 'rate':
      return 'dropout';
    default:
      return null;
  }
}
