/**
 * The model-and-run half of the engine worker. It owns the current model, the runs, the test
 * splits on the device and the library, and only routes each request to the handler that owns it:
 * runs (runs.ts), inspection (inspection.ts), the library and files (library.ts). Nothing thrown
 * escapes `handle`: a failure becomes an `error` event with a kind (for a request) or a `fault`
 * event (for a run).
 */
import type { Dataset } from '../data/datasets';
import type { BackendName, EngineEvent, EngineRequest } from '../protocol';
import type { DatasetName } from '../spec/types';
import { ModelLibrary } from '../storage/modelLibrary';
import type { LoopOutcome } from '../train/loop';
import { CurrentModelHolder } from './currentModel';
import { kindOf, messageOf } from './errors';
import { InsightHandlers } from './insight';
import { Inspection } from './inspection';
import { LibraryHandlers } from './library';
import { RunKeeper } from './runKeeper';
import { RunManager } from './runs';
import { type RunStore, runStoreForRuntime } from '../storage/runStore';
import { TestSplits } from './testSplits';

/** The requests the session answers (the worker answers the rest: backend, datasets, samples). */
export type SessionRequest = Extract<
  EngineRequest,
  {
    type:
      | 'train' | 'pause' | 'resume' | 'step' | 'stop' | 'inspect' | 'filters' | 'evaluate' | 'topActivations'
      | 'saveModel' | 'listModels' | 'loadModel' | 'deleteModel' | 'exportModel' | 'importModel'
      | 'openModelFile' | 'exportForPython'
      // Insight (issue 19, items 2–4)
      | 'lookFor' | 'cancelLookFor' | 'explainPrediction'
      // Kept runs (issue 19).
      | 'listRuns' | 'renameRun' | 'deleteRun' | 'exportRun' | 'keepRunWeights' | 'openRunModel';
  }
>;

export const SESSION_REQUESTS: readonly SessionRequest['type'][] = [
  'train', 'pause', 'resume', 'step', 'stop', 'inspect', 'filters', 'evaluate', 'topActivations',
  'saveModel', 'listModels', 'loadModel', 'deleteModel', 'exportModel', 'importModel',
  'openModelFile', 'exportForPython',
  // Insight (issue 19, items 2–4)
  'lookFor', 'cancelLookFor', 'explainPrediction',
  // Kept runs (issue 19).
  'listRuns', 'renameRun', 'deleteRun', 'exportRun', 'keepRunWeights', 'openRunModel',
];

export function isSessionRequest(request: EngineRequest): request is SessionRequest {
  return (SESSION_REQUESTS as readonly string[]).includes(request.type);
}

export interface SessionDeps {
  post: (event: EngineEvent) => void;
  /** At least the first `trainCount` training images (undefined: all; 0: the test set is enough). */
  getDataset: (name: DatasetName, trainCount?: number) => Promise<Dataset>;
  backendName: () => BackendName;
  now?: () => number;
  /** Where saved models go; defaults to IndexedDB in browsers and memory in Node. */
  library?: ModelLibrary;
  /** Where kept runs go (issue 19); defaults to IndexedDB in browsers and memory in Node. */
  runStore?: RunStore;
}

export class TrainingSession {
  private readonly current: CurrentModelHolder;
  private readonly testSplits: TestSplits;
  private readonly runs: RunManager;
  private readonly inspection: Inspection;
  private readonly library: LibraryHandlers;
  private readonly insight: InsightHandlers;
  private readonly keeper: RunKeeper;

  constructor(private readonly deps: SessionDeps) {
    const now = deps.now ?? (() => performance.now());
    this.current = new CurrentModelHolder(deps.post);
    this.testSplits = new TestSplits(deps.getDataset);
    const shared = { post: deps.post, getDataset: deps.getDataset, now, current: this.current, testSplits: this.testSplits };
    this.keeper = new RunKeeper({ post: deps.post, current: this.current, store: deps.runStore ?? runStoreForRuntime(), stopRuns: () => this.runs.stopAll() });
    this.runs = new RunManager({ ...shared, backendName: deps.backendName, keeper: this.keeper });
    this.inspection = new Inspection(shared);
    this.insight = new InsightHandlers({ post: deps.post, current: this.current, inspection: this.inspection });
    this.library = new LibraryHandlers({ post: deps.post, current: this.current, runs: this.runs, library: deps.library ?? ModelLibrary.forRuntime(), getDataset: deps.getDataset });
  }

  /** Handles one request; never rejects. */
  async handle(request: SessionRequest): Promise<void> {
    try {
      await this.route(request);
    } catch (error) {
      if ('requestId' in request) {
        this.deps.post({ type: 'error', requestId: request.requestId, kind: kindOf(error, this.deps.backendName()), message: messageOf(error) });
      }
      // Run requests report their own failures as faults (runs.ts); a control cannot fail.
    }
  }

  /** Resolves when no run is in progress (for the CLI and tests). */
  idle(): Promise<LoopOutcome | null> {
    return this.runs.idle();
  }

  /**
   * Own datasets (#18 item 3): a dataset's images changed. Any run stops (it may be training on the old
   * images) and the dataset's test split on the device is freed, to be uploaded afresh on next use.
   */
  async forgetDataset(name: DatasetName): Promise<void> {
    await this.runs.stopAll();
    this.testSplits.forget(name);
  }

  /** Stops any run and frees every tensor the session holds. */
  dispose(): void {
    this.runs.dispose();
    this.current.dispose();
    this.testSplits.dispose();
  }

  private route(request: SessionRequest): Promise<void> | void {
    switch (request.type) {
      case 'train':
        return this.runs.train(request);
      case 'pause':
      case 'resume':
      case 'step':
      case 'stop':
        return this.runs.control(request);
      case 'inspect':
        return this.inspection.inspect(request);
      case 'filters':
        return this.inspection.filters(request);
      case 'evaluate':
        // Kept runs (issue 19): the evaluation also completes the record of the run it is of.
        return this.inspection.evaluate(request).then(() => {
          const current = this.current.get();
          return this.keeper.noteEvaluation(current?.runId, current?.evaluation, this.runs.training);
        });
      case 'topActivations':
        return this.inspection.topActivations(request);
      case 'saveModel':
        return this.library.save(request);
      case 'listModels':
        return this.library.list(request);
      case 'loadModel':
        return this.library.load(request);
      case 'deleteModel':
        return this.library.remove(request);
      case 'exportModel':
        return this.library.export(request);
      case 'importModel':
        return this.library.import(request);
      case 'openModelFile':
        return this.library.open(request);
      case 'exportForPython':
        return this.library.exportForPython(request);
      // Insight (issue 19, items 2–4)
      case 'lookFor':
        return this.insight.lookFor(request);
      case 'cancelLookFor':
        return this.insight.cancelLookFor(request);
      case 'explainPrediction':
        return this.insight.explainPrediction(request);
      // Kept runs (issue 19).
      case 'listRuns':
        return this.keeper.list(request);
      case 'renameRun':
        return this.keeper.rename(request);
      case 'deleteRun':
        return this.keeper.remove(request);
      case 'exportRun':
        return this.keeper.export(request);
      case 'keepRunWeights':
        return this.keeper.keepWeights(request);
      case 'openRunModel':
        return this.keeper.openModel(request);
      default: {
        const unhandled: never = request;
        throw new Error(`The training engine does not handle ${JSON.stringify(unhandled)}`);
      }
    }
  }
}
