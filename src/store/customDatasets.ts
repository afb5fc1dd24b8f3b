/**
 * The learner's own datasets on the page side: the stored list, the one being made (saved to
 * IndexedDB after every change, so nothing added is ever lost to a reload), the messages about refused
 * files, and the actions: add pictures / drawings / webcam frames, rename, delete, export, import, and
 * use a dataset everywhere (sent to the worker, chosen like MNIST, the network fitted to it).
 * Its own small zustand store: nothing else on the page needs to re-render when a picture is added.
 */
import { create } from 'zustand';
import {
  addImages,
  classFlags,
  type CustomDataset,
  type CustomDatasetSummary,
  customDatasetName,
  type CustomFormat,
  emptyDataset,
  MAX_CLASSES,
  newDatasetId,
  readyToTrain,
  removeClass,
  removeImages,
  splitIndices,
} from '../engine/data/customDataset';
import { datasetFileName, readDatasetFile, writeDatasetFile } from '../engine/data/customFile';
import { fitSpecToDataset } from '../engine/data/fitSpec';
import { registerCustomDataset, unregisterCustomDataset } from '../engine/data/customRegistry';
import { CustomDatasetDb } from '../engine/storage/customDatasetDb';
import type { DatasetName } from '../engine/spec/types';
import { decodePictures } from '../components/dataset/pictureDecode';
import { engine } from './engineBridge';
import { useAppStore } from '.';
import { changeNetwork } from './playgroundBridge';

export interface CustomDatasetsState {
  list: CustomDatasetSummary[];
  /** The dataset open in the maker. */
  draft: CustomDataset | null;
  saveState: 'saved' | 'saving' | 'failed';
  /** What the last action said: refused files by name, import errors, what "use" changed. */
  messages: { tone: 'error' | 'info'; text: string }[];
  /** Pictures being decoded: done of total. */
  decoding: { done: number; total: number } | null;
}

export const useCustomDatasets = create<CustomDatasetsState>()(() => ({
  list: [],
  draft: null,
  saveState: 'saved',
  messages: [],
  decoding: null,
}));

let db: CustomDatasetDb | null = null;
function store(): CustomDatasetDb {
  db ??= new CustomDatasetDb();
  return db;
}

function say(tone: 'error' | 'info', ...texts: string[]): void {
  useCustomDatasets.setState({ messages: texts.map((text) => ({ tone, text })) });
}

function registerSummary(summary: CustomDatasetSummary): void {
  registerCustomDataset({ name: customDatasetName(summary.id), title: summary.title, classNames: summary.classNames, height: summary.height, width: summary.width, channels: summary.channels });
}

/** Reads the stored list (and makes every stored dataset's name known to the page's views). */
export async function refreshDatasets(): Promise<void> {
  try {
    const list = await store().list();
    list.forEach(registerSummary);
    useCustomDatasets.setState({ list });
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
  }
}

let unsubscribe: (() => void) | null = null;
/** Starts listening for other tabs' changes (once). */
export function watchDatasets(): void {
  if (unsubscribe) return;
  unsubscribe = store().onChange(() => void refreshDatasets());
  void refreshDatasets();
}

/** Saves the draft; writes run one after another, so the last change is the one kept. */
let saving: Promise<unknown> = Promise.resolve();
function persist(dataset: CustomDataset): void {
  useCustomDatasets.setState({ draft: dataset, saveState: 'saving' });
  saving = saving
    .then(() => store().put(dataset))
    .then((summary) => {
      registerSummary(summary);
      const state = useCustomDatasets.getState();
      const list = [summary, ...state.list.filter((s) => s.id !== summary.id)];
      useCustomDatasets.setState({ list, saveState: state.draft === dataset ? 'saved' : state.saveState });
    })
    .catch((error: unknown) => {
      useCustomDatasets.setState({ saveState: 'failed' });
      say('error', error instanceof Error ? error.message : String(error));
    });
}

function edit(change: (dataset: CustomDataset) => CustomDataset): void {
  const draft = useCustomDatasets.getState().draft;
  if (draft) persist(change(draft));
}

