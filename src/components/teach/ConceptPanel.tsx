/**
 * The body of a concept's explanation: the idea in general words, the same idea with the learner's
 * numbers ("In your network"), and related concepts one click away. The numbers come from the store
 * as it is now (the spec, the network's current answer, the last evaluation and loss).
 */
import { useMemo, useState } from 'react';
import { classNamesOr } from '../../engine/data/datasets';
import { useAppStore } from '../../store';
import { CONCEPT_TITLES, type ConceptId } from '../../teach/conceptIds';
import { explainConcept, type ConceptContext, type ExplorerWindow } from '../../teach/concepts';

interface ConceptPanelProps {
  concept: ConceptId;
  layer?: number;
  explorer?: ExplorerWindow;
  onClose: () => void;
}

/** The concept context of the app as it is now. */
function useConceptContext(layer: number | undefined, explorer: ExplorerWindow | undefined): ConceptContext {
  const spec = useAppStore((s) => s.spec);
  const activations = useAppStore((s) => s.activations);
  const input = useAppStore((s) => s.inspectionInput);
  const dataset = useAppStore((s) => s.currentModel?.dataset ?? s.dataset);
  const evaluation = useAppStore((s) => s.evaluation);
  const trainCurve = useAppStore((s) => s.trainCurve);
  return useMemo<ConceptContext>(() => {
    const right = evaluation ? evaluation.confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0) : 0;
    return {
      spec,
      layer,
      explorer,
      output: activations
        ? { probabilities: Array.from(activations.probabilities), classNames: classNamesOr(dataset, activations.probabilities.length), trueLabel: input.kind === 'test' ? input.label : undefined }
        : undefined,
      evaluation: evaluation ? { right, count: evaluation.count } : null,
      lastLoss: trainCurve.length ? trainCurve[trainCurve.length - 1].loss : null,
    };
  }, [spec, layer, explorer, activations, dataset, input, evaluation, trainCurve]);
}

export function ConceptPanel({ concept, layer, explorer, onClose }: ConceptPanelProps) {
  const [shown, setShown] = useState<ConceptId>(concept);
  const ctx = useConceptContext(layer, explorer);
  const text = useMemo(() => explainConcept(shown, ctx), [shown, ctx]);
  return (
    <div className="concept-pop__inner" data-shown={shown}>
      <div className="concept-pop__head">
        <h2 className="concept-pop__title">{text.title}</h2>
        <button type="button" className="concept-pop__close" onClick={onClose} aria-label="Close the explanation" data-testid="concept-close">
          ✕
        </button>
      </div>
      {text.paragraphs.map((p) => (
        <p key={p} className="concept-pop__text">
          {p}
        </p>
      ))}
      {text.yours.length > 0 && (
        <div className="concept-pop__yours" data-testid="concept-yours">
          <h3>In your network</h3>
          {text.yours.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      <p className="concept-pop__related">
        See also:{' '}
        {text.related.map((r) => (
          <button key={r} type="button" className="concept-pop__link" onClick={(event) => {
              // The clicked link goes away with the old concept: keep the focus in the explanation.
              const pop = event.currentTarget.closest<HTMLElement>('.concept-pop');
              setShown(r);
              pop?.focus();
            }} data-testid={`concept-see-${r}`}>
            {CONCEPT_TITLES[r]}
          </button>
        ))}
      </p>
    </div>
  );
}
