/**
 * The runs panel (issue 19): every run the worker kept, newest first, each with the difference to the
 * run before it in words; tick two or more to overlay their curves. A modal dialog (Escape or ✕
 * closes it, focus stays inside), sized to fit 1280×720 and 1024×768 with the list scrolling inside.
 * It shows only what the worker says: the list comes from `listRuns`, updates from `runKept`.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useAppStore } from '../../store';
import { followKeptRuns, refreshRuns } from '../../store/runsBridge';
import { RunRow } from './RunRow';
import { RunsChart } from './RunsChart';
import './runs.css';

export function RunsDialog() {
  const runs = useAppStore((s) => s.keptRuns);
  const loaded = useAppStore((s) => s.keptRunsLoaded);
  const compared = useAppStore((s) => s.comparedRuns);
  const message = useAppStore((s) => s.runsMessage);
  const latestRunId = useAppStore((s) => (s.currentModel?.source === 'run' ? (s.currentModel.runId ?? null) : null));
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    const unfollow = followKeptRuns();
    void refreshRuns();
    return () => {
      unfollow();
      if (element?.open) element.close();
    };
  }, []);

  const comparedRuns = useMemo(() => compared.flatMap((id) => runs.filter((r) => r.id === id)), [compared, runs]);
  const close = (): void => useAppStore.getState().setRunsOpen(false);

  return (
    <dialog
      ref={dialog}
      className="runs-dialog"
      aria-labelledby="runs-title"
      data-testid="runs-panel"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <header className="runs-dialog__header">
        <h2 id="runs-title">Runs</h2>
        <p className="runs-dialog__hint">Every run is kept in this browser, with what changed since the one before. Tick runs to compare their curves.</p>
        <button type="button" className="button runs-dialog__close" onClick={close} aria-label="Close the runs panel" data-testid="runs-close">
          ✕
        </button>
      </header>
      <p className={`runs-dialog__message${message?.error ? ' runs-dialog__message--error' : ''}`} role="status" aria-live="polite" data-testid="runs-message">
        {message?.text ?? ''}
      </p>
      <div className="runs-dialog__body">
        {runs.length === 0 ? (
          <p className="runs-dialog__empty" data-testid="runs-empty">
            {loaded ? 'No runs yet: train a network (Play, or Start on Build & train) and it appears here.' : 'Reading the kept runs…'}
          </p>
        ) : (
          <ol className="runs-list" data-testid="runs-list" aria-label="Kept runs, newest first">
            {[...runs].reverse().map((run) => (
              <RunRow key={run.id} run={run} previous={runs[runs.indexOf(run) - 1]} latestRunId={latestRunId} />
            ))}
          </ol>
        )}
        <RunsChart runs={comparedRuns} />
      </div>
    </dialog>
  );
}
