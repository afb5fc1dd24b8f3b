/**
 * Automatic repairs the editor may offer with one click. Each returns the repaired spec and
 * says what it did, so the learner sees the change rather than having it happen silently.
 */
import { specWarning, type SpecIssue } from './issues';
import { inferShapes } from './shapes';
import type { ModelSpec } from './types';

/**
 * Inserts a Flatten before every dense layer that receives feature maps. Layers after an
 * insertion move one index down; the notes name the new positions.
 */
export function insertMissingFlattens(spec: ModelSpec): { spec: ModelSpec; notes: SpecIssue[] } {
  const repaired: ModelSpec = structuredClone(spec);
  const notes: SpecIssue[] = [];
  // Each pass fixes the first missing Flatten; a spec has at most maxLayers of them.
  for (let guard = 0; guard <= spec.layers.length; guard++) {
    const shapes = inferShapes(repaired);
    const failed = shapes.failedAt;
    if (failed === null) break;
    const s = shapes.layers[failed];
    if (repaired.layers[failed].type !== 'dense' || s.input.length !== 3) break;
    repaired.layers.splice(failed, 0, { type: 'flatten' });
    notes.push(
      specWarning(
        failed,
        null,
        `Inserted a Flatten as layer ${failed + 1}: it turns the ${s.input.join('×')} feature maps into ${s.input.reduce((a, b) => a * b, 1)} values for the Dense layer after it.`,
        'Nothing to do; remove it again if you meant something else.',
      ),
    );
  }
  return { spec: repaired, notes };
}
