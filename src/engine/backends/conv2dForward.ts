/**
 * Conv2D for the wasm backend on our own kernels (convImplicit.ts), split by images across the native
 * pool: layers with MIN_TAPS taps or more (fh·fw·inC) as an implicit matrix product straight over the
 * zero-padded input, fewer-tap layers with 32k output channels (a first layer's 3×3 over one channel)
 * by convDirect. Both by default where our product has fused multiply-add (relaxed SIMD); with the
 * plain binary, and for every other layer, tfjs-wasm's XNNPACK convolution stays, which multiplies with
 * separate SIMD multiplies and adds on XNNPACK's own (single, beside the pool) thread.
 *
 * An explicit patch matrix (im2col, then our product) was the route before the implicit one; it wrote
 * and read back 9 or 25 times the input, and the implicit product does the same multiply-adds in the
 * same order without it.
 *
 * Only the unfused kernel is replaced: tfjs runs it while gradients are recorded (training); inference
 * uses FusedConv2D, which stays on XNNPACK with its cached, packed filters.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientGeometry } from './convGradientGeometry';
import { convDirectly, convImplicitly } from './convImplicit';
import { patchSize } from './im2col';
import { nativeKernels, relaxedSimdSupported } from './native/nativeKernels';
import { asWasmBackend, input, runKernel, WASM } from './wasmBackendAccess';

/** Fewest taps (fh·fw·inC) for the implicit product; fewer-tap layers take convDirect or XNNPACK. */
export const MIN_TAPS = 32;
/** Patch matrices up to this many floats are built in one piece (16 MiB), where a route still needs one. */
export const PATCH_FLOATS = 4 * 1024 * 1024;

let minTaps = MIN_TAPS;

/** Whether a layer with fewer taps than that runs on convDirect (true) or on XNNPACK. */
let directRoute: () => boolean = relaxedSimdSupported;

/** Decides, per call, whether few-tap layers take the direct route (tests and side-by-side measurements). */
export function setConvDirectRoute(wanted: () => boolean): void {
  directRoute = wanted;
}

/** Whether layers with enough taps run as an implicit product (true) or on XNNPACK. */
let implicitRoute: () => boolean = relaxedSimdSupported;

/** Decides, per call, whether the implicit route is wanted (tests and side-by-side measurements). */
export function setConvImplicitRoute(wanted: () => boolean): void {
  implicitRoute = wanted;
}

/** Whether Conv2D takes the implicit route now (Conv2DBackpropInput then goes through Conv2D). */
export function convImplicitWanted(): boolean {
  return implicitRoute();
}

/** Bench only: the fewest taps the implicit route takes (MIN_TAPS by default). */
export function setMinTaps(taps: number): void {
  minTaps = taps;
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
    if (native === null || !plain) return runKernel(original, backend, args.inputs, args.attrs);
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
    if (patchSize(g) >= minTaps) {
      return implicitRoute() ? convImplicitly(native, backend, x, filter, g) : runKernel(original, backend, args.inputs, args.attrs);
    }
    return directRoute() && g.outC % 32 === 0 ? convDirectly(native, backend, x, filter, g) : runKernel(original, backend, args.inputs, args.attrs);
  };
}

/** Kernel config: Conv2D for 'wasm', delegating to `original` where our routes do not apply. */
export function conv2dConfig(original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2D,
    backendName: WASM,
    setupFunc: original.setupFunc,
    disposeFunc: original.disposeFunc,
    kernelFunc: makeConv2D(original),
  };
}
