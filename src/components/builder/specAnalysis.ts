/**
 * Everything the builder shows about a spec, computed in one pass on every edit: each layer's input
 * and output shape, parameters, multiply-adds and share of the compute, the validation issues
 * grouped by layer, and the common scale of the block diagrams. Pure and fast (no tfjs).
 */
import { accountSpec, layerParams, type ModelAccounting } from '../../engine/spec/accounting';
import { hasErrors, validateSpec, type SpecIssue } from '../../engine/spec/validate';
import { inferShapes, KERAS_CLASS } from '../../engine/spec/shapes';
import type { LayerSpec, LayerType, ModelSpec, Shape } from '../../engine/spec/types';
import { blockScaleOf, type BlockScale } from '../../viz/BlockDiagram';

export interface LayerView {
  index: number;
  layer: LayerSpec;
  /** Null for layers after the first one that cannot be applied (their input is unknown). */
  input: Shape | null;
  output: Shape | null;
  params: number | null;
  macs: number | null;
  /** This layer's fraction of the model's multiply-adds (0–1), or null while the spec is broken. */
  computeShare: number | null;
  issues: SpecIssue[];
}

export interface SpecAnalysis {
  layers: LayerView[];
  accounting: ModelAccounting | null;
  /** Every issue, in validation order. */
  issues: SpecIssue[];
  /** Issues that belong to no single layer (the head, the size, training settings). */
  specIssues: SpecIssue[];
  hasErrors: boolean;
  scale: BlockScale;
}

/** Keras' class names, shortened where they would not fit a card or a summary row. */
export function displayName(type: LayerType): string {
  if (type === 'lrn') return 'LRN';
  if (type === 'batchNorm') return 'BatchNorm';
  return KERAS_CLASS[type];
}

/** Shapes in the summary and on the cards: 28×28×32 for maps, 3136 for vectors. */
export function formatDims(shape: Shape | null): string {
  return shape ? shape.join('×') : '—';
}

/** Analyses a spec for the builder; never throws. */
export function analyseSpec(spec: ModelSpec): SpecAnalysis {
  const issues = validateSpec(spec);
  const shapes = inferShapes(spec);
  const accounting = accountSpec(spec);
  const totalMacs = accounting?.totalMacs ?? 0;
  const layers = spec.layers.map((layer, index): LayerView => {
    const shape = shapes.layers[index];
    const acc = accounting?.layers[index];
    const params = acc ? acc.params : shape?.output ? layerParams(layer, shape.input)[0] : null;
    return {
      index,
      layer,
      input: shape?.input ?? null,
      output: shape?.output ?? null,
      params,
      macs: acc?.macs ?? null,
      computeShare: acc ? (totalMacs > 0 ? acc.macs / totalMacs : 0) : null,
      issues: issues.filter((i) => i.layerIndex === index),
    };
  });
  return {
    layers,
    accounting,
    issues,
    specIssues: issues.filter((i) => i.layerIndex === null || i.layerIndex >= spec.layers.length),
    hasErrors: hasErrors(issues),
    scale: blockScaleOf([spec.inputShape, ...layers.map((l) => l.output)]),
  };
}
