/**
 * The confusion matrix, and under it the images of the cell the user opened (click or Enter), with
 * what the model predicted for each.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Evaluation } from '../../engine/protocol';
import type { DatasetName } from '../../engine/spec/types';
import { ConfusionMatrix, type ConfusionMatrixData } from '../../viz/ConfusionMatrix';
import { ImageGrid, type ImageGridItem } from '../../viz/ImageGrid';
import { useViz } from '../common/useViz';
import { cellExamples } from './cellExamples';
import { useTestImages } from './useTestImages';

interface Cell {
  label: number;
  predicted: number;
}

export function ConfusionMatrixView({
  evaluation,
  dataset,
  classNames,
}: {
  evaluation: Evaluation;
  dataset: DatasetName;
  classNames: string[];
}) {
  const [selected, setSelected] = useState<Cell | null>(null);
  // The evaluation carries every image's true label: no images are fetched to search a cell.
  const labels = evaluation.labels ?? null;
  // A new evaluation (another model or dataset) invalidates the open cell.
  useEffect(() => setSelected(null), [evaluation]);

  const data = useMemo<ConfusionMatrixData>(
    () => ({ confusion: evaluation.confusion, classNames, selected }),
    [evaluation, classNames, selected],
  );
  const ref = useViz(
    (element) =>
      new ConfusionMatrix(element, { onSelect: (label, predicted) => setSelected({ label, predicted }) }),
    data,
  );

  const examples = useMemo(
    () => (selected ? cellExamples(evaluation, labels, selected.label, selected.predicted) : null),
    [selected, evaluation, labels],
  );
  const { images } = useTestImages(dataset, examples?.indices ?? []);
  const items = useMemo<ImageGridItem[]>(
    () =>
      (examples?.indices ?? []).flatMap((index) => {
        const image = images.get(index);
        if (!image || !selected) return [];
        const right = selected.label === selected.predicted;
        return [
          {
            index,
            pixels: image.pixels,
            width: image.width,
            height: image.height,
            channels: image.channels,
            caption: `#${index}`,
            status: right ? 'correct' : 'wrong',
            data: { testid: 'cell-image', label: String(image.label) },
          } satisfies ImageGridItem,
        ];
      }),
    [examples, images, selected],
  );
  const gridRef = useViz(
    (element) => new ImageGrid(element, { itemSize: 44, ariaLabel: 'Images of the selected cell' }),
    items,
  );

  return (
    <div className="results__block">
      <h3 className="results__title">Confusion matrix</h3>
      <p className="panel__note">
        Rows: true class; columns: predicted class; shade: share of the row. Open a cell to see its images.
      </p>
      <div ref={ref} className="confusion-wrap" data-testid="confusion-matrix" />
      <div className="confusion-cell" data-testid="confusion-cell-images" aria-live="polite">
        {selected && examples && (
          <p className="panel__note">
            True <strong>{classNames[selected.label]}</strong>, predicted{' '}
            <strong>{classNames[selected.predicted]}</strong>: {examples.total} image
            {examples.total === 1 ? '' : 's'}
            {examples.indices.length < examples.total
              ? examples.partial
                ? ` — ${examples.indices.length} of them are among the images this evaluation lists.`
                : ` — showing the first ${examples.indices.length}.`
              : '.'}
          </p>
        )}
        <div ref={gridRef} />
      </div>
    </div>
  );
}
