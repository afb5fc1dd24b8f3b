/**
 * The end of the picture: the network's answer for the input, one bar per class with its name
 * and percentage, the true class marked, and the verdict in words ("predicts 7 · 91 % ✓").
 */
import { useMemo } from 'react';
import { datasetMeta } from '../../engine/data/datasets';
import { useAppStore } from '../../store';
import { modelDataset } from '../../store/inspectionBridge';
import { ClassBars, type ClassBarsData } from '../../viz/ClassBars';
import { useViz } from '../common/useViz';
import type { LayerView } from '../builder/specAnalysis';
import { columnSettings, formatParams } from './columnText';
import { ConceptButton } from '../teach/ConceptButton';

export function OutputColumn({ order, head, totalParams }: { order: number; head: LayerView | null; totalParams: number | null }) {
  const activations = useAppStore((s) => s.activations);
  const input = useAppStore((s) => s.inspectionInput);
  const dataset = useAppStore(() => modelDataset());
  const classNames = datasetMeta(dataset).classNames;
  const trueLabel = input.kind === 'test' ? input.label : undefined;
  const data = useMemo<ClassBarsData>(
    () => ({
      classNames,
      probabilities: activations?.probabilities ?? new Float32Array(classNames.length),
      trueLabel,
    }),
    [activations, classNames, trueLabel],
  );
  const ref = useViz((element) => new ClassBars(element, { ariaLabel: 'Output: the probability of each class', rowTestId: 'pg-class-bar' }), data);

  let best = -1;
  const probabilities = activations?.probabilities;
  if (probabilities) probabilities.forEach((p, i) => (best < 0 || p > probabilities[best] ? (best = i) : null));
  const right = best >= 0 && trueLabel !== undefined ? best === trueLabel : null;

  return (
    <div className="pg-col pg-col--output" data-column={order} data-link="all" data-testid="pg-output">
      <header className="pg-col__head">
        <p className="pg-col__name pg-col__name--static">
          Output <ConceptButton concept="softmax" layer={head?.index} />
        </p>
        <p className={`pg-output__verdict${right === null ? '' : right ? ' pg-output__verdict--right' : ' pg-output__verdict--wrong'}`} data-testid="pg-verdict">
          {best >= 0 && probabilities ? (
            <>
              <strong>{classNames[best]}</strong> {(probabilities[best] * 100).toFixed(0)} %{' '}
              {right === null ? '' : right ? '✓' : '✗'}
            </>
          ) : (
            'no answer yet'
          )}
        </p>
        {head && (
          <p className="pg-col__settings">
            {columnSettings(head.layer)} · {formatParams(head.params)}
          </p>
        )}
        <p className="pg-col__shape" data-testid="pg-total-params">
          {totalParams === null ? 'the network has an error' : `${totalParams.toLocaleString('en-US')} params in all`}
        </p>
      </header>
      <div className="pg-col__body">
        <div ref={ref} data-anchor="output" className="pg-output__bars" />
      </div>
    </div>
  );
}
