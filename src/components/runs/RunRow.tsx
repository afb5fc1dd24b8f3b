/**
 * One kept run in the runs panel: tick to compare, its name (renamable), state, facts and the
 * difference to the run before it, and its actions: run again with one change, share link, export,
 * keep weights / open the trained model, delete (asked twice, so that a slip loses nothing).
 */
import { useEffect, useRef, useState } from 'react';
import type { KeptRun } from '../../engine/protocol';
import { useAppStore } from '../../store';
import { deleteKeptRun, exportKeptRun, keepKeptRunWeights, openKeptRunModel, renameKeptRun, runAgain, shareLinkOfRun } from '../../store/runsBridge';
import { runColour } from './runColours';
import { changesLine, factsLine, STATE_WORDS } from './runFacts';

function download(name: string, body: string): void {
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function RenameForm({ run, onDone }: { run: KeptRun; onDone: () => void }) {
  const [name, setName] = useState(run.name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  return (
    <form
      className="run-row__rename"
      onSubmit={(event) => {
        event.preventDefault();
        void renameKeptRun(run.id, name).then((ok) => ok && onDone());
      }}
    >
      <label>
        <span className="visually-hidden">New name of {run.name}</span>
        <input ref={input} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onDone())} data-testid="run-rename-input" />
      </label>
      <button type="submit" className="button button--primary" data-testid="run-rename-save">Save</button>
      <button type="button" className="button" onClick={onDone}>Cancel</button>
    </form>
  );
}

export function RunRow({ run, previous, latestRunId }: { run: KeptRun; previous: KeptRun | undefined; latestRunId: number | null }) {
  const compared = useAppStore((s) => s.comparedRuns);
  const position = compared.indexOf(run.id);
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const swatch = position >= 0 ? runColour(position) : null;
  // Weights can be kept only while the run's model is still the worker's current one.
  const canKeep = !run.hasWeights && latestRunId === run.runId;

  const share = async (): Promise<void> => {
    const url = shareLinkOfRun(run);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      useAppStore.getState().setRunsMessage(`Copied a link to the settings of “${run.name}”.`);
    } catch {
      useAppStore.getState().setRunsMessage('Copy the link below to share the settings of this run.');
    }
  };

  return (
    <li className={`run-row run-row--${run.state}`} data-testid="run-row" data-run-id={run.id} data-name={run.name}>
      <label className="run-row__compare">
        <input type="checkbox" checked={position >= 0} onChange={() => useAppStore.getState().toggleCompared(run.id)} data-testid="run-compare" />
        <span className="visually-hidden">Compare {run.name}</span>
        <span className="run-row__swatch" aria-hidden="true" style={swatch ? { background: swatch.color } : undefined} />
      </label>
      <div className="run-row__body">
        {renaming ? (
          <RenameForm run={run} onDone={() => setRenaming(false)} />
        ) : (
          <h3 className="run-row__name">
            <span data-testid="run-name">{run.name}</span> <span className={`run-row__state run-row__state--${run.state}`}>{STATE_WORDS[run.state]}</span>
          </h3>
        )}
        <p className="run-row__facts" data-testid="run-facts">{factsLine(run)}</p>
        <p className="run-row__changes" data-testid="run-changes">{changesLine(run, previous)}</p>
        {run.state === 'failed' && run.message && <p className="run-row__failure">{run.message}</p>}
        <div className="run-row__actions">
          <button type="button" className="button button--primary" onClick={() => runAgain(run.id)} data-testid="run-again" title="Load this run's settings as the network being built: change one thing, then train">
            Run again with one change
          </button>
          <button type="button" className="button" onClick={() => void share()} data-testid="run-share">Share link</button>
          <button
            type="button"
            className="button"
            onClick={() => void exportKeptRun(run.id).then((file) => file && download(file.fileName, file.json))}
            data-testid="run-export"
          >
            Export JSON
          </button>
          {run.hasWeights ? (
            <button type="button" className="button" onClick={() => void openKeptRunModel(run.id)} data-testid="run-open-model">Open trained model</button>
          ) : (
            canKeep && <button type="button" className="button" onClick={() => void keepKeptRunWeights(run.id)} data-testid="run-keep-weights">Keep weights</button>
          )}
          {!renaming && <button type="button" className="button" onClick={() => setRenaming(true)} data-testid="run-rename">Rename</button>}
          {confirmDelete ? (
            <>
              <button type="button" className="button button--danger" onClick={() => void deleteKeptRun(run.id)} data-testid="run-delete-confirm">Delete it</button>
              <button type="button" className="button" onClick={() => setConfirmDelete(false)}>Keep it</button>
            </>
          ) : (
            <button type="button" className="button" onClick={() => setConfirmDelete(true)} data-testid="run-delete">Delete</button>
          )}
        </div>
        {link && (
          <label className="run-row__link">
            <span>Link to its settings (no weights):</span>
            <input readOnly value={link} onFocus={(e) => e.target.select()} data-testid="run-share-link" />
          </label>
        )}
      </div>
    </li>
  );
}
