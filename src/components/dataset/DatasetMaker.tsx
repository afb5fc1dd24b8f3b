/**
 * "Make your own dataset": the dataset being made, saved after every change. Its title, its size (as
 * the network will see it), its classes as cards, where pictures come from (files or a folder of
 * class folders, the drawing pad, the webcam), what must be fixed before training (a class with too
 * few images says how many to add), and Use, which makes every view work with it.
 */
import { useState } from 'react';
import { classFlags, countPerClass, FORMATS, formatOf, MAX_CLASSES, readyToTrain } from '../../engine/data/customDataset';
import { addClass, addFolderFiles, chooseDataset, closeDraft, setTitle, useCustomDatasets } from '../../store/customDatasets';
import { useAppStore } from '../../store';
import { ProgressBar } from '../common/ProgressBar';
import { ClassCard } from './ClassCard';
import { droppedFiles, folderFilesOf } from './droppedFiles';
import { PadSource } from './PadSource';
import { WebcamSource } from './WebcamSource';

type Source = 'files' | 'pad' | 'webcam';

export function DatasetMaker() {
  const draft = useCustomDatasets((s) => s.draft);
  const saveState = useCustomDatasets((s) => s.saveState);
  const decoding = useCustomDatasets((s) => s.decoding);
  const inUse = useAppStore((s) => s.dataset);
  const [source, setSource] = useState<Source>('files');
  if (!draft) return null;
  const perClass = countPerClass(draft.labels, draft.classNames.length);
  const flags = classFlags(draft.classNames, perClass, draft.testFraction);
  const ready = readyToTrain(flags);
  const format = formatOf(draft);
  const name = `custom:${draft.id}`;

  return (
    <section
      className="panel own-maker"
      aria-labelledby="own-maker-title"
      data-testid="own-maker"
      data-images={draft.labels.length}
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => {
        // A folder of class folders dropped anywhere outside a card: one class per folder.
        event.preventDefault();
        void droppedFiles(event.dataTransfer).then((files) => {
          const foldered = files.filter((f) => f.folder);
          if (foldered.length) void addFolderFiles(foldered);
          else useCustomDatasets.setState({ messages: [{ tone: 'info', text: 'Drop pictures on a class card to add them to that class, or drop a folder of class folders here.' }] });
        });
      }}
    >
      <header className="panel__header own-maker__header">
        <h2 id="own-maker-title">Make your own dataset</h2>
        <input className="own-maker__title" value={draft.title} onChange={(event) => setTitle(event.target.value)} aria-label="Dataset name" maxLength={80} data-testid="own-title" />
        <span className="own-maker__format" title="Chosen when the dataset was made">
          {format ? FORMATS[format].title : `${draft.height}×${draft.width}×${draft.channels}`}
        </span>
        <span className="own-maker__saved" role="status" data-testid="own-save-state" data-state={saveState}>
          {saveState === 'saving' ? 'Saving…' : saveState === 'saved' ? 'Saved in this browser' : 'Not saved'}
        </span>
        <button type="button" className="button button--ghost" onClick={closeDraft}>
          Close
        </button>
      </header>

      <div className="own-maker__use">
        {flags
          .filter((f) => f.classIndex < 0)
          .map((f) => (
            <p key={f.message} className="own-class__flag" role="status">
              ⚠ {f.message}
            </p>
          ))}
        <button type="button" className="button button--primary" onClick={() => void chooseDataset(draft.id)} disabled={!ready} data-testid="own-use">
          {inUse === name ? 'In use: send the changes' : 'Use this dataset'}
        </button>
        <span className="panel__note">
          {ready ? `${draft.labels.length} images; every view (playground, build & train, inside) then works with it.` : 'Fix what the class cards mark (⚠) first.'}
        </span>
      </div>
      <div className="own-maker__sources" role="group" aria-label="Where pictures come from">
        {(['files', 'pad', 'webcam'] as Source[]).map((key) => (
          <button key={key} type="button" className="button own-maker__source" aria-pressed={source === key} onClick={() => setSource(key)} data-testid={`own-source-${key}`}>
            {key === 'files' ? 'Files & folders' : key === 'pad' ? 'Draw' : 'Webcam'}
          </button>
        ))}
        {source === 'files' && (
          <label className="button button--ghost">
            Add a folder of class folders…
            <input
              type="file"
              multiple
              className="visually-hidden"
              data-testid="own-folder"
              ref={(input) => input?.setAttribute('webkitdirectory', '')}
              onChange={(event) => {
                const files = folderFilesOf(event.target.files ?? []);
                event.target.value = '';
                void addFolderFiles(files);
              }}
            />
          </label>
        )}
        <button type="button" className="button button--ghost" onClick={addClass} disabled={draft.classNames.length >= MAX_CLASSES} data-testid="own-add-class">
          + Class
        </button>
      </div>
      {source === 'pad' && <PadSource dataset={draft} />}
      {source === 'webcam' && <WebcamSource dataset={draft} />}
      {source === 'files' && <p className="panel__note">Each picture is cropped to its centre square and reduced to {draft.width}×{draft.height} {draft.channels === 1 ? 'grey' : 'colour'}, as the cards show.</p>}
      {decoding && <ProgressBar label={`Reading pictures: ${decoding.done} of ${decoding.total}`} value={decoding.done / Math.max(decoding.total, 1)} />}

      <ul className="own-maker__classes">
        {draft.classNames.map((_, c) => (
          <ClassCard key={c} dataset={draft} classIndex={c} flags={flags.filter((f) => f.classIndex === c)} />
        ))}
      </ul>

    </section>
  );
}
