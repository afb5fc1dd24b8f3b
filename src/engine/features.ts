/**
 * What this browser offers the engine, detected in one place, and what the engine falls back to
 * where something is missing. Safari and iPadOS are the browsers in mind: WebGPU only in recent
 * versions, no WebGL for TensorFlow.js inside a worker (tfjs draws WebGL on a `document` canvas in
 * Safari, and a worker has no document), WebAssembly threads only on a cross-origin-isolated page,
 * DecompressionStream only from Safari 16.4. Pure: `detectFeatures` reads the scope it is given
 * (the engine worker's own, by default), so that the rules are unit-tested with made-up browsers.
 */

export interface PlatformFeatures {
  /** `navigator.gpu` exists (whether an adapter is granted is probed separately: backend.ts). */
  webgpu: boolean;
  /** OffscreenCanvas exists: where a worker can draw WebGL at all. */
  offscreenCanvas: boolean;
  /** TensorFlow.js's WebGL backend can run in this worker (OffscreenCanvas, and not Safari's code path). */
  webglInWorker: boolean;
  /** SharedArrayBuffer on a cross-origin-isolated page: what threaded WebAssembly needs. */
  wasmThreads: boolean;
  /** The standard gzip decoder (else the datasets are decoded by fflate, in JavaScript). */
  decompressionStream: boolean;
}

/** The few properties of a global scope the detection reads (a Window or a WorkerGlobalScope). */
export interface FeatureScope {
  navigator?: { gpu?: unknown; userAgent?: string; vendor?: string };
  OffscreenCanvas?: unknown;
  SharedArrayBuffer?: unknown;
  Atomics?: unknown;
  crossOriginIsolated?: boolean;
  DecompressionStream?: unknown;
}

/** tfjs's own test (its IS_SAFARI flag): Safari's engine with Apple as the vendor. */
export function isSafari(scope: FeatureScope): boolean {
  const nav = scope.navigator;
  return /Safari/.test(nav?.userAgent ?? '') && /Apple/.test(nav?.vendor ?? '');
}

export function detectFeatures(scope: FeatureScope = globalThis as unknown as FeatureScope): PlatformFeatures {
  const offscreenCanvas = typeof scope.OffscreenCanvas === 'function';
  return {
    webgpu: scope.navigator?.gpu != null,
    offscreenCanvas,
    webglInWorker: offscreenCanvas && !isSafari(scope),
    wasmThreads: scope.crossOriginIsolated === true && typeof scope.SharedArrayBuffer === 'function' && scope.Atomics != null,
    decompressionStream: typeof scope.DecompressionStream === 'function',
  };
}

/** Why WebGL is skipped in this worker, or null when it may be tried. */
export function webglUnavailable(features: PlatformFeatures): string | null {
  if (features.webglInWorker) return null;
  return features.offscreenCanvas
    ? "TensorFlow.js's WebGL needs a page canvas in this browser (Safari), which the engine's worker does not have"
    : 'this browser has no OffscreenCanvas, which WebGL needs inside the engine’s worker';
}

/** One sentence per missing feature: what is missing and what the engine does instead. */
export function fallbackNotes(features: PlatformFeatures): string[] {
  const notes: string[] = [];
  if (!features.webgpu) notes.push('No WebGPU in this browser: the engine trains on WebAssembly (or WebGL) instead.');
  const webgl = webglUnavailable(features);
  if (webgl) notes.push(`No WebGL in the engine: ${webgl}.`);
  if (!features.wasmThreads) {
    notes.push('WebAssembly runs on one thread: threads need SharedArrayBuffer on a cross-origin-isolated page, which this browser or server does not give.');
  }
  if (!features.decompressionStream) notes.push('No DecompressionStream: the datasets are unpacked in JavaScript (fflate), a little slower.');
  return notes;
}
