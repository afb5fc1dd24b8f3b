/**
 * Start / Pause / Resume / Step one batch / Stop, and the hard stop that restarts the engine. Every
 * button is always present (disabled when it does not apply) so that nothing jumps while training.
 * Start says why it is disabled; a paused run whose network was edited since offers to start over.
 */
import { useMemo } from 'react';
import { hasErrors, validateSpec } from '../../engine/spec/validate';
import { useAppStore } from '../../store';
import { controlRun, hardStop, startRun, stepRun } from '../../store/runBridge';
import { PauseIcon } from '../common/PauseIcon';
import { ContinueTraining } from './ContinueTraining';

/** Why a new run cannot start, or null. */
function useStartBlocker(): string | null {
  const spec = useAppStore((s) => s.spec);
  const engineStatus = useAppStore((s) => s.engineStatus);
  const fieldProblem = useAppStore((s) => Object.values(s.fieldProblems)[0] ?? null);
  const issues = useMemo(() => validateSpec(spec), [spec]);
  // A field showing a value that is not the one the spec holds: running now would run something else.
  if (fieldProblem) return `Cannot train yet: ${fieldProblem}`;
  if (hasErrors(issues)) {
    const first = issues.find((issue) => issue.severity === 'error');
    return first
      ? `Cannot train yet: ${first.message} ${first.fix}`
      : 'Cannot train yet: the network has errors.';
  }
  if (engineStatus === 'starting') return 'Waiting for the engine to start…';
  if (engineStatus === 'failed') return 'The engine failed to start: see the message at the top.';
  return null;
}

export function RunControls() {
  const runState = useAppStore((s) => s.runState);
  const engineStatus = useAppStore((s) => s.engineStatus);
  const run = useAppStore((s) => s.run);
  const spec = useAppStore((s) => s.spec);
  const blocker = useStartBlocker();
  const active = runState === 'running' || runState === 'paused';
  const specChanged = useMemo(
    () => run !== null && JSON.stringify(run.spec) !== JSON.stringify(spec),
    [run, spec],
  );
  const startDisabled = blocker !== null || active;

  return (
    <div className="run-controls">
      <div className="run-controls__buttons" role="group" aria-label="Training controls">
        <button
          type="button"
          className="button button--primary"
          onClick={() => startRun()}
          disabled={startDisabled}
          aria-describedby={blocker ? 'train-disabled-reason' : undefined}
          data-testid="train-start"
        >
          ▶ {run ? 'Start over' : 'Start'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => controlRun('pause')}
          disabled={runState !== 'running'}
          data-testid="train-pause"
        >
          <PauseIcon /> Pause
        </button>
        <button
          type="button"
          className="button"
          onClick={() => controlRun('resume')}
          disabled={runState !== 'paused'}
          data-testid="train-resume"
        >
          ▶ Resume
        </button>
        <button
          type="button"
          className="button"
          onClick={stepRun}
          disabled={active ? false : blocker !== null}
          title="Train on one batch, then pause"
          data-testid="train-step"
        >
          Step one batch
        </button>
        <button
          type="button"
          className="button"
          onClick={() => controlRun('stop')}
          disabled={!active}
          data-testid="train-stop"
        >
          ■ Stop
        </button>
        <button
          type="button"
          className="button button--ghost run-controls__hard"
          onClick={() => void hardStop()}
          // Something to stop: a run, or an engine that has not (or not properly) started.
          disabled={!active && engineStatus === 'ready'}
          title="Terminate the engine and start a fresh one (for a hung GPU or a runaway run)"
          data-testid="hard-stop"
        >
          ⚠ Hard stop
        </button>
      </div>
      <p
        className="run-controls__reason"
        id="train-disabled-reason"
        data-testid="train-disabled-reason"
        aria-live="polite"
      >
        {blocker ??
          (active ? 'Changes to the network or the hyper-parameters apply to the next run.' : '\u00a0')}
      </p>
      <ContinueTraining disabled={startDisabled} />
      {runState === 'paused' && specChanged && (
        <div className="banner banner--warn run-controls__changed" role="status" data-testid="spec-changed">
          <span>
            You changed the network since this run started. <strong>Resume</strong> keeps training the old
            one; start over to train what you built.
          </span>
          <button
            type="button"
            className="button"
            onClick={() => startRun()}
            disabled={blocker !== null}
            data-testid="train-start-over"
          >
            Start over with the new network
          </button>
        </div>
      )}
    </div>
  );
}
