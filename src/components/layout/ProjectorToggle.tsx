/** Projector mode: larger type (at least 18 px) and larger maps, for the back of a classroom. */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { ProjectorIcon } from '../common/icons';

export function ProjectorToggle() {
  const projector = useAppStore((s) => s.projector);
  const setProjector = useAppStore((s) => s.setProjector);
  useEffect(() => {
    document.documentElement.dataset.projector = projector ? 'on' : 'off';
  }, [projector]);
  return (
    <button
      type="button"
      className="button button--ghost header-button"
      aria-pressed={projector}
      // The name, where the narrower layouts show the icon alone (layouts.css).
      aria-label="Projector"
      onClick={() => setProjector(!projector)}
      data-testid="projector-toggle"
      title="Projector mode: larger text and maps"
    >
      <ProjectorIcon /> <span className="header-button__text">Projector</span>
    </button>
  );
}
