/**
 * Gzip decompression: the standard DecompressionStream, which exists in browsers, in Web Workers and in
 * Node ≥ 18, and fflate where a browser lacks it (Safari < 16.4). Node code may pass `node:zlib` instead (see ../node/datasetSource.ts).
 */
export type Gunzip = (bytes: Uint8Array) => Promise<Uint8Array>;

/** True when the bytes start with the gzip magic number 1f 8b. */
export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export const streamGunzip: Gunzip = async (bytes) => {
  // Safari before 16.4 has no DecompressionStream: fflate decodes in JavaScript instead (loaded only then).
  if (typeof DecompressionStream !== 'function') {
    const { gunzipSync } = await import('fflate');
    return gunzipSync(bytes);
  }
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};
