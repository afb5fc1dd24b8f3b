/**
 * The pre-trained copies of seed presets shipped under public/models/ (made by `npm run train`; the
 * command, seed and test accuracy are recorded in public/models/README.md and here), and the one
 * click that opens one: the files are fetched and handed to the worker through the same door as a
 * dropped model file, so Inside, the picture and "explain this layer" show a trained network at once.
 */
import type { PresetId } from '../engine/spec/presets';
import type { DatasetName } from '../engine/spec/types';
import { openModelFiles, whileOpeningModel } from './modelFileBridge';
import { hasTrainedModel, releaseHeldRun } from './playgroundBridge';
import { useAppStore } from './index';

export interface PretrainedModel {
  presetId: PresetId;
  /** Short name on the button. */
  label: string;
  dataset: DatasetName;
  /** Folder under public/models/ holding model.json and weights.bin. */
  folder: string;
  epochs: number;
  seed: number;
  /** Test-set accuracy `npm run train` reported on all 10,000 test images. */
  testAccuracy: number;
}

export const PRETRAINED_MODELS: readonly PretrainedModel[] = [
  { presetId: 'tiny', label: 'Tiny CNN', dataset: 'mnist', folder: 'tiny-cnn', epochs: 2, seed: 42, testAccuracy: 0.9552 },
  { presetId: 'fashion-cnn', label: 'Fashion CNN', dataset: 'fashion-mnist', folder: 'fashion-cnn', epochs: 3, seed: 42, testAccuracy: 0.9038 },
];

export const PRETRAINED_FILES = ['model.json', 'weights.bin'] as const;

async function fetchFile(folder: string, name: string): Promise<File> {
  const url = `${import.meta.env.BASE_URL}models/${folder}/${name}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(`${name} could not be fetched (is the page offline?)`);
  }
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return new File([await response.arrayBuffer()], name);
}

/** True while a pre-trained model is being fetched and opened (the buttons say so). */
let opening = false;

function open(entry: PretrainedModel): Promise<boolean> {
  // From the download on: the home view must not start a run of its own while the files come.
  return whileOpeningModel(() => fetchAndOpen(entry));
}

async function fetchAndOpen(entry: PretrainedModel): Promise<boolean> {
  if (opening) return false;
  opening = true;
  const store = useAppStore.getState();
  store.setLibraryMessage(`Opening the trained ${entry.label}…`);
  useAppStore.setState({ pretrainedOpening: entry.presetId, pretrainedError: null });
  try {
    releaseHeldRun();
    let files: File[];
    try {
      files = await Promise.all(PRETRAINED_FILES.map((name) => fetchFile(entry.folder, name)));
    } catch (error) {
      const message = `Could not open the trained ${entry.label}: ${error instanceof Error ? error.message : String(error)}`;
      store.setLibraryMessage(message, true);
      useAppStore.setState({ pretrainedError: message });
      return false;
    }
    const ok = await openModelFiles(files);
    if (!ok) useAppStore.setState({ pretrainedError: useAppStore.getState().libraryMessage?.text ?? `Could not open the trained ${entry.label}.` });
    // The picker names the preset it is (the file's spec is the preset's, trained for fewer epochs).
    if (ok) useAppStore.setState({ presetId: entry.presetId });
    return ok;
  } finally {
    opening = false;
    useAppStore.setState({ pretrainedOpening: null });
  }
}

/** Opens a pre-trained model; asks first when that would discard a model trained on this page. */
export function openPretrained(entry: PretrainedModel): void {
  const s = useAppStore.getState();
  if (hasTrainedModel()) {
    s.askDiscard({ what: `open the trained ${entry.label}`, apply: () => void open(entry) });
    return;
  }
  void open(entry);
}
