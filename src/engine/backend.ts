/**
 * Choosing the TensorFlow.js backend the engine runs on. Each candidate is tried in turn and every
 * failure (no adapter, an initialiser that throws, setBackend returning false) is caught and recorded, so
 * the page can say which backend runs and why the others do not.
 */
import * as tf from '@tensorflow/tfjs';
import { detectFeatures, fallbackNotes, type PlatformFeatures, webglUnavailable } from './features';
import type { BackendChoice, BackendInfo, BackendName, BackendStatus, MeasuredSpeeds } from './protocol';
import { startNativePool } from './backends/native/nativePool';
import { asWasmBackend, wasmThreadCount } from './backends/wasmBackendAccess';
import { poolThreadsFor } from './wasmThreads';

/** Preference order when nothing was measured: a real GPU first, plain JavaScript last. */
export const FALLBACK_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface AdapterReport {
  available: boolean;
  software: boolean;
  note: string;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  /** Current browsers report the fallback flag here (GPUAdapterInfo.isFallbackAdapter); older ones on the adapter. */
  info?: { architecture?: string; vendor?: string; description?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Asks the platform for a WebGPU adapter and recognises a software one (SwiftShader, fallback adapter). */
export async function probeWebGpu(): Promise<AdapterReport> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { available: false, software: false, note: 'this browser exposes no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, software: false, note: 'WebGPU is present but no adapter was granted' };
    const architecture = adapter.info?.architecture ?? '';
    const software = adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true || /swiftshader/i.test(architecture);
    const name = [adapter.info?.vendor, architecture].filter(Boolean).join(' ') || 'unnamed adapter';
    return {
      available: true,
      software,
      note: software ? `software adapter (${architecture || 'fallback'}): the CPU pretending to be a GPU` : name,
    };
  } catch (error) {
    return { available: false, software: false, note: `requesting a WebGPU adapter failed: ${describe(error)}` };
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Backends whose module registered a factory in this bundle / process. */
function registered(name: BackendName): boolean {
  return tf.findBackendFactory(name) != null || tf.findBackend(name) != null;
}

/** Tries to make `name` the active backend; returns null on success, else why it failed. */
export async function activate(name: BackendName): Promise<string | null> {
  if (!registered(name)) return `the ${name} backend is not part of this build`;
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `initialising ${name} failed`;
    await tf.ready();
    // A tiny op proves the backend can really run kernels (a lost device fails here, not later).
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const value = (await probe.data())[0];
    probe.dispose();
    if (value !== 2) return `${name} computed 1 + 1 = ${value}`;
    if (name === 'wasm') {
      // Our native kernels' own helper threads, beside XNNPACK's (attached once they are up).
      const wasm = asWasmBackend(tf.backend());
      void startNativePool(wasm, poolThreadsFor(wasmThreadCount(wasm)));
    }
    return null;
  } catch (error) {
    return `${name} failed: ${describe(error)}`;
  }
}

export interface SelectOptions {
  /** Order for 'auto'; by default derived from `measured` or from what is known (autoOrder). */
  order?: BackendName[];
  webgpu?: AdapterReport;
  /** Speeds measured on this machine by calibrate(); the fastest wins under 'auto'. */
  measured?: MeasuredSpeeds;
  /** What this browser offers (features.ts); by default detected in the running scope. */
  features?: PlatformFeatures;
}

/**
 * The order 'auto' tries backends in, with the reason for its first choice. Measured speeds win; without
 * them, what was measured on CPU-only machines decides: a software WebGPU adapter trains ~8× slower than
 * WebAssembly with our kernels, so a real GPU goes first and a software one last.
 */
export function autoOrder(webgpu: AdapterReport, measured: MeasuredSpeeds = {}): { order: BackendName[]; why: string } {
  const ranked = (Object.entries(measured) as [BackendName, number][]).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  if (ranked.length > 0) {
    const order = [...ranked.map(([name]) => name), ...FALLBACK_ORDER.filter((n) => !ranked.some(([m]) => m === n))];
    const list = ranked.map(([name, v]) => `${name} ${v}/s`).join(', ');
    return { order, why: `fastest measured on this machine (${list})` };
  }
  if (webgpu.available && !webgpu.software) {
    return { order: ['webgpu', 'webgl', 'wasm', 'cpu'], why: 'a hardware GPU is available through WebGPU' };
  }
  return {
    order: ['wasm', 'webgl', 'webgpu', 'cpu'],
    why: webgpu.available
      ? 'the WebGPU adapter is a software rasteriser, and WebAssembly trains faster on the CPU'
      : 'no WebGPU adapter; WebAssembly trains fastest on the CPU',
  };
}

/**
 * Activates the chosen backend, or the first that works in order. The returned reason says what was
 * chosen and what failed before it, e.g. "webgl: WebGPU failed: …".
 */
export async function selectBackend(choice: BackendChoice, options: SelectOptions = {}): Promise<BackendInfo> {
  const webgpu = options.webgpu ?? (await probeWebGpu());
  const features = options.features ?? detectFeatures();
  // WebGL cannot start in this worker (Safari, or no OffscreenCanvas): say so instead of trying.
  const noWebgl = webglUnavailable(features);
  const auto = autoOrder(webgpu, options.measured);
  const order = options.order ?? auto.order;
  const candidates = choice === 'auto' ? order : [choice, ...order.filter((name) => name !== choice)];
  const statuses = new Map<BackendName, BackendStatus>();
  const failures: string[] = [];
  for (const name of FALLBACK_ORDER) {
    statuses.set(name, { name, available: registered(name), note: registered(name) ? '' : 'not in this build' });
  }
  statuses.set('webgpu', { name: 'webgpu', available: webgpu.available, note: webgpu.note });
  if (noWebgl) statuses.set('webgl', { name: 'webgl', available: false, note: noWebgl });

  let chosen: BackendName | null = null;
  for (const name of candidates) {
    if (name === 'webgpu' && !webgpu.available) {
      failures.push(`WebGPU unavailable: ${webgpu.note}`);
      continue;
    }
    if (name === 'webgl' && noWebgl) {
      failures.push(`webgl skipped: ${noWebgl}`);
      continue;
    }
    const failure = await activate(name);
    if (failure === null) {
      chosen = name;
      break;
    }
    failures.push(failure);
    statuses.set(name, { name, available: false, note: failure });
  }
  if (!chosen) throw new Error(`No TensorFlow.js backend works here: ${failures.join('; ')}`);

  const forced = choice !== 'auto';
  let reason: string;
  if (forced && chosen === choice) reason = `${chosen} was chosen by you`;
  else if (forced) reason = `you chose ${choice}, but it failed (${failures.join('; ')}); fell back to ${chosen}`;
  else if (failures.length) reason = `${failures.join('; ')}; fell back to ${chosen}`;
  else reason = `chosen automatically: ${auto.why}`;
  if (chosen === 'webgpu' && webgpu.software) reason += ` — the WebGPU adapter is a ${webgpu.note}`;

  for (const [name, speed] of Object.entries(options.measured ?? {}) as [BackendName, number][]) {
    const status = statuses.get(name);
    if (status) status.examplesPerSecond = speed;
  }
  return {
    name: chosen,
    reason,
    softwareAdapter: webgpu.software,
    backends: FALLBACK_ORDER.map((name) => statuses.get(name)!),
    fallbacks: fallbackNotes(features),
  };
}
