/**
 * Conv2D for the wasm backend as patches times filter: y[P, outC] = cols[P, K] · W[K, outC], with the
 * patch matrix built natively (kernels.wat `im2col`, split by images across the native pool) and the
 * product on our own matrix kernels. tfjs-wasm's Conv2D is XNNPACK's convolution, which needs no patch
 * matrix but multiplies with separate SIMD multiplies and adds on XNNPACK's threads; once our products
 * are faster than that, building the patches pays for itself on layers with enough taps.
 *
 * Only the unfused kernel is replaced: tfjs runs it while gradients are recorded (training); inference
 * uses FusedConv2D, which stays on XNNPACK with its cached, packed filters.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientGeometry } from './convGradientGeometry';
import { gemm, gemmIsNative } from './gemm';
import { imagesPerChunk, patchSize, positionsPerImage, type ConvGeometry } from './im2col';
import { nativeKernels, relaxedSimdSupported, type NativeKernels } from './native/nativeKernels';
import { runSplit } from './native/nativeSplit';
import { convDirectly, convImplicitly } from './convImplicit';
import { allocF32, asWasmBackend, heapF32, heapIndex, input, release, runKernel, viewAs, WASM, type WasmBackend } from './wasmBackendAccess';

/** Fewest taps (fh·fw·inC) for which the patch route is taken: a first layer's 9 taps stay on XNNPACK. */
export const MIN_PATCH_TAPS = 32;
/** Patch matrices up to this many floats are built in one piece (16 MiB): one product over the batch. */
export const PATCH_FLOATS = 4 * 1024 * 1024;

/**
 * Whether the patch route is wanted: by default where our product has fused multiply-add (relaxed SIMD),
 * which makes patches × filter faster than XNNPACK's convolution; with the plain binary the patch matrix
 * costs more than the product saves.
 */
let patchRoute: () => boolean = relaxedSimdSupported;

let minPatchTaps = MIN_PATCH_TAPS;

/** Whether a layer with fewer taps than that runs on convDirect (true) or on XNNPACK. */
let directRoute: () => boolean = relaxedSimdSupported;

/** Decides, per call, whether few-tap layers take the direct route (tests and side-by-side measurements). */
export function setConvDirectRoute(wanted: () => boolean): void {
  directRoute = wanted;
}

/**
 * Whether layers with enough taps run as an implicit product (convImplicit.ts, no patch matrix) rather
 * than through patches: by default where our product has fused multiply-add.
 */
let implicitRoute: () => boolean = relaxedSimdSupported;

/** Decides, per call, whether the implicit route is wanted (tests and side-by-side measurements). */
export function setConvImplicitRoute(wanted: () => boolean): void {
  implicitRoute = wanted;
}

/** Whether Conv2D takes the implicit route now (Conv2DBackpropInput then goes through Conv2D). */
export function convImplicitWanted(): boolean {
  return implicitRoute();
}

/** Bench only: the fewest taps the patch route takes (MIN_PATCH_TAPS by default). */
export function setMinPatchTaps(taps: number): void {
  minPatchTaps = taps;
}

/** Decides, per call, whether the patch route is wanted (tests and side-by-side measurements). */
export function setConvPatchRoute(wanted: () => boolean): void {
  patchRoute = wanted;
}

/** Writes the patch rows of images [n0, n1) of x to cols, natively, split by images across the pool. */
export function writePatches(native: NativeKernels, backend: WasmBackend, x: tf.TensorInfo, cols: tf.TensorInfo, g: ConvGeometry, n0: number, n1: number): void {
  const xAt = 4 * heapIndex(backend, x);
  const colsAt = 4 * heapIndex(backend, cols);
  const rowBytes = 4 * positionsPerImage(g) * patchSize(g);
  runSplit(native, 'im2col', n1 - n0, (s, e) => [
    xAt, colsAt + s * rowBytes, n0 + s, n0 + e,
    g.inH, g.inW, g.inC, g.outH, g.outW, g.filterH, g.filterW, g.strideH, g.strideW, g.padTop, g.padLeft,
  ]);
}

function makeConv2D(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const backend = asWasmBackend(args.backend);
    const x = input(args.inputs, 'x', 'Conv2D');
    const filter = input(args.inputs, 'filter', 'Conv2D');
    const attrs = (args.attrs ?? {}) as unknown as tf.Conv2DAttrs;
    const dilations = typeof attrs.dilations === 'number' ? [attrs.dilations, attrs.dilations] : (attrs.dilations ?? [1, 1]);
    const native = nativeKernels(backend);
    const plain = x.dtype === 'float32' && filter.dtype === 'float32' && attrs.dataFormat !== 'NCHW' && dilations[0] === 1 && dilations[1] === 1;
    if (native === null || !plain || (!patchRoute() && !directRoute() && !implicitRoute())) return runKernel(original, backend, args.inputs, args.attrs);
    const g = gradientGeometry({
      kernelName: 'Conv2D',
      operands: { x, filter },
      dataFormat: attrs.dataFormat,
      inputShape: x.shape as [number, number, number, number],
      filterShape: filter.shape as [number, number, number, number],
      strides: attrs.strides,
      pad: attrs.pad,
      dimRoundingMode: attrs.dimRoundingMode,
    });
    const k = patchSize(g);
    const perImage = positionsPerImage(g);
    if (k < minPatchTaps) return directRoute() && g.outC % 32 === 0 ? convDirectly(native, backend, x, filter, g) : runKernel(original, backend, args.inputs, args.attrs);
    if (implicitRoute()) return convImplicitly(native, backend, x, filter, g);
    if (!patchRoute() || !gemmIsNative(backend, g.batch * perImage, k, g.outC)) return runKernel(original, backend, args.inputs, args.attrs);
    const chunk = imagesPerChunk(g, PATCH_FLOATS);
    const outShape = [g.batch, g.outH, g.outW, g.outC];
    if (chunk >= g.batch) {
      const cols = allocF32(backend, [g.batch * perImage, k]);
      writePatches(native, backend, x, cols, g, 0, g.batch);
      const y = gemm(backend, cols, g.batch * perImage, k, filter, g.outC);
      release(backend, cols);
      return viewAs(y, outShape);
    }
    // A big batch: a few images at a time, each product copied into its rows of y.
    const y = allocF32(backend, outShape);
    for (let n0 = 0; n0 < g.batch; n0 += chunk) {
      const n1 = Math.min(g.batch, n0 + chunk);
      const rows = (n1 - n0) * perImage;
      const cols = allocF32(backend, [rows, k]);
      writePatches(native, backend, x, cols, g, n0, n1);
      const part = gemm(backend, cols, rows, k, filter, g.outC);
      const heap = heapF32(backend);
      const from = heapIndex(backend, part);
      heap.copyWithin(heapIndex(backend, y) + n0 * perImage * g.outC, from, from + rows * g.outC);
      release(backend, part);
      release(backend, cols);
    }
    return y;
  };
}

/** Kernel config: Conv2D for 'wasm', delegating to `original` unless the patch route is wanted. */
export function conv2dConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2D,
    backendName: WASM,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: makeConv2D(original),
  };
}
