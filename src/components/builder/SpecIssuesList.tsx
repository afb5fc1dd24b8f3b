/**
 * The spec's problems in one place: the ones that belong to no single layer in full, and a line per
 * layer problem that jumps to the field concerned. Training is disabled while any is an error.
 */
import { describeLayer } from '../../engine/spec/shapes';
import type { SpecIssue } from '../../engine/spec/validate';
import { fieldIdForIssue, layerFields } from './layerFields';
import type { SpecAnalysis } from './specAnalysis';

function focusIssue(issue: SpecIssue, analysis: SpecAnalysis): void {
  if (issue.layerIndex === null) return;
  const view = analysis.layers[issue.layerIndex];
  if (!view) return;
  const fieldId = fieldIdForIssue(layerFields(view.layer), issue.field);
  const target =
    (fieldId && document.querySelector<HTMLElement>(`[data-testid="layer-${issue.layerIndex}-${fieldId}"]`)) ||
    document.querySelector<HTMLElement>(`[data-testid="layer-${issue.layerIndex}-remove"]`);
  const details = target?.closest('details');
  if (details && !details.open) details.open = true;
  target?.focus();
  target?.scrollIntoView({ block: 'nearest' });
}

export function SpecIssuesList({ analysis }: { analysis: SpecAnalysis }) {
  const errors = analysis.issues.filter((i) => i.severity === 'error');
  const warnings = analysis.issues.filter((i) => i.severity === 'warning');
  if (analysis.issues.length === 0) {
    return (
      <p className="spec-issues spec-issues--ok" data-testid="spec-issues" role="status">
        <span aria-hidden="true">✓ </span>The model is valid and can be trained.
      </p>
    );
  }
  return (
    <div className={`spec-issues${errors.length ? ' spec-issues--error' : ''}`} data-testid="spec-issues" role="status">
      <p className="spec-issues__headline">
        {errors.length ? (
          <>
            <span aria-hidden="true">✗ </span>
            {errors.length} error{errors.length > 1 ? 's' : ''}: training is disabled until {errors.length > 1 ? 'they are' : 'it is'} fixed.
          </>
        ) : null}
        {warnings.length ? ` ${warnings.length} warning${warnings.length > 1 ? 's' : ''}.` : null}
      </p>
      <ul className="spec-issues__list">
        {[...errors, ...warnings].map((issue, k) => (
          <li key={k} className={`spec-issues__item spec-issues__item--${issue.severity}`} data-testid="spec-issue">
            {issue.layerIndex !== null && analysis.layers[issue.layerIndex] ? (
              <button type="button" className="link-button" onClick={() => focusIssue(issue, analysis)}>
                {describeLayer(issue.layerIndex, analysis.layers[issue.layerIndex].layer.type)}
              </button>
            ) : null}{' '}
            {issue.message} <span className="spec-issues__fix">Fix: {issue.fix}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
