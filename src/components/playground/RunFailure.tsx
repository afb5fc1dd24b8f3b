/**
 * The home view's word on a failed run, under Play and the counter where the learner looks: what
 * went wrong (the run's message: an uncached dataset offline, a diverged loss, a spec the engine
 * refused) and what to do. Build shows the same fault in its banner; the home view had nothing but
 * a counter that stopped. It floats over the top of the picture, so that the bar keeps its height,
 * until it is dismissed or the next run starts.
 */
import { useState } from 'react';
import { useAppStore } from '../../store';
import { faultTitle } from '../train/faultTitles';

export function RunFailure() {
  const failed = useAppStore((s) => s.runState === 'failed');
  const message = useAppStore((s) => s.runMessage);
  const fault = useAppStore((s) => s.fault);
  const runId = useAppStore((s) => s.run?.runId ?? null);
  const [dismissed, setDismissed] = useState<number | null>(null);
  if (!failed || runId === dismissed) return null;
  const text = message ?? fault?.message ?? 'The run stopped with an error.';
  return (
    <div className="banner banner--error pg-failure" role="alert" data-testid="pg-run-failure" data-kind={fault?.kind ?? ''}>
      <p className="pg-failure__title">
        <span aria-hidden="true">⚠ </span>
        <strong>{faultTitle(fault?.kind)}</strong>
      </p>
      <p className="pg-failure__text" data-testid="pg-run-failure-message">
        {text}
      </p>
      {fault?.hint && (
        <p className="pg-failure__text">
          <strong>What to do:</strong> {fault.hint}
        </p>
      )}
      <button type="button" className="button button--ghost pg-failure__dismiss" onClick={() => setDismissed(runId)} data-testid="pg-run-failure-dismiss">
        Dismiss
      </button>
    </div>
  );
}
