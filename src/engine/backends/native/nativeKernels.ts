/**
 * The hand-written WebAssembly kernels of kernels.wat, instantiated against the tfjs wasm backend's own
 * memory so that they read and write tensors where they lie (no copies). One instance per backend
 * memory; the binary that matches the memory (shared in tfjs-wasm's threaded build, unshared otherwise)
 * is picked, in its relaxed-SIMD flavour (fused multiply-add in the matrix product) where the engine
 * validates relaxed SIMD, else the plain one. Returns null where no memory object can be reached, and
 * callers fall back to JavaScript.
 */
import type { WasmBackend } from '../wasmBackendAccess';
import {
  KERNELS_SHARED_BASE64,
  KERNELS_SHARED_RELAXED_BASE64,
  KERNELS_UNSHARED_BASE64,
  KERNELS_UNSHARED_RELAXED_BASE64,
  RELAXED_PROBE_BASE64,
} from './kernelsBinary';

/** dx of a max pool from x and dy, NHWC (kernels.wat maxPoolGrad and maxPoolGradTiled). */
type PoolGradKernel = (
  x: number, dy: number, dx: number,
  batch: number, inH: number, inW: number, c: number,
  outH: number, outW: number, fh: number, fw: number,
  sh: number, sw: number, padTop: number, padLeft: number,
) => void;

export interface NativeKernels {
  /** See kernels.wat; pointers are byte offsets into the backend heap. */
  maxPoolGrad: PoolGradKernel;
  /** maxPoolGrad where the windows tile the input (window = stride, pads 0): dx written once, no scatter. */
  maxPoolGradTiled: PoolGradKernel;
  adam(
    value: number, grad: number, m: number, v: number,
    outM: number, outV: number, out: number, n: number,
    b1: number, oneMinusB1: number, b2: number, oneMinusB2: number,
    oneMinusAccB1: number, oneMinusAccB2: number, eps: number, negLr: number,
  ): void;
  columnSum(x: number, out: number, scratch: number, rows: number, width: number): void;
  /** out[r, j] = x[r, j] + b[j] for a [rows, width] x. */
  biasAdd(x: number, b: number, out: number, rows: number, width: number): void;
  /** out = dy · step(x) over n floats (Relu's gradient, bit-identical to tfjs's composition). */
  reluGrad(x: number, dy: number, out: number, n: number): void;
  /**
   * acc[kk, c] += Σ_p colsT[kk, p] · dy[p, c] for the taps kk in [k0, k); colsT is [taps, rows], dy
   * [rows, outC], acc [taps, outC].
   */
  colsTxDy(colsT: number, rows: number, dy: number, outC: number, acc: number, k0: number, k: number): void;
  /** The rows of filter taps [t0, t1) (tap = fy·fw + fx) of the transposed patch matrix of images [n0, n1). */
  im2colT(
    x: number, colsT: number, n0: number, n1: number,
    inH: number, inW: number, inC: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, padTop: number, padLeft: number,
    t0: number, t1: number,
  ): void;
  /** Zeroes images [n0, n1) of dx and adds the patch rows from cols onto them (im2col.ts `col2imAdd`). */
  col2im(
    cols: number, dx: number, n0: number, n1: number,
    inH: number, inW: number, inC: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, padTop: number, padLeft: number,
  ): void;
  /**
   * Packs the column panels [p0, p1) of b [k, n] (8 columns each, ceil(n / 8) in all) into `packed`,
   * which holds ceil(n / 8)·8·k floats. Disjoint panel ranges may run concurrently.
   */
  gemmPackB(b: number, packed: number, k: number, n: number, p0: number, p1: number): void;
  /**
   * Rows [m0, m1) and column panels [p0, p1) (8 columns each) of c [m, n] = a [m, k] · b (accumulate 0)
   * or += it (accumulate 1), with b packed by gemmPackB; writes only those, so disjoint row or panel
   * ranges may run concurrently.
   */
  gemm(a: number, packed: number, c: number, m0: number, m1: number, k: number, n: number, accumulate: number, p0: number, p1: number): void;
  /** out = max(x, 0) over n floats. */
  relu(x: number, out: number, n: number): void;
  /** Images [n0, n1) of y = max pooling of the NHWC x (c a multiple of 4), padding never chosen. */
  maxPool(
    x: number, y: number, n0: number, n1: number,
    inH: number, inW: number, c: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, padTop: number, padLeft: number,
  ): void;
  /**
   * Images [n0, n1) of y [n, outH, outW, outC] = the convolution of the zero-padded xp with the filter
   * packed by gemmPackB as a [fh·fw·inC, outC] matrix, as an implicit matrix product (no patch matrix).
   */
  convImplicit(
    xp: number, packed: number, y: number, n0: number, n1: number,
    inHp: number, inWp: number, inC: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, outC: number,
  ): void;
  /**
   * Tiles [t0, t1) (4 output channels × 8 taps each) of dw [fh·fw·inC, outC] = the filter gradient of the
   * zero-padded xp and dy over all `batch` images, summed through `scratch` ([outC, K] floats) between
   * images; needs outC % 4 = 0 and fw·inC % 8 = 0.
   */
  convFilterGrad(
    xp: number, dy: number, scratch: number, dw: number, batch: number,
    inHp: number, inWp: number, inC: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, outC: number, t0: number, t1: number,
  ): void;
  /** Images [n0, n1) of xp [n, inHp, inWp, c]: x [n, inH, inW, c] placed at (top, left) among zeros. */
  padImages(
    x: number, xp: number, n0: number, n1: number, inH: number, inW: number, c: number,
    inHp: number, inWp: number, top: number, left: number,
  ): void;
  convDirect(
    xp: number, w: number, y: number, n0: number, n1: number,
    inHp: number, inWp: number, inC: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, outC: number,
  ): void;
}

