/**
 * "Runs": opens the runs panel from any view (the home view's bar, Build & train, Inside). The panel
 * is rendered by the button of the view on screen, so it needs no place of its own in the page.
 */
import { useAppStore } from '../../store';
import { RunsDialog } from './RunsDialog';

export function RunsButton({ className = '' }: { className?: string }) {
  const open = useAppStore((s) => s.runsOpen);
  return (
    <>
      <button
        type="button"
        className={`button runs-button ${className}`}
        onClick={() => useAppStore.getState().setRunsOpen(true)}
        aria-haspopup="dialog"
        data-testid="runs-open"
        title="Every run kept: compare their curves, see what changed, run one again"
      >
        <span aria-hidden="true">☰</span> Runs
      </button>
      {open && <RunsDialog />}
    </>
  );
}
