/**
 * The run's state and progress: epoch, batch, examples per second and time left, each in a
 * fixed-width slot (tabular figures) so the line does not jump ten times a second, and a progress bar
 * over the whole run.
 */
import { useAppStore } from '../../store';
import type { RunPhase } from '../../store/runSlice';
import { progressParts } from './progressText';
import { PauseIcon } from '../common/PauseIcon';

const STATE_TEXT: Record<RunPhase, { icon: string; text: string }> = {
  idle: { icon: '○', text: 'idle' },
  running: { icon: '●', text: 'running' },
  paused: { icon: '', text: 'paused' },
  stopped: { icon: '■', text: 'stopped' },
  finished: { icon: '✓', text: 'finished' },
  failed: { icon: '✗', text: 'failed' },
};

export function TrainProgress() {
  const runState = useAppStore((s) => s.runState);
  const runMessage = useAppStore((s) => s.runMessage);
  const progress = useAppStore((s) => s.progress);
  const parts = progressParts(progress, runState === 'finished');
  const percent = Math.round(parts.fraction * 100);
  const state = STATE_TEXT[runState];

  return (
    <div className="train-progress">
      <p className="train-progress__state">
        <span className={`run-state run-state--${runState}`} data-testid="run-state" data-state={runState}>
          <span aria-hidden="true">{runState === 'paused' ? <PauseIcon /> : state.icon}</span> {state.text}
        </span>
        <span className="train-progress__message" role="status" aria-live="polite">
          {runState === 'failed' ? '' : (runMessage ?? '')}
        </span>
      </p>
      <div
        data-testid="train-progress"
        className="train-progress__line"
        data-examples={progress?.examplesSeen ?? 0}
      >
        <dl className="train-progress__stats">
          <div>
            <dt>Epoch</dt>
            <dd data-testid="progress-epoch">{parts.epoch}</dd>
          </div>
          <div>
            <dt>Batch</dt>
            <dd data-testid="progress-batch">{parts.batch}</dd>
          </div>
          <div>
            <dt>Examples/s</dt>
            <dd data-testid="progress-rate">{parts.rate}</dd>
          </div>
          <div>
            <dt>Time left</dt>
            <dd data-testid="progress-eta">{parts.eta}</dd>
          </div>
        </dl>
        <div
          className="progress__track"
          role="progressbar"
          aria-label="Training progress over all epochs"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent} %`}
        >
          <div className="progress__fill" style={{ width: `${percent}%` }} />
        </div>
      </div>
    </div>
  );
}
