/**
 * The model library and model files: saving the current model, listing and deleting saved ones,
 * loading one (it becomes the current model), and exporting / importing the tfjs layers files. A
 * loaded or imported model keeps its own dataset and classes, whatever the page has selected.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/datasets';
import { openedModelInfo, openModelFile } from '../files/open-model-file';
import { exportKerasFile } from '../keras/keras-export';
import type { EngineEvent, EngineRequest, SavedModelInfo } from '../protocol';
import { checkProjectDataset } from '../python/python-files';
import { projectSlug, pythonProjectZip } from '../python/python-project';
import type { DatasetName } from '../spec/types';
import { exportModelFiles, type ModelMetadata, modelFromWeights, parseModelFiles } from '../storage/modelFiles';
import type { ModelLibrary } from '../storage/modelLibrary';
import type { CurrentModelHolder } from './currentModel';
import type { RunManager } from './runs';

type Request<T extends EngineRequest['type']> = Extract<EngineRequest, { type: T }>;

export interface LibraryDeps {
  post: (event: EngineEvent) => void;
  current: CurrentModelHolder;
  runs: RunManager;
  library: ModelLibrary;
  /** At least the first `trainCount` training images (undefined: all; 0: the test set is enough). */
  getDataset: (name: DatasetName, trainCount?: number) => Promise<Dataset>;
}

export class LibraryHandlers {
  constructor(private readonly deps: LibraryDeps) {}

  async save(request: Request<'saveModel'>): Promise<void> {
    const model = await this.deps.library.save(this.deps.current.require().model, this.metadata(request.name));
    this.deps.post({ type: 'modelSaved', requestId: request.requestId, model });
  }

  async list(request: Request<'listModels'>): Promise<void> {
    this.deps.post({ type: 'models', requestId: request.requestId, models: await this.deps.library.list() });
  }

  async load(request: Request<'loadModel'>): Promise<void> {
    const { info, model } = await this.deps.library.load(request.key);
    await this.adopt(info, 'saved', model);
    this.deps.post({ type: 'modelLoaded', requestId: request.requestId, model: info });
  }

  async remove(request: Request<'deleteModel'>): Promise<void> {
    await this.deps.library.remove(request.key);
    this.deps.post({ type: 'modelDeleted', requestId: request.requestId, key: request.key });
  }

  async export(request: Request<'exportModel'>): Promise<void> {
    const current = this.deps.current.require();
    const files = await exportModelFiles(current.model, this.metadata(current.name));
    this.deps.post({ type: 'modelExported', requestId: request.requestId, files });
  }

  async import(request: Request<'importModel'>): Promise<void> {
    const parsed = parseModelFiles(request.files);
    // The file's own dataset: a Fashion-MNIST model stays one while MNIST is selected on the page.
    const metadata = parsed.metadata;
    const model = modelFromWeights(metadata.spec, parsed.weightSpecs, parsed.weights);
    const info: SavedModelInfo = { key: '', ...metadata };
    await this.adopt(info, 'file', model);
    this.deps.post({ type: 'modelLoaded', requestId: request.requestId, model: info });
  }

  /** Any model file the page opens (Keras .keras / .h5, tfjs files, Keras JSON, spec, TFANN). */
  async open(request: Request<'openModelFile'>): Promise<void> {
    const opened = await openModelFile(request.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })));
    const info = openedModelInfo(opened, request.dataset);
    await this.adopt(info, 'file', opened.model);
    this.deps.post({ type: 'modelLoaded', requestId: request.requestId, model: info });
  }

  /** The current model as a Keras 3 `.keras` file, or as a Python project zip. */
  async exportForPython(request: Request<'exportForPython'>): Promise<void> {
    const current = this.deps.current.require();
    // A dataset train.py cannot read is refused before its test images are loaded for the project.
    if (request.format === 'python') checkProjectDataset(current.dataset);
    const file =
      request.format === 'keras'
        ? { fileName: `${projectSlug(current.spec)}.keras`, bytes: await exportKerasFile(current.spec, current.model) }
        : await pythonProjectZip(current.spec, current.model, current.dataset, (await this.deps.getDataset(current.dataset, 0)).test);
    this.deps.post({ type: 'modelFile', requestId: request.requestId, fileName: file.fileName, bytes: file.bytes.slice().buffer });
  }

  private async adopt(info: SavedModelInfo, source: 'saved' | 'file', model: tf.LayersModel): Promise<void> {
    try {
      await this.deps.runs.stopAll();
    } catch (error) {
      model.dispose();
      throw error;
    }
    this.deps.current.replace({
      model,
      spec: info.spec,
      dataset: info.dataset,
      source,
      name: info.name,
      ...(source === 'saved' ? { key: info.key } : {}),
      history: info.history ?? [],
      epochs: info.epochs,
    });
  }

  private metadata(name: string): ModelMetadata {
    const current = this.deps.current.require();
    return {
      name,
      savedAt: new Date().toISOString(),
      dataset: current.dataset,
      spec: current.spec,
      epochs: current.epochs,
      history: current.history.map((h) => ({ ...h })),
      ...(current.evaluation ? { testAccuracy: current.evaluation.accuracy } : {}),
    };
  }
}
