/** Accuracy of every class as a labelled bar, so the classes the model confuses stand out. */
import type { Evaluation } from '../../engine/protocol';

export function PerClassAccuracy({
  evaluation,
  classNames,
}: {
  evaluation: Evaluation;
  classNames: string[];
}) {
  return (
    <div className="results__block">
      <h3 className="results__title">Accuracy per class</h3>
      <ul className="class-bars" data-testid="per-class-accuracy">
        {evaluation.perClassAccuracy.map((accuracy, c) => {
          const known = Number.isFinite(accuracy);
          const percent = known ? Math.round(accuracy * 1000) / 10 : 0;
          const total = (evaluation.confusion[c] ?? []).reduce((a, b) => a + b, 0);
          return (
            <li
              key={c}
              className="class-bars__row"
              data-class={c}
              data-accuracy={known ? accuracy.toFixed(4) : ''}
              title={`${classNames[c] ?? c}: ${evaluation.confusion[c]?.[c] ?? 0} of ${total} right`}
            >
              <span className="class-bars__name">{classNames[c] ?? c}</span>
              <span className="class-bars__track" aria-hidden="true">
                <span className="class-bars__fill" style={{ width: `${percent}%` }} />
              </span>
              <span className="class-bars__value">
                {known ? `${percent.toFixed(1)} %` : '—'}
                <span className="class-bars__count"> ({total})</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
