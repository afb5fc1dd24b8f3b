/** The one shape every spec problem takes, from parsing, validation and the importers. */

export interface SpecIssue {
  /** 0-based index of the spec layer concerned, or null for the whole spec / the document. */
  layerIndex: number | null;
  /** The spec field to change (`filters`, `training.learningRate`, `inputShape`…), or null. */
  field: string | null;
  severity: 'error' | 'warning';
  /** What is wrong, naming the layer and the field. */
  message: string;
  /** How to fix it, concretely. */
  fix: string;
}

/** True when any issue is an error (a warning alone does not stop training). */
export function hasErrors(issues: readonly SpecIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

export function specError(layerIndex: number | null, field: string | null, message: string, fix: string): SpecIssue {
  return { layerIndex, field, severity: 'error', message, fix };
}

export function specWarning(layerIndex: number | null, field: string | null, message: string, fix: string): SpecIssue {
  return { layerIndex, field, severity: 'warning', message, fix };
}

/** One issue per line, "error: message — fix", for the CLI and logs. */
export function formatIssues(issues: readonly SpecIssue[]): string {
  return issues.map((i) => `${i.severity}: ${i.message} Fix: ${i.fix}`).join('\n');
}
