/** A labelled progress bar; value in 0..1. */
export function ProgressBar({ label, value, testId }: { label: string; value: number; testId?: string }) {
  const percent = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress__label">{label}</div>
      <div className="progress__track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
