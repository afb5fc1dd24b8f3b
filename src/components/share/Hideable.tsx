/**
 * How a control takes part in classroom links: `useControlShown(id)` says whether to render it, and
 * `<Hideable id="…">` renders its children only then. A hidden control is not rendered at all (not
 * greyed out), so a class sees a page with only what the teacher chose. Ids live in the registry
 * (store/classroomControls).
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../../store';
import { controlShown, type ControlId } from '../../store/classroomControls';

export function useControlShown(id: ControlId): boolean {
  return useAppStore((s) => controlShown(s.classroom, id));
}

export function Hideable({ id, children }: { id: ControlId; children: ReactNode }) {
  return useControlShown(id) ? <>{children}</> : null;
}
