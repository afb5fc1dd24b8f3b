/**
 * The model's test accuracy and loss, and, for a seed-article model, the article's published figure
 * beside it with what differs in the setting (fewer epochs, a training subset, other optimiser settings).
 */
import type { Evaluation } from '../../engine/protocol';
import type { CurrentModel } from '../../store/runSlice';
import { publishedComparison } from './publishedComparison';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function TestAccuracy({
  evaluation,
  model,
  epochs,
  trainCount,
}: {
  evaluation: Evaluation;
  model: CurrentModel;
  epochs: number;
  trainCount: number;
}) {
  const comparison = publishedComparison(model.spec, model.dataset, model.presetId, {
    epochs,
    trainImages: Math.min(model.trainLimit ?? trainCount, trainCount),
    fullTrainCount: trainCount,
  });
  const gap = comparison ? evaluation.accuracy - comparison.published.accuracy : 0;
  return (
    <div className="results__block test-accuracy">
      <p
        className="test-accuracy__main"
        data-testid="test-accuracy"
        data-accuracy={evaluation.accuracy.toFixed(4)}
      >
        <span className="test-accuracy__value">{pct(evaluation.accuracy)}</span>
        <span className="test-accuracy__label">
          test accuracy on {evaluation.count.toLocaleString('en-US')} test images
          {evaluation.epochs !== undefined && (
            <span data-testid="test-accuracy-epochs">
              {' '}
              after {evaluation.epochs} epoch{evaluation.epochs === 1 ? '' : 's'}
            </span>
          )}{' '}
          · loss{' '}
          {evaluation.loss.toFixed(3)}
        </span>
      </p>
      {comparison && (
        <div className="test-accuracy__published" data-testid="published-comparison">
          <p>
            <strong>Yours {pct(evaluation.accuracy)}</strong> vs{' '}
            <strong>published {pct(comparison.published.accuracy)}</strong> ({comparison.published.source},{' '}
            {comparison.published.epochs} epochs on the full training set){' '}
            <span className={gap >= 0 ? 'results__right' : 'results__wrong'}>
              {gap >= 0 ? '▲' : '▼'} {Math.abs(gap * 100).toFixed(1)} points
            </span>
          </p>
          {comparison.caveats.length > 0 && (
            <p className="panel__note">Not the same setting: {comparison.caveats.join('; ')}.</p>
          )}
        </div>
      )}
    </div>
  );
}