export function startDataset(format: CustomFormat): void {
  say('info', 'A new dataset with two classes: name them, then add pictures to each.');
  persist(emptyDataset(format));
}

export async function openDataset(id: string): Promise<void> {
  const dataset = await store().get(id);
  if (!dataset) {
    say('error', 'That dataset is no longer stored (another tab may have deleted it).');
    return;
  }
  useCustomDatasets.setState({ draft: dataset, messages: [], saveState: 'saved' });
}

export function closeDraft(): void {
  useCustomDatasets.setState({ draft: null, messages: [] });
}

export function setTitle(title: string): void {
  edit((d) => ({ ...d, title: title.slice(0, 80), updatedAt: new Date().toISOString() }));
}

export function renameClass(classIndex: number, name: string): void {
  edit((d) => ({ ...d, classNames: d.classNames.map((n, c) => (c === classIndex ? name.slice(0, 40) : n)), updatedAt: new Date().toISOString() }));
}

export function addClass(): void {
  edit((d) => (d.classNames.length >= MAX_CLASSES ? d : { ...d, classNames: [...d.classNames, `Class ${d.classNames.length + 1}`], updatedAt: new Date().toISOString() }));
}

export function deleteClass(classIndex: number): void {
  edit((d) => removeClass(d, classIndex));
}

export function deleteImage(index: number): void {
  edit((d) => removeImages(d, [index]));
}

/** Adds ready images (drawings, webcam frames) to a class. */
export function addClassImages(classIndex: number, images: Uint8Array[]): void {
  if (images.length) edit((d) => addImages(d, classIndex, images));
}

/** Decodes files (off the main thread) and adds those that are pictures; names every refused one. */
export async function addFiles(classIndex: number, files: File[]): Promise<void> {
  const draft = useCustomDatasets.getState().draft;
  if (!draft || files.length === 0) return;
  useCustomDatasets.setState({ decoding: { done: 0, total: files.length }, messages: [] });
  const { images, problems } = await decodePictures(files, draft, (done, total) => useCustomDatasets.setState({ decoding: { done, total } }));
  useCustomDatasets.setState({ decoding: null });
  addClassImages(classIndex, images);
  const name = useCustomDatasets.getState().draft?.classNames[classIndex] ?? `class ${classIndex + 1}`;
  const added = `Added ${images.length} of ${files.length} picture${files.length === 1 ? '' : 's'} to “${name}”.`;
  if (problems.length) useCustomDatasets.setState({ messages: [{ tone: 'info', text: added }, ...problems.map((text) => ({ tone: 'error' as const, text }))] });
  else say('info', added);
}

/**
 * A folder of class folders (from a folder picker or a drop): each file's parent folder names its
 * class; classes are matched by name or added, up to ten.
 */
export async function addFolderFiles(files: { file: File; folder: string }[]): Promise<void> {
  const draft = useCustomDatasets.getState().draft;
  if (!draft) return;
  const byFolder = new Map<string, File[]>();
  for (const { file, folder } of files) byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  const names = [...draft.classNames];
  const unused = names.map((n, c) => (/^Class \d+$/.test(n) && !draft.labels.includes(c) ? c : -1)).filter((c) => c >= 0);
  const skipped: string[] = [];
  const targets: [number, File[]][] = [];
  for (const [folder, folderFiles] of byFolder) {
    let index = names.findIndex((n) => n.toLowerCase() === folder.toLowerCase());
    if (index < 0 && unused.length) {
      index = unused.shift()!;
      names[index] = folder;
    } else if (index < 0 && names.length < MAX_CLASSES) {
      names.push(folder);
      index = names.length - 1;
    }
    if (index < 0) skipped.push(folder);
    else targets.push([index, folderFiles]);
  }
  persist({ ...draft, classNames: names, updatedAt: new Date().toISOString() });
  const messages: CustomDatasetsState['messages'] = [];
  for (const [index, folderFiles] of targets) {
    await addFiles(index, folderFiles);
    messages.push(...useCustomDatasets.getState().messages);
  }
  if (skipped.length) messages.push({ tone: 'error', text: `Folders ${skipped.join(', ')} were not added: a dataset has at most ${MAX_CLASSES} classes.` });
  useCustomDatasets.setState({ messages });
}

