/**
 * The main screen: the model builder on the left, the dataset and the training dashboard on the right,
 * results underneath. Each column is owned by its own components.
 */
import { ModelBuilder } from './builder/ModelBuilder';
import { SampleGallery } from './dataset/SampleGallery';
import { ResultsPanel } from './results/ResultsPanel';
import { TrainingDashboard } from './train/TrainingDashboard';

export function BuildPage() {
  return (
    <div className="build-page">
      <div className="build-page__builder">
        <ModelBuilder />
      </div>
      <div className="build-page__training">
        <SampleGallery itemSize={44} strip />
        <TrainingDashboard />
      </div>
      <div className="build-page__results">
        <ResultsPanel />
      </div>
    </div>
  );
}
