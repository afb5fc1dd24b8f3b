/** What the webcam says when it does not start: pure, so the wording is tested without a camera. */

/** Why the camera did not start, in words a learner can act on. */
export function cameraMessage(error: unknown): string {
  const name = error instanceof DOMException ? error.name : error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'The camera was not allowed. Allow it for this site (the camera icon in the address bar), then press Start the webcam again, or add pictures from files or the pad.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found. Plug one in and press Start the webcam again, or add pictures from files or the pad.';
  if (name === 'NotReadableError' || name === 'AbortError') return 'The camera is in use by another program or tab. Close it there, then press Start the webcam again.';
  return `The camera did not start: ${error instanceof Error ? error.message : String(error)}`;
}
