/**
 * Requests about what the current model has learnt and why it decides: gradient ascent for what a
 * channel looks for (with progress events and cancelling), and the saliency and Grad-CAM maps of one
 * input. The maths lives in engine/insight; this file checks the request, runs it on the current
 * model and answers.
 */
import { gradCam } from '../insight/gradCam';
import { gradientAscent } from '../insight/gradientAscent';
import { saliencyMap } from '../insight/saliency';
import type { EngineEvent, EngineRequest } from '../protocol';
import type { CurrentModelHolder } from './currentModel';
import { EngineError, messageOf } from './errors';
import type { Inspection } from './inspection';

type Request<T extends EngineRequest['type']> = Extract<EngineRequest, { type: T }>;

export interface InsightDeps {
  post: (event: EngineEvent) => void;
  current: CurrentModelHolder;
  inspection: Inspection;
}

export class InsightHandlers {
  /** Climbs in progress, by the page's job id: true once cancelled. */
  private readonly jobs = new Map<number, { cancelled: boolean }>();

  constructor(private readonly deps: InsightDeps) {}

  async lookFor(request: Request<'lookFor'>): Promise<void> {
    const current = this.deps.current.require();
    const { jobId, layerIndex, units } = request;
    if (this.jobs.has(jobId)) throw new EngineError('input', `Job ${jobId} is already running: choose a new job id.`);
    const start = request.start.kind === 'input' ? await this.deps.inspection.inputPixels(current, request.start.input) : undefined;
    const job = { cancelled: false };
    this.jobs.set(jobId, job);
    try {
      const result = await gradientAscent(
        current.model,
        { layerIndex, units, start, ...(request.steps !== undefined ? { steps: request.steps } : {}), ...(request.start.kind === 'noise' && request.start.seed !== undefined ? { seed: request.start.seed } : {}) },
        (progress) => this.deps.post({ type: 'lookForProgress', jobId, layerIndex, units: [...units], ...progress, images: progress.images.slice()}),
        () => {
          // A new run or a loaded model frees this model: the climb cannot go on with it.
          if (this.deps.current.get() !== current) throw new EngineError('no-model', 'The model changed while its channels were being visualised: ask again for the new model.');
          return job.cancelled;
        },
      );
      this.deps.post({
        type: 'lookedFor',
        requestId: request.requestId,
        jobId,
        layerIndex,
        units: [...units],
        step: result.step,
        steps: result.steps,
        activations: result.activations,
        startActivations: result.startActivations,
        images: result.images,
        shape: result.shape,
        cancelled: result.cancelled,
      });
    } finally {
      this.jobs.delete(jobId);
    }
  }

  cancelLookFor(request: Request<'cancelLookFor'>): void {
    const job = this.jobs.get(request.jobId);
    if (job) job.cancelled = true;
    this.deps.post({ type: 'lookForCancelled', requestId: request.requestId, jobId: request.jobId, found: job !== undefined });
  }

  async explainPrediction(request: Request<'explainPrediction'>): Promise<void> {
    const current = this.deps.current.require();
    const pixels = await this.deps.inspection.inputPixels(current, request.input);
    const saliency = await saliencyMap(current.model, current.spec, pixels, request.classIndex);
    // Grad-CAM for the same class as the saliency map (the predicted one when none was asked for).
    let cam: Awaited<ReturnType<typeof gradCam>> | null = null;
    let gradCamNote: string | undefined;
    try {
      cam = await gradCam(current.model, current.spec, pixels, saliency.classIndex);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      gradCamNote = messageOf(error);
    }
    const shape = current.model.inputs[0].shape.slice(1) as [number, number, number];
    this.deps.post({
      type: 'predictionExplained',
      requestId: request.requestId,
      input: pixels.slice(),
      inputShape: shape,
      classIndex: saliency.classIndex,
      predicted: saliency.predicted,
      saliency: { map: saliency.map, height: saliency.height, width: saliency.width, peak: saliency.peak },
      gradCam: cam ? { map: cam.map, height: cam.height, width: cam.width, peak: cam.peak, layerIndex: cam.layerIndex, method: cam.method } : null,
      ...(gradCamNote ? { gradCamNote } : {}),
    });
  }
}
