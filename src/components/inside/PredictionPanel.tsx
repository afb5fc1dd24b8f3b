/** The network's answer for the chosen input: one labelled bar per class, the true class marked. */
import { useMemo } from 'react';
import { datasetMeta } from '../../engine/data/datasets';
import { modelDataset } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import { ClassBars, type ClassBarsData } from '../../viz/ClassBars';
import { useViz } from '../common/useViz';

export function PredictionPanel() {
  const activations = useAppStore((s) => s.activations);
  const dataset = useAppStore(() => modelDataset());
  const data = useMemo<ClassBarsData>(() => {
    const classNames = datasetMeta(dataset).classNames;
    const input = activations?.input;
    return {
      classNames,
      probabilities: activations?.probabilities ?? new Float32Array(classNames.length),
      trueLabel: input?.kind === 'test' ? input.label : undefined,
    };
  }, [activations, dataset]);
  const ref = useViz((element) => new ClassBars(element, { ariaLabel: 'Class probabilities' }), data);
  const input = activations?.input;
  return (
    <section className="panel inside__prediction" aria-labelledby="inside-prediction-title">
      <header className="panel__header">
        <h3 id="inside-prediction-title">Prediction</h3>
        <span className="panel__note">
          {input?.kind === 'test'
            ? `test image #${input.index}${input.label !== undefined ? ' · ● marks the true class' : ''}`
            : input
              ? 'your image'
              : ''}
        </span>
      </header>
      <div ref={ref} data-testid="inside-prediction" />
    </section>
  );
}
