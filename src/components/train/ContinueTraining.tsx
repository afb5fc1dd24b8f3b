/**
 * Training a loaded or opened model further (a Keras file, a saved model): offered while the builder
 * still holds that model's network, it starts a run from the model's trained weights rather than
 * from fresh ones. Start, beside it, still trains the network afresh.
 */
import { useMemo } from 'react';
import { useAppStore } from '../../store';
import { startRun } from '../../store/runBridge';

export function ContinueTraining({ disabled }: { disabled: boolean }) {
  const model = useAppStore((s) => s.currentModel);
  const spec = useAppStore((s) => s.spec);
  const same = useMemo(
    () =>
      model !== null &&
      JSON.stringify([model.spec.inputShape, model.spec.layers]) ===
        JSON.stringify([spec.inputShape, spec.layers]),
    [model, spec],
  );
  if (!model || model.source === 'run' || !same) return null;
  return (
    <p className="run-controls__continue" data-testid="train-continue-row">
      <button
        type="button"
        className="button"
        onClick={() => startRun(false, { continueFromCurrent: true })}
        disabled={disabled}
        data-testid="train-continue"
      >
        ▶ Train “{model.name}” further
      </button>{' '}
      <span className="panel__note">starts from its trained weights; Start begins afresh.</span>
    </p>
  );
}
