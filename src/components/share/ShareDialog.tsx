/**
 * "Share": one button in the page header opens a dialog with the link to this exact setup (model,
 * hyper-parameters, dataset, the open view, the explorer setup and the lesson step), a Copy button,
 * the classroom option (tick the controls everyone who opens the link may use; the rest are hidden
 * for them), and the link as a QR code, with a full-screen view large enough to scan from the back
 * of a room. A native <dialog>: Escape closes it, focus stays inside while it is open.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import { HIDEABLE_CONTROLS, SUGGESTED_ALLOWED, type ControlId } from '../../store/classroomControls';
import { currentShareUrl, explorerLeftOut } from '../../store/urlState';
import type { Section } from '../../store/uiSlice';
import { Hideable } from './Hideable';

const VIEWS: { key: Section; label: string }[] = [
  { key: 'play', label: 'Playground' },
  { key: 'build', label: 'Build & train' },
  { key: 'inside', label: 'Inside the network' },
  { key: 'explorer', label: 'Convolution explorer' },
];
import { QrCode } from './QrCode';
import './share.css';

/** Re-renders when anything the link carries changes, and returns the link. */
function useShareUrl(classroom: readonly ControlId[] | null, section: Section): string {
  useAppStore((s) => s.spec);
  useAppStore((s) => s.dataset);
  useAppStore((s) => s.trainOptions);
  useAppStore((s) => s.presetId);
  useAppStore((s) => s.explorerShown);
  return currentShareUrl(useAppStore.getState(), window, { classroom, section });
}

function copyText(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return Promise.resolve(false);
  return navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
}

function FullScreenQr({ url, onClose }: { url: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="share-full" aria-label="QR code of the link, full screen" data-testid="share-qr-full" onClose={onClose} onClick={onClose}>
      <QrCode text={url} className="share-full__qr" testId="share-qr-full-canvas" label="QR code of the link to this setup" />
      <button type="button" className="button share-full__close" onClick={onClose} data-testid="share-qr-full-close" autoFocus>
        Close
      </button>
    </dialog>
  );
}

function ShareContent({ onClose }: { onClose: () => void }) {
  const [classroomOn, setClassroomOn] = useState(false);
  const [allowed, setAllowed] = useState<readonly ControlId[]>(SUGGESTED_ALLOWED);
  const [status, setStatus] = useState<string | null>(null);
  const [fullScreen, setFullScreen] = useState(false);
  const [section, setSection] = useState<Section>(() => useAppStore.getState().section);
  const url = useShareUrl(classroomOn ? allowed : null, section);
  const leftOut = explorerLeftOut(useAppStore.getState());
  const toggle = (id: ControlId, on: boolean): void => setAllowed((list) => (on ? [...list, id] : list.filter((x) => x !== id)));
  const copy = (): void => {
    void copyText(url).then((ok) => setStatus(ok ? 'Link copied' : 'Select the link above and copy it'));
  };
  return (
    <div className="share-dialog__body">
      <div className="share-dialog__main">
        <h2 id="share-title" className="share-dialog__title">
          Share this setup
        </h2>
        <p className="share-dialog__hint">Whoever opens the link gets this model, its settings and this view{leftOut ? '' : ' (and the explorer setup)'}, untrained.</p>
        {leftOut && (
          <p className="share-dialog__note" data-testid="share-explorer-left-out">
            The convolution explorer's setup is too large to put in a link (it came from a real layer); the link opens the explorer on its default.
          </p>
        )}
        <label className="share-dialog__view">
          Opens on{' '}
          <select value={section} onChange={(event) => setSection(event.target.value as Section)} data-testid="share-view">
            {VIEWS.map((view) => (
              <option key={view.key} value={view.key}>
                {view.label}
              </option>
            ))}
          </select>
        </label>
        <div className="share-dialog__row">
          <input className="share-dialog__url" readOnly value={url} aria-label="Link to this setup" onFocus={(event) => event.target.select()} data-testid="share-dialog-url" />
          <button type="button" className="button button--primary" onClick={copy} data-testid="share-dialog-copy">
            Copy
          </button>
        </div>
        <p className="share-dialog__status" role="status">
          {status}
        </p>
        <fieldset className="share-dialog__classroom">
          <legend>
            <label>
              <input type="checkbox" checked={classroomOn} onChange={(event) => setClassroomOn(event.target.checked)} data-testid="share-classroom" /> Classroom link: hide controls
            </label>
          </legend>
          {classroomOn ? (
            <>
              <p className="share-dialog__hint">Everyone who opens the link sees only the ticked controls; the rest are hidden (Play view always shows).</p>
              <ul className="share-dialog__controls">
                {HIDEABLE_CONTROLS.map((control) => (
                  <li key={control.id}>
                    <label>
                      <input type="checkbox" checked={allowed.includes(control.id)} onChange={(event) => toggle(control.id, event.target.checked)} data-testid={`share-allow-${control.id}`} /> {control.label}
                    </label>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="share-dialog__hint">Off: the link opens the full playground.</p>
          )}
        </fieldset>
      </div>
      <div className="share-dialog__side">
        <QrCode text={url} className="share-dialog__qr" testId="share-qr" label="QR code of the link to this setup" />
        <button type="button" className="button" onClick={() => setFullScreen(true)} data-testid="share-qr-fullscreen">
          Show the QR code full screen
        </button>
        <button type="button" className="button button--ghost" onClick={onClose} data-testid="share-close">
          Close
        </button>
      </div>
      {fullScreen && <FullScreenQr url={url} onClose={() => setFullScreen(false)} />}
    </div>
  );
}

export function ShareButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
  }, [open]);
  const close = (): void => {
    dialog.current?.close();
    setOpen(false);
  };
  return (
    <Hideable id="share">
      <button type="button" className="button button--ghost button--small" onClick={() => setOpen(true)} data-testid="share-open" aria-haspopup="dialog">
        Share
      </button>
      {open && (
        <dialog ref={dialog} className="share-dialog" aria-labelledby="share-title" data-testid="share-dialog"
          // React passes the full-screen dialog's close up the tree: only this dialog's own close counts.
          onClose={(event) => event.target === event.currentTarget && setOpen(false)}
        >
          <ShareContent onClose={close} />
        </dialog>
      )}
    </Hideable>
  );
}
