/**
 * The seed article's prediction grid: the first test images with the predicted class, its confidence
 * and, where it is wrong, the true class. Right and wrong differ in colour, border style and icon.
 */
import { useMemo } from 'react';
import { ConceptButton } from '../teach/ConceptButton';
import type { Evaluation } from '../../engine/protocol';
import type { DatasetName } from '../../engine/spec/types';
import { ImageGrid, type ImageGridItem } from '../../viz/ImageGrid';
import { useViz } from '../common/useViz';
import { useTestImages } from './useTestImages';

const SHOWN = 24;

export function PredictionGrid({
  evaluation,
  dataset,
  classNames,
}: {
  evaluation: Evaluation;
  dataset: DatasetName;
  classNames: string[];
}) {
  const rows = useMemo(() => evaluation.predictions.slice(0, SHOWN), [evaluation]);
  const indices = useMemo(() => rows.map((r) => r.index), [rows]);
  const { images, error } = useTestImages(dataset, indices);

  const items = useMemo<ImageGridItem[]>(
    () =>
      rows.flatMap((row) => {
        const image = images.get(row.index);
        if (!image) return [];
        const right = row.predicted === row.label;
        const percent = `${Math.round(row.confidence * 100)} %`;
        return [
          {
            index: row.index,
            pixels: image.pixels,
            width: image.width,
            height: image.height,
            channels: image.channels,
            caption: classNames[row.predicted] ?? String(row.predicted),
            detail: right ? percent : `${percent} · true: ${classNames[row.label] ?? row.label}`,
            status: right ? 'correct' : 'wrong',
            data: {
              testid: 'prediction',
              predicted: String(row.predicted),
              label: String(row.label),
              confidence: row.confidence.toFixed(4),
            },
          } satisfies ImageGridItem,
        ];
      }),
    [rows, images, classNames],
  );
  const ref = useViz(
    (element) => new ImageGrid(element, { itemSize: 56, ariaLabel: 'Predictions for the first test images' }),
    items,
  );
  const wrong = rows.filter((r) => r.predicted !== r.label).length;

  return (
    <div className="results__block">
      <h3 className="results__title">
        Predictions <ConceptButton concept="prediction-grid" />
      </h3>
      <p className="panel__note">
        The first {rows.length} test images: <span className="results__right">✓ right</span>{' '}
        {rows.length - wrong}, <span className="results__wrong">✗ wrong</span> {wrong}. Each shows the
        predicted class and its confidence.
      </p>
      {error && <p className="banner banner--error">Could not fetch the test images: {error}</p>}
      <div ref={ref} className="prediction-grid" data-testid="prediction-grid" />
    </div>
  );
}
