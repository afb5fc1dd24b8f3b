/**
 * The end of the picture: the network's answer for the input, one bar per class with its name
 * and percentage, the true class marked, and the verdict in words ("predicts 7 · 91 % ✓"). While
 * the network has an error there is no answer: the bars stand empty and greyed.
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

interface OutputColumnProps {
  order: number;
  head: LayerView | null;
  totalParams: number | null;
  /**
   * True while the pictured network has an error: the last answer came from the network as it was
   * before the edit, so it is not shown ("7 · 15 % ✓" above "the network has an error").
   */
  broken: boolean;
}

export function OutputColumn({ order, head, totalParams, broken }: OutputColumnProps) {
  const live = useAppStore((s) => s.activations);
  const activations = broken ? null : live;
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
    <div className={`pg-col pg-col--output${broken ? ' pg-col--stale' : ''}`} data-column={order} data-link="all" data-testid="pg-output" data-stale={broken}>
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
          ) : broken ? (
            // Short, so it is never cut; the line below and the red column say why.
            'no answer'
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