export async function deleteDataset(id: string): Promise<void> {
  try {
    await store().remove(id);
    unregisterCustomDataset(customDatasetName(id));
    const state = useCustomDatasets.getState();
    useCustomDatasets.setState({ list: state.list.filter((s) => s.id !== id), draft: state.draft?.id === id ? null : state.draft });
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
  }
}

export async function renameDataset(id: string, title: string): Promise<void> {
  const trimmed = title.trim().slice(0, 80);
  if (!trimmed) return;
  if (useCustomDatasets.getState().draft?.id === id) setTitle(trimmed);
  else {
    try {
      await store().rename(id, trimmed);
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    }
  }
  await saving;
  await refreshDatasets();
}

/** The dataset as one file, downloaded. */
export async function exportDataset(id: string): Promise<void> {
  const dataset = await store().get(id);
  if (!dataset) return;
  const bytes = writeDatasetFile(dataset);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = datasetFileName(dataset.title);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  say('info', `Exported “${dataset.title}” (${dataset.labels.length} images) as ${link.download}.`);
}

/** Reads a dataset file; a dataset already stored under its id is kept, the import gets a new id. */
export async function importDatasetFile(file: File): Promise<void> {
  let dataset: CustomDataset;
  try {
    dataset = readDatasetFile(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    say('error', `Could not import ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (useCustomDatasets.getState().list.some((s) => s.id === dataset.id)) dataset = { ...dataset, id: newDatasetId() };
  persist(dataset);
  await saving;
  say('info', `Imported “${dataset.title}”: ${dataset.labels.length} images in ${dataset.classNames.length} classes.`);
}

/**
 * Makes a stored dataset the one every view works with: sends it to the worker, then picks it like
 * MNIST (in the playground, asking first when that discards a trained model), the network's output
 * layer, input and batch fitted to it.
 */
export async function chooseDataset(id: string): Promise<boolean> {
  await saving;
  const dataset = await store().get(id);
  if (!dataset) {
    say('error', 'That dataset is no longer stored (another tab may have deleted it).');
    return false;
  }
  const summaryFlags = classFlags(dataset.classNames, dataset.classNames.map((_, c) => dataset.labels.filter((l) => l === c).length), dataset.testFraction);
  if (!readyToTrain(summaryFlags)) {
    say('error', ...summaryFlags.filter((f) => f.severity === 'error').map((f) => f.message));
    return false;
  }
  const name: DatasetName = customDatasetName(dataset.id);
  const trainCount = splitIndices(dataset.labels, dataset.classNames.length, dataset.seed, dataset.testFraction).train.length;
  try {
    // The worker takes the arrays (transferred): it gets its own copy, the draft keeps its own.
    await engine().request({ type: 'putCustomDataset', dataset: { ...dataset, images: dataset.images.slice(), labels: dataset.labels.slice() } });
  } catch (error) {
    say('error', `The engine could not take “${dataset.title}”: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  registerCustomDataset({ name, title: dataset.title, classNames: dataset.classNames, height: dataset.height, width: dataset.width, channels: dataset.channels });
  const apply = () => {
    const app = useAppStore.getState();
    const fitted = fitSpecToDataset(app.spec, name, { trainCount });
    if (fitted.changes.length) app.setSpec(fitted.spec, null);
    app.setDataset(name);
    say('info', `Every view now works with “${dataset.title}” (${dataset.labels.length} images, ${dataset.classNames.length} classes)${fitted.changes.length ? `; the network was fitted to it: ${fitted.changes.join('; ')}` : ''}.`);
  };
  // On the home view the change restarts its picture (asking first when that discards a trained
  // model); elsewhere it applies as the Build view's own dataset picker does.
  if (useAppStore.getState().section === 'play') changeNetwork(`train on “${dataset.title}”`, apply);
  else apply();
  return true;
}
