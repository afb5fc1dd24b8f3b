/**
 * Saving the current model in the browser (IndexedDB, through the worker), the list of saved models
 * with load and delete, and the model as files: download model.json + weights.bin, upload them back.
 */
import { type ChangeEvent, useEffect, useState } from 'react';
import { datasetMeta } from '../../engine/data/datasets';
import type { ModelFiles } from '../../engine/protocol';
import { pythonDatasetRefusal } from '../../engine/spec/python-preamble';
import { LIBRARY_CHANNEL } from '../../engine/storage/libraryStore';
import { useAppStore } from '../../store';
import {
  deleteSavedModel,
  exportCurrentModel,
  importModelFiles,
  loadSavedModel,
  refreshModels,
  saveCurrentModel,
} from '../../store/runBridge';
import { exportForPython, MODEL_FILE_ACCEPT, openModelFiles } from '../../store/modelFileBridge';

function download(name: string, body: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads the picked files into the pair the engine expects, or says what is missing. */
async function readPicked(files: File[]): Promise<ModelFiles | string> {
  const json = files.find((f) => f.name.endsWith('.json'));
  const bin = files.find((f) => f.name.endsWith('.bin'));
  if (!json || !bin)
    return 'Pick both files together: the model.json and its weights .bin file (hold Ctrl or Shift to select two).';
  return { modelJson: await json.text(), weights: await bin.arrayBuffer() };
}

/** True for the playground's own model.json (+ .bin), which keep their own upload path. */
async function isPlaygroundFiles(files: File[]): Promise<boolean> {
  const json = files.find((f) => f.name.endsWith('.json'));
  if (!json) return files.length > 0 && files.every((f) => f.name.endsWith('.bin'));
  return (await json.text()).includes('"cnnPlayground"');
}

export function ModelLibrary() {
  const models = useAppStore((s) => s.savedModels);
  const message = useAppStore((s) => s.libraryMessage);
  const current = useAppStore((s) => s.currentModel);
  const runState = useAppStore((s) => s.runState);
  const engineReady = useAppStore((s) => s.engineStatus === 'ready');
  const setMessage = useAppStore((s) => s.setLibraryMessage);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const training = runState === 'running' || runState === 'paused';
  const canSave = current !== null && runState !== 'running' && !busy;
  // The project's train.py reads only what the copy-as-code export reads: the same refusal, said here.
  const pythonRefusal = current ? pythonDatasetRefusal(current.dataset) : null;

  useEffect(() => {
    if (engineReady) void refreshModels();
  }, [engineReady]);

  // Another tab (or this tab's engine) saved or deleted a model: list what is stored now.
  useEffect(() => {
    if (!engineReady || typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(LIBRARY_CHANNEL);
    channel.onmessage = () => void refreshModels();
    return () => channel.close();
  }, [engineReady]);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  const onUpload = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(event.target.files ?? [])];
    event.target.value = '';
    // Keras files, Keras JSON, TFANN and others' tfjs models open through the one model-file door.
    if (!(await isPlaygroundFiles(picked))) {
      await run(() => openModelFiles(picked));
      return;
    }
    const files = await readPicked(picked);
    if (typeof files === 'string') setMessage(files, true);
    else await run(() => importModelFiles(files));
  };

  const onDownload = () =>
    run(async () => {
      const files = await exportCurrentModel();
      if (!files) return;
      download('model.json', files.modelJson, 'application/json');
      download('weights.bin', files.weights, 'application/octet-stream');
      setMessage('Downloaded model.json and weights.bin (TensorFlow.js layers format).');
    });

  const onPython = (format: 'keras' | 'python') =>
    run(async () => {
      const file = await exportForPython(format);
      if (!file) return;
      download(
        file.fileName,
        file.bytes,
        format === 'keras' ? 'application/octet-stream' : 'application/zip',
      );
      setMessage(
        format === 'keras'
          ? `Downloaded ${file.fileName}: open it in Python with keras.models.load_model("${file.fileName}").`
          : `Downloaded ${file.fileName}: unzip it, run pip install -r requirements.txt, then python train.py to keep training (check.py compares Keras and PyTorch with the playground).`,
      );
    });

  return (
    <section className="panel library" aria-labelledby="library-title">
      <header className="panel__header">
        <h2 id="library-title">Saved models</h2>
      </header>
      <form
        className="library__save"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => saveCurrentModel(name || current?.name || 'model'));
        }}
      >
        <label className="number-field">
          <span className="number-field__label">Name</span>
          <input
            type="text"
            value={name}
            placeholder={current?.name ?? 'train a model first'}
            onChange={(e) => setName(e.target.value)}
            data-testid="save-model-name"
          />
        </label>
        <button type="submit" className="button button--primary" disabled={!canSave} data-testid="save-model">
          Save in this browser
        </button>
        <button
          type="button"
          className="button"
          disabled={!canSave}
          onClick={() => void onDownload()}
          data-testid="download-model"
        >
          ⬇ Download files
        </button>
        <button
          type="button"
          className="button"
          disabled={!canSave}
          onClick={() => void onPython('keras')}
          data-testid="download-keras"
        >
          ⬇ Keras .keras
        </button>
        <button
          type="button"
          className="button"
          disabled={!canSave || pythonRefusal !== null}
          onClick={() => void onPython('python')}
          aria-describedby={pythonRefusal ? 'python-project-refusal' : undefined}
          data-testid="download-python"
        >
          ⬇ Python project
        </button>
        <label className="button library__upload">
          ⬆ Upload files
          <input
            type="file"
            accept={MODEL_FILE_ACCEPT}
            multiple
            onChange={(e) => void onUpload(e)}
            disabled={busy || training}
            data-testid="upload-model"
          />
        </label>
      </form>
      {pythonRefusal && (
        <p className="panel__note" id="python-project-refusal" data-testid="python-project-refusal">
          No Python project for this model yet: {pythonRefusal}.
        </p>
      )}
      <p className="panel__note" data-testid="open-model-hint">
        Upload opens a Keras model (.keras or .h5), a model.json with its .bin, Keras JSON or TFANN notation;
        you can also drop the file anywhere on the page.
      </p>
      {training && (
        <p className="panel__note">
          Pause the run to save its model; loading another model waits until the run has stopped.
        </p>
      )}
      <p
        className={message?.error ? 'banner banner--error' : 'panel__note'}
        role="status"
        aria-live="polite"
        data-testid="library-message"
      >
        {message?.text ?? '\u00a0'}
      </p>
      {models.length === 0 ? (
        <p className="panel__note" data-testid="saved-models">
          No saved models yet.
        </p>
      ) : (
        <ul className="library__list" data-testid="saved-models">
          {models.map((m) => (
            <li key={m.key} className="library__item" data-key={m.key}>
              <span className="library__name">{m.name}</span>
              <span className="library__meta">
                {datasetMeta(m.dataset).title} · {m.epochs} epoch{m.epochs === 1 ? '' : 's'}
                {m.testAccuracy !== undefined ? ` · ${(m.testAccuracy * 100).toFixed(1)} %` : ''} ·{' '}
                {new Date(m.savedAt).toLocaleString()}
              </span>
              <button
                type="button"
                className="button"
                disabled={busy || training}
                onClick={() => void run(() => loadSavedModel(m.key))}
                data-testid={`load-model-${m.key}`}
              >
                Load
              </button>
              <button
                type="button"
                className="button button--ghost"
                disabled={busy}
                onClick={() => void run(() => deleteSavedModel(m.key))}
                aria-label={`Delete ${m.name}`}
                data-testid={`delete-model-${m.key}`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
