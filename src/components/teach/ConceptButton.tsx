/**
 * The "?" next to a concept: a real button (click, tap, Enter or Space; aria-expanded) that opens
 * a short explanation with the learner's own numbers. The explanation is a non-modal dialog placed
 * by the button inside the viewport (so it is never clipped at 1024×768); Escape, ✕ or a click
 * elsewhere closes it and gives focus back to the button. One is open at a time.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useAppStore } from '../../store';
import { CONCEPT_TITLES, type ConceptId } from '../../teach/conceptIds';
import type { ExplorerWindow } from '../../teach/concepts';
import { ConceptPanel } from './ConceptPanel';
import './teach.css';

interface ConceptButtonProps {
  concept: ConceptId;
  /** Spec index of the layer this "?" belongs to. */
  layer?: number;
  /** The explorer's window, for a "?" inside the explorer. */
  explorer?: ExplorerWindow;
}

/** Closes whichever popover is open, so that opening another one never leaves two. */
let closeOpen: (() => void) | null = null;

const MARGIN = 8;

/** Top-left of a box of `size` beside `anchor`: below when it fits, else above, else where there is more room. */
export function placeBeside(anchor: DOMRect, size: { width: number; height: number }, viewport: { width: number; height: number }): { left: number; top: number; maxHeight: number } {
  const below = viewport.height - anchor.bottom - MARGIN;
  const above = anchor.top - MARGIN;
  const left = Math.max(MARGIN, Math.min(anchor.left, viewport.width - size.width - MARGIN));
  if (size.height <= below) return { left, top: anchor.bottom + 4, maxHeight: below };
  if (size.height <= above) return { left, top: anchor.top - 4 - size.height, maxHeight: above };
  // Too tall for either side: use the whole height and scroll inside.
  return { left, top: MARGIN, maxHeight: viewport.height - 2 * MARGIN };
}

export function ConceptButton({ concept, layer, explorer }: ConceptButtonProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number; maxHeight: number } | null>(null);
  const id = useId();
  const title = CONCEPT_TITLES[concept];
  const projector = useAppStore((s) => s.projector);

  const close = (returnFocus: boolean): void => {
    setOpen(false);
    setPosition(null);
    if (returnFocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const mine = () => close(false);
    closeOpen = mine;
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Node;
      if (panel.current?.contains(target) || button.current?.contains(target)) return;
      close(false);
    };
    // Escape closes it wherever the focus is (a link that went away leaves it on the page).
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') close(true);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
      if (closeOpen === mine) closeOpen = null;
    };
  }, [open]);

  useLayoutEffect(() => {
    if (!open) return;
    const place = (): void => {
      if (!button.current || !panel.current) return;
      const rect = panel.current.getBoundingClientRect();
      setPosition(placeBeside(button.current.getBoundingClientRect(), { width: rect.width, height: panel.current.scrollHeight }, { width: window.innerWidth, height: window.innerHeight }));
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [open, concept]);

  useEffect(() => {
    if (open && position) panel.current?.focus();
  }, [open, position]);

  const toggle = (): void => {
    if (open) {
      close(false);
      return;
    }
    closeOpen?.();
    setOpen(true);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="concept-q"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={`Explain: ${title}`}
        data-concept={concept}
        data-testid={`concept-${concept}`}
        onClick={toggle}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            event.stopPropagation();
            close(true);
          }
        }}
      >
        ?
      </button>
      {open &&
        createPortal(
          <div
            ref={panel}
            id={id}
            className={`concept-pop${projector ? ' concept-pop--projector' : ''}`}
            role="dialog"
            aria-modal="false"
            aria-label={title}
            tabIndex={-1}
            data-testid="concept-popover"
            style={position ? { left: position.left, top: position.top, maxHeight: position.maxHeight } : { left: 0, top: 0, visibility: 'hidden' }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.stopPropagation();
                close(true);
              }
            }}
          >
            <ConceptPanel concept={concept} layer={layer} explorer={explorer} onClose={() => close(true)} />
          </div>,
          document.body,
        )}
    </>
  );
}
