/**
 * Which TensorFlow.js backend trains, as a compact badge in the one-line header ("● wasm"); a click
 * (or Enter) opens the details: why this backend runs, what this browser lacks and what runs instead
 * (Safari / iPadOS: no WebGPU, no WebGL in a worker, WebAssembly on one thread), the choice of
 * another, and "Measure speed".
 * The status is announced politely when it changes, so nothing needs hovering to be read.
 */
import type { BackendChoice } from '../../engine/protocol';
import { BACKEND_CHOICES } from './backendChoices';
import { changeBackend, measureBackends } from '../../store/engineBridge';
import { useAppStore } from '../../store';
import { hasTrainedModel, withoutHeldRun } from '../../store/playgroundBridge';

export function BackendBadge() {
  const status = useAppStore((s) => s.engineStatus);
  const backend = useAppStore((s) => s.backend);
  const error = useAppStore((s) => s.engineError);
  const choice = useAppStore((s) => s.backendChoice);
  const calibrating = useAppStore((s) => s.calibrating);
  // Switching or measuring under a running model would strand its tensors on another backend; the
  // untrained paused run the home view holds is let go of (and made again) instead.
  const runActive = useAppStore((s) => s.runState === 'running' || (s.runState === 'paused' && hasTrainedModel()));
  const speeds = backend?.backends.filter((b) => b.examplesPerSecond).map((b) => `${b.name} ${b.examplesPerSecond}/s`);

  let text: string;
  if (status === 'failed') text = `Engine failed: ${error ?? 'unknown error'}`;
  else if (!backend) text = 'Starting the engine…';
  else text = `Backend: ${backend.name}`;

  return (
    <details className={`backend-badge backend-badge--${status}`} data-testid="backend-line">
      <summary className="backend-badge__summary" aria-label={`${text}. Show the details`}>
        <span className={`backend-badge__dot backend-badge__dot--${status}`} aria-hidden="true" />
        <strong data-testid="backend-name" className="backend-badge__name" role="status" aria-live="polite">
          {backend && status !== 'failed' ? (
            <>
              <span className="visually-hidden">Backend: </span>
              {backend.name}
            </>
          ) : !backend && status !== 'failed' ? (
            // While it starts the badge is its dot and an ellipsis, no wider than a backend's name (the
            // header is sized for that; the words pushed its last buttons off at 1024 px). The home
            // view's control bar says "Starting the engine…" in words where the learner looks.
            <>
              <span className="visually-hidden">Starting the engine</span>…
            </>
          ) : (
            text
          )}
        </strong>
      </summary>
      <div className="backend-badge__details">
        {backend && (
          <p className="backend-badge__reason" data-testid="backend-reason">
            <strong>{backend.name}</strong> — {backend.reason}
          </p>
        )}
        {backend?.fallbacks && backend.fallbacks.length > 0 && (
          <ul className="backend-badge__fallbacks" aria-label="What this browser lacks, and what runs instead" data-testid="backend-fallbacks">
            {backend.fallbacks.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        {status === 'failed' && <p className="backend-badge__reason">{text}</p>}
        <label className="backend-badge__choice">
          <span>Run on</span>
          <select
            value={choice}
            onChange={(event) => {
              const next = event.target.value as BackendChoice;
              void withoutHeldRun(() => changeBackend(next));
            }}
            disabled={runActive}
            data-testid="backend-select"
          >
            {BACKEND_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {runActive && <p className="backend-badge__note">Stop or finish the run to change the backend.</p>}
        <button
          type="button"
          className="button button--ghost"
          onClick={() => void withoutHeldRun(measureBackends)}
          disabled={calibrating || status !== 'ready' || runActive}
          data-testid="measure-backends"
        >
          {calibrating ? 'Measuring… (about 10 s)' : 'Measure speed'}
        </button>
        <p className="backend-badge__note">Measuring trains a small network briefly on every backend and remembers the fastest on this machine.</p>
        {speeds && speeds.length > 0 && (
          <p className="backend-badge__speeds" data-testid="backend-speeds">
            Measured: {speeds.join(', ')}
          </p>
        )}
      </div>
    </details>
  );
}
