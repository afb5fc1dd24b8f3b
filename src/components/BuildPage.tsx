/**
 * The main screen: the model builder on the left, the dataset and the training dashboard on the right,
 * results underneath. Each column is owned by its own components, and each sits in its own error
 * boundary so that a bug in one leaves the others working.
 */
import { ErrorBoundary } from './common/ErrorBoundary';
import { ModelBuilder } from './builder/ModelBuilder';
import { SampleGallery } from './dataset/SampleGallery';
import { ResultsPanel } from './results/ResultsPanel';
import { TrainingDashboard } from './train/TrainingDashboard';

export function BuildPage() {
  return (
    <div className="build-page">
      <div className="build-page__builder">
        <ErrorBoundary view="Model builder">
          <ModelBuilder />
        </ErrorBoundary>
      </div>
      <div className="build-page__training">
        <ErrorBoundary view="Samples">
          <SampleGallery itemSize={44} strip />
        </ErrorBoundary>
        <ErrorBoundary view="Training">
          <TrainingDashboard />
        </ErrorBoundary>
      </div>
      <div className="build-page__results">
        <ErrorBoundary view="Results">
          <ResultsPanel />
        </ErrorBoundary>
      </div>
    </div>
  );
}
