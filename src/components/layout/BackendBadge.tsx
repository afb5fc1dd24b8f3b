/** The line that says which TensorFlow.js backend trains, why, and lets the user choose another. */
import type { BackendChoice } from '../../engine/protocol';
import { BACKEND_CHOICES } from './backendChoices';
import { changeBackend, measureBackends } from '../../store/engineBridge';
import { useAppStore } from '../../store';


export function BackendBadge() {
  const status = useAppStore((s) => s.engineStatus);
  const backend = useAppStore((s) => s.backend);
  const error = useAppStore((s) => s.engineError);
  const choice = useAppStore((s) => s.backendChoice);
  const calibrating = useAppStore((s) => s.calibrating);
  // Switching or measuring under a running model would strand its tensors on another backend.
  const runActive = useAppStore((s) => s.runState === 'running' || s.runState === 'paused');
  const speeds = backend?.backends.filter((b) => b.examplesPerSecond).map((b) => `${b.name} ${b.examplesPerSecond}/s`);

  let text: string;
  if (status === 'failed') text = `Engine failed: ${error ?? 'unknown error'}`;
  else if (!backend) text = 'Starting the engine…';
  else text = `Backend: ${backend.name}`;

  return (
    <div className="backend-badge">
      <p className="backend-badge__line" data-testid="backend-line" role="status" aria-live="polite">
        <span className={`backend-badge__dot backend-badge__dot--${status}`} aria-hidden="true" />
        <strong data-testid="backend-name">{text}</strong>
        {backend && (
          <span className="backend-badge__reason" data-testid="backend-reason">
            {' '}
            — {backend.reason}
          </span>
        )}
      </p>
      <label className="backend-badge__choice">
        <span>Run on</span>
        <select
          value={choice}
          onChange={(event) => void changeBackend(event.target.value as BackendChoice)}
          disabled={runActive}
          title={runActive ? 'Stop the run to change the backend' : undefined}
          data-testid="backend-select"
        >
          {BACKEND_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => void measureBackends()}
        disabled={calibrating || status !== 'ready' || runActive}
        data-testid="measure-backends"
        title="Trains a small network briefly on every backend and remembers which is fastest on this machine"
      >
        {calibrating ? 'Measuring… (about 10 s)' : 'Measure speed'}
      </button>
      {speeds && speeds.length > 0 && (
        <span className="backend-badge__speeds" data-testid="backend-speeds">
          Measured: {speeds.join(', ')}
        </span>
      )}
    </div>
  );
}
