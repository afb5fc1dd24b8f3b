/**
 * The one registry of controls a classroom link can hide. A teacher ticks the ones everyone who
 * opens the link may use; every other control in this list is not rendered at all for them (hidden,
 * not greyed out), and a banner says that some are hidden. A new control becomes hideable with one
 * line here and one `<Hideable id="…">` (or `useControlShown('…')`) where it is rendered.
 *
 * Ids travel in links: never rename one (a link made before would then hide the renamed control).
 */

export interface HideableControl {
  id: string;
  /** What the teacher reads in the list of controls. */
  label: string;
}

export const HIDEABLE_CONTROLS = [
  { id: 'play', label: 'Play / Pause' },
  { id: 'step', label: 'Step one batch' },
  { id: 'reset', label: 'Reset (new random weights)' },
  { id: 'network', label: 'Network picker' },
  { id: 'pretrained', label: 'Trained networks (in the network picker)' },
  { id: 'dataset', label: 'Dataset picker' },
  { id: 'learningRate', label: 'Learning rate' },
  { id: 'batchSize', label: 'Batch size' },
  { id: 'trainLength', label: 'How long Play trains' },
  { id: 'editLayers', label: 'Editing layers in the picture (✎, +, −, ✕)' },
  { id: 'view:build', label: 'Build & train view' },
  { id: 'view:inside', label: 'Inside the network view' },
  { id: 'view:explorer', label: 'Convolution explorer view' },
  { id: 'view:data', label: 'Your data view' },
  { id: 'share', label: 'Share (link and QR code)' },
] as const satisfies readonly HideableControl[];

export type ControlId = (typeof HIDEABLE_CONTROLS)[number]['id'];

const IDS: ReadonlySet<string> = new Set(HIDEABLE_CONTROLS.map((c) => c.id));

/** The shortest sensible classroom link: Play and the learning rate. */
export const SUGGESTED_ALLOWED: readonly ControlId[] = ['play', 'learningRate'];

export function isControlId(value: unknown): value is ControlId {
  return typeof value === 'string' && IDS.has(value);
}

/**
 * Whether a control is shown: always outside classroom mode; in classroom mode only when the link
 * allows it. Controls that are not in the registry are never hidden.
 */
export function controlShown(allowed: readonly string[] | null, id: ControlId): boolean {
  return allowed === null || allowed.includes(id);
}

/**
 * The allowed list a link carries, checked: a list of known ids. Unknown ids are dropped and named
 * (a link from a newer playground may know more controls), so the rest of the link still opens.
 */
export function readAllowed(raw: unknown): { allowed: ControlId[] | null; problem: string | null } {
  if (raw === undefined || raw === null) return { allowed: null, problem: null };
  if (!Array.isArray(raw) || raw.length > HIDEABLE_CONTROLS.length * 2) {
    // Hiding nothing would hand the class every control: hide everything instead, and say so.
    return { allowed: [], problem: 'its list of classroom controls is not a list of names, so every control that can be hidden is hidden' };
  }
  const known = raw.filter(isControlId);
  const unknown = raw.filter((id) => !isControlId(id));
  const allowed = HIDEABLE_CONTROLS.map((c) => c.id).filter((id) => known.includes(id));
  return {
    allowed,
    problem: unknown.length ? `its classroom controls name ${unknown.length} this playground does not have (${unknown.slice(0, 3).map((u) => JSON.stringify(u)?.slice(0, 30)).join(', ')}); they were left out` : null,
  };
}
