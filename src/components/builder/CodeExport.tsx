/**
 * "Copy as tf.keras / PyTorch": puts runnable Python for the current model on the clipboard and
 * also shows it in a dialog, because the clipboard may be blocked (insecure origin, permissions).
 */
import { useEffect, useRef, useState } from 'react';
import { exportKerasPython, exportPytorchPython } from '../../engine/spec/python-export';
import { useAppStore } from '../../store';

type Framework = 'keras' | 'pytorch';

const TITLES: Record<Framework, string> = { keras: 'tf.keras', pytorch: 'PyTorch' };

interface Shown {
  framework: Framework;
  code: string | null;
  /** Why there is no code (the exporter refused a value), when there is none. */
  reason?: string;
  copied: 'yes' | 'no' | 'pending';
}

export function CodeExport({ disabledReason }: { disabledReason: string | null }) {
  const [shown, setShown] = useState<Shown | null>(null);
  const dialogRef = useRef<HTMLDialogElement | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (shown && dialog && !dialog.open) dialog.showModal();
  }, [shown]);

  const open = (framework: Framework): void => {
    const { spec, dataset } = useAppStore.getState();
    const { code, reason } = framework === 'keras' ? exportKerasPython(spec, dataset) : exportPytorchPython(spec, dataset);
    setShown({ framework, code, reason, copied: 'pending' });
    if (!code) return;
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard?.writeText) {
      setShown({ framework, code, copied: 'no' });
      return;
    }
    clipboard.writeText(code).then(
      () => setShown((s) => (s && s.code === code ? { ...s, copied: 'yes' } : s)),
      () => setShown((s) => (s && s.code === code ? { ...s, copied: 'no' } : s)),
    );
  };

  const close = (): void => {
    dialogRef.current?.close();
    setShown(null);
  };

  return (
    <>
      {(['keras', 'pytorch'] as const).map((framework) => (
        <button
          key={framework}
          type="button"
          className="button button--ghost button--small"
          data-testid={`copy-${framework}`}
          disabled={disabledReason !== null}
          aria-label={`Copy ${TITLES[framework]} code`}
          title={disabledReason ?? `Copy ${TITLES[framework]} code that builds and trains this model`}
          onClick={() => open(framework)}
        >
          {TITLES[framework]}
        </button>
      ))}
      <dialog ref={dialogRef} className="code-dialog" aria-labelledby="code-dialog-title" onClose={() => setShown(null)} data-testid="code-dialog">
        {shown ? (
          <>
            <header className="code-dialog__header">
              <h2 id="code-dialog-title">{TITLES[shown.framework]} code of this model</h2>
              <button type="button" className="button button--ghost" onClick={close} data-testid="code-dialog-close">
                Close
              </button>
            </header>
            <p className="panel__note" role="status" data-testid="code-copy-status">
              {shown.code === null
                ? `No code can be written for this model yet: ${shown.reason ?? 'it has errors'}.`
                : shown.copied === 'yes'
                  ? '✓ Copied to the clipboard. It builds the same layers and asserts the same parameter count.'
                  : shown.copied === 'no'
                    ? 'The browser blocked the clipboard: select the code below and copy it (Ctrl+A, Ctrl+C inside the box).'
                    : 'Copying…'}
            </p>
            {shown.code ? (
              <textarea className="code-dialog__code mono" readOnly value={shown.code} aria-label={`${TITLES[shown.framework]} code`} data-testid="code-dialog-code" rows={20} wrap="off" spellCheck={false} />
            ) : null}
          </>
        ) : null}
      </dialog>
    </>
  );
}
