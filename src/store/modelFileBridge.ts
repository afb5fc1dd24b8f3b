/**
 * Opening a model file the learner dropped on the page or picked (Keras .keras / .h5, TensorFlow.js
 * model.json + .bin, Keras JSON, a spec, TFANN notation): the worker opens it and makes it the
 * current model; the page then shows its architecture in the builder (summary, picture), evaluates
 * it, and Inside looks at it. Failures land in the library message, never as a throw.
 */
import type { PickedModelFile, SavedModelInfo } from '../engine/protocol';
import { engine } from './engineBridge';
import { useAppStore } from './index';
import { evaluateCurrent } from './runBridge';

/** File names the page treats as model files (anything else dropped on the page is left alone). */
export const MODEL_FILE_PATTERN = /\.(keras|h5|hdf5|json|bin|tfann|txt)$/i;

/** The accept list of a file picker for model files. */
export const MODEL_FILE_ACCEPT = '.keras,.h5,.hdf5,.json,.bin,.tfann,.txt';

function describe(info: SavedModelInfo, fileNames: string): string {
  const weights = info.trained === false ? ' It holds no weights: the network starts untrained.' : '';
  const warnings = info.warnings?.length ? ` Note: ${info.warnings.join(' ')}` : '';
  return `Opened “${info.name}” from ${fileNames}.${weights}${warnings}`;
}

/** Model opens in progress (a pre-trained one counts from its download on). */
let opening = 0;
/** Called once no model is being opened any more. */
let whenOpened: (() => void)[] = [];

/**
 * True while a model is being fetched or opened. The worker makes it current when it has read the
 * files, and anything the page asks the worker to start meanwhile (a run) would come after it there
 * and replace it: so the home view holds no run of its own while this is true.
 */
export function openingModel(): boolean {
  return opening > 0;
}

/** Calls `callback` once no model is being opened (at once when none is). */
export function afterOpening(callback: () => void): void {
  if (opening === 0) callback();
  else whenOpened.push(callback);
}

/** Runs `work` (fetching and opening a model) with `openingModel()` true. */
export async function whileOpeningModel<T>(work: () => Promise<T>): Promise<T> {
  opening++;
  try {
    return await work();
  } finally {
    opening--;
    if (opening === 0) {
      const callbacks = whenOpened;
      whenOpened = [];
      for (const callback of callbacks) callback();
    }
  }
}

/** Sends the files to the worker; on success the model is current, in the builder, and evaluated. */
export function openModelFiles(files: readonly File[]): Promise<boolean> {
  return whileOpeningModel(() => openFiles(files));
}

async function openFiles(files: readonly File[]): Promise<boolean> {
  const store = useAppStore.getState();
  if (files.length === 0) return false;
  try {
    const picked: PickedModelFile[] = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
    const answer = await engine().request({ type: 'openModelFile', files: picked, dataset: store.dataset });
    const info = answer.model;
    // The worker's currentModel event has made it the current model (and switched the dataset to
    // the file's); the builder shows what was opened: its summary, its picture, and Train trains it.
    // It is judged on the whole test set, as Keras reports a saved model.
    const now = useAppStore.getState();
    now.setSpec(info.spec);
    now.setLibraryMessage(describe(info, files.map((f) => f.name).join(' + ')));
    // The whole test set (the evaluation clamps the limit to its size), as Keras reports a saved model.
    await evaluateCurrent(Number.MAX_SAFE_INTEGER);
    return true;
  } catch (error) {
    store.setLibraryMessage(`Could not open ${files.map((f) => f.name).join(' + ')}: ${error instanceof Error ? error.message : String(error)}`, true);
    return false;
  }
}

/** The current model as a `.keras` file or a Python project zip, or null with the reason in the store. */
export async function exportForPython(format: 'keras' | 'python'): Promise<{ fileName: string; bytes: ArrayBuffer } | null> {
  try {
    const answer = await engine().request({ type: 'exportForPython', format });
    return { fileName: answer.fileName, bytes: answer.bytes };
  } catch (error) {
    useAppStore.getState().setLibraryMessage(`Could not make the ${format === 'keras' ? '.keras file' : 'Python project'}: ${error instanceof Error ? error.message : String(error)}`, true);
    return null;
  }
}
