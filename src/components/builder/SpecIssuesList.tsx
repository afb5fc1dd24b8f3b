/**
 * The spec's problems in one place: the ones that belong to no single layer in full, and a line per
 * layer problem that jumps to the field concerned. Training is disabled while any is an error.
 */
import { describeLayer } from '../../engine/spec/shapes';
import type { SpecIssue } from '../../engine/spec/validate';
import { splitAtName } from './issueText';
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

/**
 * The message with its layer's name as the link that jumps to the field. The message names the
 * layer itself, so the name becomes the link where it stands and is not written twice.
 */
function IssueMessage({ issue, analysis }: { issue: SpecIssue; analysis: SpecAnalysis }) {
  const view = issue.layerIndex === null ? undefined : analysis.layers[issue.layerIndex];
  if (!view) return <>{issue.message}</>;
  const name = describeLayer(view.index, view.layer.type);
  const link = (
    <button type="button" className="link-button" onClick={() => focusIssue(issue, analysis)}>
      {name}
    </button>
  );
  const split = splitAtName(issue.message, name);
  if (!split) return <>{link} {issue.message}</>;
  return (
    <>
      {split.before}
      {link}
      {split.after}
    </>
  );
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
            <IssueMessage issue={issue} analysis={analysis} /> <span className="spec-issues__fix">Fix: {issue.fix}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
