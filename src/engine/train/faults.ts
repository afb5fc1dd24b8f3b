/**
 * Turns what went wrong during a run into a fault the page can explain: a kind, a message naming the
 * problem, a hint saying what to change, and for backend trouble the next backend worth trying.
 */
import type { BackendName, FaultKind } from '../protocol';
import type { ModelSpec } from '../spec/types';

export interface Fault {
  kind: FaultKind;
  message: string;
  hint: string;
  nextBackend?: BackendName;
}

/** Fastest first: where a backend fails, the one after it is the one to offer. */
const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend to offer after `current` failed, or undefined when `current` is already the last. */
export function nextBackend(current: BackendName): BackendName | undefined {
  const index = BACKEND_ORDER.indexOf(current);
  return index >= 0 && index < BACKEND_ORDER.length - 1 ? BACKEND_ORDER[index + 1] : undefined;
}

/** Explains a loss that became NaN or infinite, with the spec's most likely culprit. */
export function nanFault(spec: ModelSpec, epoch: number, batch: number, loss: number): Fault {
  const { optimizer, learningRate } = spec.training;
  const typical: Record<string, number> = { sgd: 0.1, momentum: 0.05, adam: 0.01, rmsprop: 0.01, adadelta: 1 };
  const limit = typical[optimizer] ?? 0.01;
  const where = `epoch ${epoch + 1}, by batch ${batch}`;
  const hint =
    learningRate > limit
      ? `The learning rate ${learningRate} is high for ${optimizer}: try ${limit / 10} and start over.`
      : 'Lower the learning rate (for instance by 10×), add L2 regularisation or batch normalisation, and start over.';
  return {
    kind: 'nan',
    message: `The training loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'} (${where}): the weights diverged, so the run was stopped.`,
    hint,
  };
}

const OOM = /out of memory|oom|failed to allocate|allocation failed|exceeds? (the )?(max|maximum)|too large|memory limit|cannot allocate|Array buffer allocation failed|RangeError: Invalid typed array length/i;
const DEVICE_LOST = /device (was )?lost|context (was )?lost|CONTEXT_LOST|GPUDevice|device is lost|webgl context/i;
const MISSING_KERNEL = /kernel '.*' not registered|not registered for backend|backend '.*' (is )?not (found|registered)/i;

/** Classifies an error thrown while training or inspecting on `backend`. */
export function classifyError(error: unknown, backend: BackendName): Fault {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (OOM.test(text)) {
    return {
      kind: 'oom',
      message: `The ${backend} backend ran out of memory (${text}).`,
      hint: 'Use a smaller batch size, a smaller training subset or fewer filters/units, or switch backend.',
      nextBackend: nextBackend(backend),
    };
  }
  if (DEVICE_LOST.test(text)) {
    return {
      kind: 'deviceLost',
      message: `The GPU device of the ${backend} backend was lost (${text}).`,
      hint: 'The run stopped cleanly. Start it again, or switch to the next backend if it keeps happening.',
      nextBackend: nextBackend(backend),
    };
  }
  if (MISSING_KERNEL.test(text)) {
    return {
      kind: 'backend',
      message: `The ${backend} backend cannot train this network (${text}).`,
      hint: 'Switch to another backend.',
      nextBackend: nextBackend(backend),
    };
  }
  return {
    kind: 'internal',
    message: `Training failed: ${text}`,
    hint: 'This is a bug in the playground or an unexpected spec; try another backend or a simpler network.',
    nextBackend: nextBackend(backend),
  };
}
