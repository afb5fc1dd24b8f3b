/**
 * The datasets kept in this browser: open, use, rename, export as one file, delete; import a file;
 * and start a new one in the size the learner chooses (28×28 grey or 32×32 colour).
 */
import { useEffect, useState } from 'react';
import { type CustomFormat, FORMATS } from '../../engine/data/customDataset';
import { FILE_EXTENSION } from '../../engine/data/customFile';
import { useAppStore } from '../../store';
import { chooseDataset, deleteDataset, exportDataset, importDatasetFile, openDataset, renameDataset, startDataset, useCustomDatasets, watchDatasets } from '../../store/customDatasets';

export function MyDatasets() {
  const list = useCustomDatasets((s) => s.list);
  const draftId = useCustomDatasets((s) => s.draft?.id);
  const messages = useCustomDatasets((s) => s.messages);
  const inUse = useAppStore((s) => s.dataset);
  const [format, setFormat] = useState<CustomFormat>('grey28');
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  useEffect(() => watchDatasets(), []);

  return (
    <section className="panel own-list" aria-labelledby="own-list-title">
      <header className="panel__header">
        <h2 id="own-list-title">Your datasets</h2>
      </header>
      <fieldset className="own-list__new">
        <legend>New dataset, as the network will see it</legend>
        {(Object.keys(FORMATS) as CustomFormat[]).map((key) => (
          <label key={key} className="own-list__format">
            <input type="radio" name="own-format" value={key} checked={format === key} onChange={() => setFormat(key)} data-testid={`own-format-${key}`} />
            {FORMATS[key].title}
          </label>
        ))}
        <button type="button" className="button button--primary" onClick={() => startDataset(format)} data-testid="own-new">
          Make a new dataset
        </button>
      </fieldset>
      <label className="button own-list__import">
        Import a dataset file…
        <input
          type="file"
          accept={`${FILE_EXTENSION},.zip,application/zip`}
          className="visually-hidden"
          data-testid="own-import"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importDatasetFile(file);
          }}
        />
      </label>
      <div className="own-list__messages" aria-live="polite" data-testid="own-messages">
        {messages.map((m, k) => (
          <p key={k} className={`banner ${m.tone === 'error' ? 'banner--error' : 'banner--info'}`} data-testid={m.tone === 'error' ? 'own-problem' : 'own-info'}>
            {m.text}
          </p>
        ))}
      </div>
      {list.length === 0 ? (
        <p className="panel__note">None yet: make one, or import a file.</p>
      ) : (
        <ul className="own-list__items" data-testid="own-list">
          {list.map((s) => (
            <li key={s.id} className={`own-list__item${draftId === s.id ? ' own-list__item--open' : ''}`} data-testid="own-list-item" data-id={s.id} data-count={s.count}>
              {renaming?.id === s.id ? (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    void renameDataset(s.id, renaming.title);
                    setRenaming(null);
                  }}
                >
                  <input value={renaming.title} onChange={(event) => setRenaming({ id: s.id, title: event.target.value })} aria-label="New name" maxLength={80} autoFocus data-testid="own-rename-input" />
                  <button type="submit" className="button">
                    Rename
                  </button>
                </form>
              ) : (
                <span className="own-list__title">
                  <strong>{s.title}</strong> {inUse === `custom:${s.id}` && <em>(in use)</em>}
                  <small>
                    {s.count} images · {s.classNames.length} classes · {s.width}×{s.height} {s.channels === 1 ? 'grey' : 'colour'}
                  </small>
                </span>
              )}
              <span className="own-list__tools">
                <button type="button" className="button" onClick={() => void openDataset(s.id)} data-testid="own-open">
                  Open
                </button>
                <button type="button" className="button" onClick={() => void chooseDataset(s.id)} data-testid="own-use-item">
                  Use
                </button>
                <button type="button" className="button button--ghost" onClick={() => setRenaming({ id: s.id, title: s.title })} data-testid="own-rename">
                  Rename
                </button>
                <button type="button" className="button button--ghost" onClick={() => void exportDataset(s.id)} data-testid="own-export">
                  Export
                </button>
                <button
                  type="button"
                  className="button button--ghost"
                  onClick={() => {
                    if (window.confirm(`Delete “${s.title}” and its ${s.count} images from this browser? Export it first to keep a copy.`)) void deleteDataset(s.id);
                  }}
                  data-testid="own-delete"
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
