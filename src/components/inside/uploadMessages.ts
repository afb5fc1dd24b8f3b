/** What the picture upload says: pure, so the wording is tested without a browser. */

/** "<file>: reduced from W×H to 28×28 grey." with the picture's own size, not the decoded one. */
export function reducedMessage(fileName: string, width: number, height: number, target = '28×28 grey'): string {
  return `${fileName}: reduced from ${width.toLocaleString('en-US')}×${height.toLocaleString('en-US')} to ${target}.`;
}

/** "Could not read <file>: <why>. Choose …" with exactly one full stop after the browser's reason. */
export function unreadableMessage(fileName: string, error: unknown): string {
  const reason = (error instanceof Error ? error.message : String(error)).trim().replace(/[.\s]+$/, '');
  return `Could not read ${fileName}: ${reason}. Choose a PNG, JPEG or WebP picture.`;
}
