/** Feature detection and the fallbacks it leads to, on made-up browsers (Chromium, old and new Safari). */
import { describe, expect, it } from 'vitest';
import { detectFeatures, fallbackNotes, type FeatureScope, webglUnavailable } from './features';

class Present {}

const CHROMIUM: FeatureScope = {
  navigator: { gpu: {}, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36', vendor: 'Google Inc.' },
  OffscreenCanvas: Present,
  SharedArrayBuffer: Present,
  Atomics: {},
  crossOriginIsolated: true,
  DecompressionStream: Present,
};

// iPadOS 16.3: no WebGPU, OffscreenCanvas without WebGL, no DecompressionStream, a page not isolated.
const OLD_IPAD: FeatureScope = {
  navigator: { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.3 Safari/605.1.15', vendor: 'Apple Computer, Inc.' },
  OffscreenCanvas: Present,
  Atomics: {},
  crossOriginIsolated: false,
};

describe('detectFeatures', () => {
  it('finds everything in Chromium and has nothing to fall back from', () => {
    const features = detectFeatures(CHROMIUM);
    expect(features).toEqual({ webgpu: true, offscreenCanvas: true, webglInWorker: true, wasmThreads: true, decompressionStream: true });
    expect(fallbackNotes(features)).toEqual([]);
    expect(webglUnavailable(features)).toBeNull();
  });

  it('on an older iPad: WebAssembly on one thread, no WebGL in the worker, datasets unpacked by fflate', () => {
    const features = detectFeatures(OLD_IPAD);
    expect(features).toEqual({ webgpu: false, offscreenCanvas: true, webglInWorker: false, wasmThreads: false, decompressionStream: false });
    const notes = fallbackNotes(features);
    expect(notes).toHaveLength(4);
    expect(notes[0]).toMatch(/^No WebGPU/);
    expect(notes[1]).toMatch(/Safari/);
    expect(notes[2]).toMatch(/^WebAssembly runs on one thread/);
    expect(notes[3]).toMatch(/fflate/);
  });

  it('threads need both isolation and SharedArrayBuffer', () => {
    expect(detectFeatures({ ...CHROMIUM, SharedArrayBuffer: undefined }).wasmThreads).toBe(false);
    expect(detectFeatures({ ...CHROMIUM, crossOriginIsolated: false }).wasmThreads).toBe(false);
  });

  it('without OffscreenCanvas, WebGL is skipped and says why', () => {
    const features = detectFeatures({ ...CHROMIUM, OffscreenCanvas: undefined });
    expect(features.webglInWorker).toBe(false);
    expect(webglUnavailable(features)).toMatch(/no OffscreenCanvas/);
  });

  it('reads an empty scope (Node, an odd embedder) without throwing', () => {
    expect(detectFeatures({})).toEqual({ webgpu: false, offscreenCanvas: false, webglInWorker: false, wasmThreads: false, decompressionStream: false });
  });
});
