/**
 * The results of the current model (the last run's, or a loaded one): test accuracy beside the
 * published figure, per-class accuracy, the confusion matrix with openable cells, and the prediction
 * grid; then the saved-model library.
 */
import { datasetMeta } from '../../engine/data/datasets';
import { useAppStore } from '../../store';
import { evaluateCurrent } from '../../store/runBridge';
import { useStagedReveal } from '../common/useStagedReveal';
import { ConfusionMatrixView } from './ConfusionMatrixView';
import { ModelLibrary } from './ModelLibrary';
import { PerClassAccuracy } from './PerClassAccuracy';
import { PredictionGrid } from './PredictionGrid';
import { TestAccuracy } from './TestAccuracy';
import './results.css';

const SOURCE: Record<string, string> = {
  run: 'trained here',
  saved: 'loaded from this browser',
  file: 'loaded from files',
};

export function ResultsPanel() {
  const model = useAppStore((s) => s.currentModel);
  const evaluation = useAppStore((s) => s.evaluation);
  const epochsDone = useAppStore((s) => s.epochCurve.length);
  const runState = useAppStore((s) => s.runState);
  const trainCount = useAppStore((s) =>
    model ? (s.datasets[model.dataset]?.info?.trainCount ?? 60000) : 60000,
  );
  const running = runState === 'running';
  // The model's own classes, as the worker announced them.
  const classNames = model?.classNames ?? [];
  // Accuracy first, then the confusion matrix, then the prediction grid, a frame apart.
  const shown = useStagedReveal(3, Boolean(model && evaluation));

  return (
    <>
      <section className="panel results" aria-labelledby="results-title" data-testid="results">
        <header className="panel__header">
          <h2 id="results-title">Results</h2>
          {model && (
            <span className="results__model" data-testid="results-model">
              {model.name} · {datasetMeta(model.dataset).title} · {SOURCE[model.source]}
            </span>
          )}
          <button
            type="button"
            className="button results__evaluate"
            disabled={!model || running}
            onClick={() => void evaluateCurrent()}
            data-testid="evaluate-model"
          >
            Evaluate on the test images
          </button>
        </header>
        {!model ? (
          <p className="panel__note">
            Train a model, or load a saved one, to see how it does on the test images.
          </p>
        ) : !evaluation ? (
          <p className="panel__note">
            {running
              ? 'The test images are evaluated at the end of every epoch.'
              : 'No evaluation yet: evaluate the model on the test images.'}
          </p>
        ) : (
          <div className="results__grid">
            <div className="results__column">
              <TestAccuracy
                evaluation={evaluation}
                model={model}
                epochs={evaluation.epochs ?? (epochsDone || model.spec.training.epochs)}
                trainCount={trainCount}
              />
              <PerClassAccuracy evaluation={evaluation} classNames={classNames} />
            </div>
            {shown >= 2 && (
              <ConfusionMatrixView evaluation={evaluation} dataset={model.dataset} classNames={classNames} />
            )}
            {shown >= 3 && (
              <PredictionGrid evaluation={evaluation} dataset={model.dataset} classNames={classNames} />
            )}
          </div>
        )}
      </section>
      <ModelLibrary />
    </>
  );
}
