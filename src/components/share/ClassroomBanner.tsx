/**
 * The line a classroom link shows on every view: some controls are hidden, and a plain link to the
 * same setup with every control. Honest about what it is: a classroom link guides a class, it does
 * not lock anything (anyone can follow the plain link).
 */
import { useAppStore } from '../../store';
import { currentShareUrl } from '../../store/urlState';

export function ClassroomBanner() {
  const classroom = useAppStore((s) => s.classroom);
  // Re-render with the setup, so the plain link carries what is on screen now.
  useAppStore((s) => s.spec);
  useAppStore((s) => s.section);
  if (classroom === null) return null;
  const fullUrl = currentShareUrl(useAppStore.getState(), window, { classroom: null });
  return (
    <div className="banner classroom-banner" role="status" data-testid="classroom-banner">
      <p className="classroom-banner__text">
        <strong>Classroom link:</strong> some controls are hidden.{' '}
        <a href={fullUrl} data-testid="classroom-leave">
          Open the full playground
        </a>
      </p>
    </div>
  );
}