let enabled = true;

/**
 * Turns the native kernels off (callers take their JavaScript / multi-op routes) or back on: for
 * side-by-side measurements in one process and for checking the fallbacks. On by default.
 */
export function setNativeKernelsEnabled(on: boolean): void {
  enabled = on;
}

const instances = new WeakMap<WebAssembly.Memory, NativeKernels>();
type Flavour = 'shared' | 'unshared' | 'sharedRelaxed' | 'unsharedRelaxed';
const modules: Partial<Record<Flavour, WebAssembly.Module>> = {};
const BINARIES: Record<Flavour, string> = {
  shared: KERNELS_SHARED_BASE64,
  unshared: KERNELS_UNSHARED_BASE64,
  sharedRelaxed: KERNELS_SHARED_RELAXED_BASE64,
  unsharedRelaxed: KERNELS_UNSHARED_RELAXED_BASE64,
};
let relaxed: boolean | undefined;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The backend's WebAssembly.Memory (`wasmMemory` in the threaded build, `asm.memory` otherwise). */
export function backendMemory(backend: WasmBackend): WebAssembly.Memory | null {
  return backend.wasm.wasmMemory ?? backend.wasm.asm?.memory ?? null;
}

/**
 * Whether this engine runs relaxed SIMD (Chromium ≥ 114, Firefox ≥ 145; Node 20 only with
 * --experimental-wasm-relaxed-simd; not Safari 18), decided once by validating a one-instruction probe.
 */
export function relaxedSimdSupported(): boolean {
  relaxed ??= WebAssembly.validate(decode(RELAXED_PROBE_BASE64));
  return relaxed;
}

const compiled = new WeakMap<NativeKernels, WebAssembly.Module>();

/**
 * A fresh instance of the kernels on `memory`, in the relaxed or the plain flavour (tests and
 * side-by-side measurements; callers use nativeKernels). Relaxed where the engine lacks it throws.
 */
export function instantiateKernels(memory: WebAssembly.Memory, relaxedSimd: boolean): NativeKernels {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const key: Flavour = shared
    ? (relaxedSimd ? 'sharedRelaxed' : 'shared')
    : (relaxedSimd ? 'unsharedRelaxed' : 'unshared');
  // Synchronous compile: the binary is ~8 KB, and kernels are called synchronously.
  const module = (modules[key] ??= new WebAssembly.Module(decode(BINARIES[key])));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernels = instance.exports as unknown as NativeKernels;
  compiled.set(kernels, module);
  return kernels;
}

/** The kernels bound to `backend`'s heap, or null if its memory cannot be reached. */
export function nativeKernels(backend: WasmBackend): NativeKernels | null {
  if (!enabled) return null;
  const memory = backendMemory(backend);
  if (memory === null) return null;
  const known = instances.get(memory);
  if (known) return known;
  const kernels = instantiateKernels(memory, relaxedSimdSupported());
  instances.set(memory, kernels);
  return kernels;
}

/** The compiled module behind `kernels` (to instantiate on the same memory in another thread). */
export function moduleOf(kernels: NativeKernels): WebAssembly.Module {
  const module = compiled.get(kernels);
  if (module === undefined) throw new Error('native kernels: these kernels were not made by nativeKernels().');
  return module;
}

/** The names of the kernels' exported functions. */
export function kernelNames(kernels: NativeKernels): string[] {
  return Object.keys(kernels).filter((name) => typeof (kernels as unknown as Record<string, unknown>)[name] === 'function');
}
