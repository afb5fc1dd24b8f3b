/**
 * The head of the picture: the image going in, its true class, and buttons to step through the
 * test images (the maps and the prediction follow at once).
 */
import { useMemo } from 'react';
import { datasetMeta } from '../../engine/data/datasets';
import { useAppStore } from '../../store';
import { modelDataset } from '../../store/inspectionBridge';
import { chooseTestImage } from '../../store/playgroundBridge';
import { InputImage, type InputImageData } from '../../viz/network/InputImage';
import { useViz } from '../common/useViz';

export function InputColumn({ order }: { order: number }) {
  const activations = useAppStore((s) => s.activations);
  const input = useAppStore((s) => s.inspectionInput);
  const shape = useAppStore((s) => s.spec.inputShape);
  const dataset = useAppStore(() => modelDataset());
  const testCount = useAppStore((s) => s.datasets[dataset]?.info?.testCount ?? 10000);
  const label = input.kind === 'test' && input.label !== undefined ? datasetMeta(dataset).classNames[input.label] : null;

  const data = useMemo<InputImageData>(
    () => ({
      pixels: activations?.pixels ?? null,
      width: shape[1],
      height: shape[0],
      label: input.kind === 'test' ? `Test image ${input.index}${label ? `, a ${label}` : ''}` : 'Your drawing',
    }),
    [activations, shape, input, label],
  );
  const ref = useViz((element) => new InputImage(element), data);
  const index = input.kind === 'test' ? input.index : 0;
  const go = (delta: number): void => void chooseTestImage((index + delta + testCount) % testCount);

  return (
    <div className="pg-col pg-col--input" data-column={order} data-testid="pg-input">
      <header className="pg-col__head">
        <p className="pg-col__name pg-col__name--static">Input</p>
        <p className="pg-col__settings">{shape.join('×')} pixels</p>
      </header>
      <div className="pg-col__body pg-input">
        <div ref={ref} className="pg-input__image" />
        <p className="pg-input__label" data-testid="pg-input-label">
          {label ? (
            <>
              <span className="pg-input__true">true class: </span>
              <strong>{label}</strong>
            </>
          ) : input.kind === 'test' ? (
            '…'
          ) : (
            'your drawing'
          )}
        </p>
        <div className="pg-input__nav" role="group" aria-label="Choose the test image">
          <button type="button" className="pg-tool" onClick={() => go(-1)} aria-label="Previous test image" data-testid="pg-prev">
            ◀
          </button>
          <span className="pg-input__index mono">#{index}</span>
          <button type="button" className="pg-tool" onClick={() => go(1)} aria-label="Next test image" data-testid="pg-next">
            ▶
          </button>
        </div>
      </div>
    </div>
  );
}
