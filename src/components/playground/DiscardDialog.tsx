/**
 * The question asked before a change throws away a trained model: what the change is, how much
 * training would be lost, and two plain answers. Keyboard: focus starts on "Keep", Escape keeps.
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { answerDiscard } from '../../store/playgroundBridge';

export function DiscardDialog() {
  const pending = useAppStore((s) => s.pendingDiscard);
  const seen = useAppStore((s) => s.progress?.examplesSeen ?? 0);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) keep.current?.focus();
  }, [pending]);
  if (!pending) return null;
  return (
    <div className="pg-dialog__backdrop">
      <div
        className="pg-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="pg-dialog-title"
        aria-describedby="pg-dialog-text"
        data-testid="pg-discard-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') answerDiscard(false);
        }}
      >
        <h2 id="pg-dialog-title">Start again with an untrained network?</h2>
        <p id="pg-dialog-text">
          To {pending.what}, the network starts from new random weights: what it learned
          {seen > 0 ? ` from ${seen.toLocaleString('en-US')} images` : ''} is thrown away.
        </p>
        <div className="pg-dialog__buttons">
          <button ref={keep} type="button" className="button" onClick={() => answerDiscard(false)} data-testid="pg-discard-keep">
            Keep the trained network
          </button>
          <button type="button" className="button button--primary" onClick={() => answerDiscard(true)} data-testid="pg-discard-confirm">
            Change it and start again
          </button>
        </div>
      </div>
    </div>
  );
}
