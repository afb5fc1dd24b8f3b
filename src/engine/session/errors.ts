/**
 * Errors with a kind. Every failure the engine reports travels as an `error` event (an answer) or a
 * `fault` event (a run) carrying an {@link ErrorKind}, so that the page reacts to the kind, never to
 * the wording. The engine's own refusals are thrown as {@link EngineError}; errors thrown by tfjs,
 * which have no type, are classified once, here at the engine's edge.
 */
import type { BackendName, ErrorKind } from '../protocol';
import { ModelFileError } from '../storage/modelFiles';
import { StorageError } from '../storage/modelLibrary';
import { classifyError } from '../train/faults';
import { DataOptionsError } from '../train/residentData';

export class EngineError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export const NO_MODEL_MESSAGE = 'There is no model yet: train one, or load a saved one.';

/** The error for a request that needs a current model when there is none. */
export function noModel(): EngineError {
  return new EngineError('no-model', NO_MODEL_MESSAGE);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The kind of any error thrown while answering a request on `backend`. */
export function kindOf(error: unknown, backend: BackendName): ErrorKind {
  if (error instanceof EngineError) return error.kind;
  if (error instanceof ModelFileError) return 'input';
  if (error instanceof StorageError) return 'storage';
  if (error instanceof DataOptionsError) return 'spec';
  const kind = classifyError(error, backend).kind;
  return kind;
}
