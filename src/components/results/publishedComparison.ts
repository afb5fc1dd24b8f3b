/**
 * Which seed-article figure a model can be compared with: the preset it was started from, or the
 * preset whose layers it matches exactly (hyper-parameters may differ; the comparison says how).
 */
import { PRESETS, type Preset, type PublishedResult } from '../../engine/spec/presets';
import type { DatasetName, ModelSpec } from '../../engine/spec/types';

export interface Comparison {
  preset: Preset;
  published: PublishedResult & { accuracy: number };
  /** Differences from the published setting that explain a gap, in words. */
  caveats: string[];
}

function sameNetwork(a: ModelSpec, b: ModelSpec): boolean {
  return (
    JSON.stringify(a.layers) === JSON.stringify(b.layers) &&
    JSON.stringify(a.inputShape) === JSON.stringify(b.inputShape) &&
    a.numClasses === b.numClasses
  );
}

/**
 * The published figure for this model, or null when it is not a seed model with a published accuracy
 * or was trained on another dataset than the article's.
 */
export function publishedComparison(
  spec: ModelSpec,
  dataset: DatasetName,
  presetId: string | null,
  run: { epochs?: number; trainImages?: number; fullTrainCount?: number } = {},
): Comparison | null {
  const preset = PRESETS.find((p) => p.id === presetId) ?? PRESETS.find((p) => sameNetwork(p.spec, spec));
  const published = preset?.publishedResult;
  if (!preset || !published || published.accuracy === null || !sameNetwork(preset.spec, spec)) return null;
  if (preset.dataset !== dataset) return null;
  const caveats: string[] = [];
  if (run.epochs !== undefined && run.epochs !== published.epochs) {
    caveats.push(
      `${run.epochs} epoch${run.epochs === 1 ? '' : 's'} here, ${published.epochs} in the article`,
    );
  }
  if (
    run.trainImages !== undefined &&
    run.fullTrainCount !== undefined &&
    run.trainImages < run.fullTrainCount
  ) {
    caveats.push(
      `${run.trainImages.toLocaleString('en-US')} of ${run.fullTrainCount.toLocaleString('en-US')} training images`,
    );
  }
  const t = spec.training;
  const p = preset.spec.training;
  if (t.optimizer !== p.optimizer || t.learningRate !== p.learningRate || t.batchSize !== p.batchSize) {
    caveats.push(`different optimiser settings (${t.optimizer} ${t.learningRate}, batch ${t.batchSize})`);
  }
  return { preset, published: { ...published, accuracy: published.accuracy }, caveats };
}
