/**
 * The training dashboard: hyper-parameters, the run controls, the backend, the progress line, the
 * fault banner and the live loss and accuracy charts.
 */
import { BackendLine } from './BackendLine';
import { FaultBanner } from './FaultBanner';
import { HyperParameters } from './HyperParameters';
import { MetricCharts } from './MetricCharts';
import { RunsButton } from '../runs/RunsButton';
import { RunControls } from './RunControls';
import { TrainProgress } from './TrainProgress';
import './train.css';

export function TrainingDashboard() {
  return (
    <section className="panel training" aria-labelledby="training-title">
      <header className="panel__header training__header">
        <h2 id="training-title">Train</h2>
        <BackendLine />
        <RunsButton />
      </header>
      <HyperParameters />
      <RunControls />
      <FaultBanner />
      <TrainProgress />
      <MetricCharts />
    </section>
  );
}
