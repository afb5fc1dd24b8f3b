/** What "explain this layer" had to say (a fallback without a trained model, or why it could not explain), above the explorer. */
import { useAppStore } from '../../store';

export function ExplainNotice() {
  const notice = useAppStore((s) => s.explainNotice);
  const clear = useAppStore((s) => s.setExplainNotice);
  if (!notice) return null;
  return (
    <div
      className={`banner ${notice.severity === 'error' ? 'banner--error' : 'banner--info'} explain-notice`}
      role={notice.severity === 'error' ? 'alert' : 'status'}
      data-testid="explain-notice"
    >
      <span>{notice.text}</span>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => clear(null)}
        aria-label="Dismiss this notice"
      >
        ✕
      </button>
    </div>
  );
}
