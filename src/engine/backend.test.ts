import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { autoOrder, probeWebGpu, selectBackend } from './backend';

const software = { available: true, software: true, note: 'software adapter (swiftshader)' };
const hardware = { available: true, software: false, note: 'nvidia' };
const none = { available: false, software: false, note: 'navigator.gpu is missing' };

describe('autoOrder', () => {
  it('puts a hardware GPU first', () => {
    expect(autoOrder(hardware).order[0]).toBe('webgpu');
  });

  it('prefers WebAssembly over a software WebGPU adapter, and says why', () => {
    const { order, why } = autoOrder(software);
    expect(order.indexOf('wasm')).toBeLessThan(order.indexOf('webgpu'));
    expect(why).toMatch(/software rasteriser/);
    expect(autoOrder(none).order[0]).toBe('wasm');
  });

  it('follows measured speeds over everything else', () => {
    const { order, why } = autoOrder(hardware, { webgpu: 40, wasm: 300, webgl: 90 });
    expect(order.slice(0, 3)).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(order).toContain('cpu');
    expect(why).toBe('fastest measured on this machine (wasm 300/s, webgl 90/s, webgpu 40/s)');
  });
});

describe('selectBackend in Node', () => {
  it('falls back past unavailable backends to one that works, naming each failure', async () => {
    const info = await selectBackend('webgl', { webgpu: none });
    expect(['wasm', 'cpu']).toContain(info.name);
    expect(info.reason).toMatch(/^you chose webgl, but it failed \(.*webgl.*\); fell back to (wasm|cpu)$/);
    expect(tf.getBackend()).toBe(info.name);
    expect(info.backends.map((b) => b.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('skips WebGL where the worker cannot draw it (no OffscreenCanvas), says why, and lists the fallbacks', async () => {
    const features = { webgpu: false, offscreenCanvas: false, webglInWorker: false, wasmThreads: false, decompressionStream: true };
    const info = await selectBackend('webgl', { webgpu: none, features });
    expect(['wasm', 'cpu']).toContain(info.name);
    expect(info.reason).toMatch(/^you chose webgl, but it failed \(webgl skipped: this browser has no OffscreenCanvas, which WebGL needs inside the engine’s worker; .*\); fell back to (wasm|cpu)$/);
    expect(info.backends.find((b) => b.name === 'webgl')).toMatchObject({ available: false, note: expect.stringMatching(/OffscreenCanvas/) });
    expect(info.fallbacks).toEqual([
      expect.stringMatching(/^No WebGPU/),
      expect.stringMatching(/^No WebGL in the engine/),
      expect.stringMatching(/^WebAssembly runs on one thread/),
    ]);
  });

  it('honours a forced backend that works', async () => {
    const info = await selectBackend('cpu', { webgpu: none });
    expect(info).toMatchObject({ name: 'cpu', reason: 'cpu was chosen by you' });
  });
});

describe('probeWebGpu', () => {
  const withAdapter = async (adapter: object | null) => {
    const previous = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => adapter } }, configurable: true });
    try {
      return await probeWebGpu();
    } finally {
      if (previous) Object.defineProperty(globalThis, 'navigator', previous);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  };

  it('calls an adapter software when the browser says it is a fallback adapter, wherever it says so', async () => {
    expect(await withAdapter({ info: { vendor: 'microsoft', architecture: '', isFallbackAdapter: true } })).toMatchObject({ available: true, software: true });
    expect(await withAdapter({ isFallbackAdapter: true, info: { vendor: 'x' } })).toMatchObject({ available: true, software: true });
    expect(await withAdapter({ info: { vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false } })).toMatchObject({ available: true, software: false });
    expect(await withAdapter(null)).toMatchObject({ available: false });
  });
});
