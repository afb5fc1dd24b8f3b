/**
 * The pause sign as two bars drawn in SVG: the text glyphs (❚❚ U+275A, ⏸ U+23F8) are missing from
 * many fonts and render as empty boxes.
 */
export function PauseIcon() {
  return (
    <svg className="pause-icon" viewBox="0 0 10 10" width="0.8em" height="0.8em" aria-hidden="true" data-testid="pause-icon">
      <rect x="1.5" y="1" width="2.5" height="8" fill="currentColor" />
      <rect x="6" y="1" width="2.5" height="8" fill="currentColor" />
    </svg>
  );
}
