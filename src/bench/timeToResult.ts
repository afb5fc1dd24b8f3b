/**
 * Time to result: wall time for a preset, trained exactly as the app trains it (its own spec: batch,
 * optimiser, epochs; all 60,000 training images; the test set evaluated after every epoch), to reach
 * a test accuracy. The clock runs from the train request to the evaluation that first reaches it, so
 * it includes the epoch-end evaluations, as a person waiting for the result would see it.
 */
import type { DatasetCache } from '../engine/datasetCache';
import type { BackendName, EngineEvent } from '../engine/protocol';
import { getPreset } from '../engine/spec/presets';
import { TrainingSession } from '../engine/session/session';

export interface TimeToResult {
  model: string;
  backend: string;
  target: number;
  /** Seconds to the first test evaluation ≥ target, or null if the run ended (or timed out) short of it. */
  seconds: number | null;
  /** Test accuracy after each epoch, with the seconds at which it was known. */
  epochs: { accuracy: number; seconds: number }[];
}

export async function measureTimeToResult(
  model: string,
  target: number,
  datasets: DatasetCache,
  backend: BackendName,
  maxSeconds: number,
  log: (text: string) => void,
): Promise<TimeToResult> {
  const preset = getPreset(model);
  if (!preset) throw new Error(`unknown model ${model}`);
  const result: TimeToResult = { model, backend, target, seconds: null, epochs: [] };
  const runId = 1;
  let settle: (() => void) | null = null;
  const ended = new Promise<void>((resolve) => (settle = resolve));
  const started = performance.now();
  const session = new TrainingSession({
    post: (event: EngineEvent) => {
      if (event.type === 'evaluation' && event.runId === runId) {
        const seconds = (performance.now() - started) / 1000;
        result.epochs.push({ accuracy: event.evaluation.accuracy, seconds });
        log(`time to result: epoch ${result.epochs.length}, test accuracy ${event.evaluation.accuracy.toFixed(4)} at ${seconds.toFixed(0)} s`);
        if (event.evaluation.accuracy >= target && result.seconds === null) {
          result.seconds = seconds;
          settle?.();
        }
      }
      if (event.type === 'fault') log(`fault: ${event.message}`);
      if (event.type === 'runState' && event.state !== 'running' && event.state !== 'paused') settle?.();
    },
    getDataset: (name) => datasets.get(name),
    backendName: () => backend,
  });
  await session.handle({ type: 'train', runId, spec: preset.spec, dataset: preset.dataset, options: { validationSplit: 0 } });
  await Promise.race([ended, new Promise((r) => setTimeout(r, maxSeconds * 1000))]);
  await session.handle({ type: 'stop', runId });
  session.dispose();
  return result;
}
