/**
 * MaxPoolGrad for the wasm backend, replacing the backend's per-element gather (which, for
 * every input pixel, revisits every window that could contain it). Here every pooling window
 * is visited once, in native SIMD code (native/kernels.wat; the JavaScript loop below remains for a
 * backend whose memory cannot be reached, and is the kernel's reference in the tests): the first strictly largest input of the window receives the window's
 * gradient (tfjs's cpu semantics, ties to the earliest position in row-major order).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from './native/nativeKernels';
import { runSplit, SPLIT_GRAIN_FLOATS } from './native/nativeSplit';
import { allocF32, asWasmBackend, heapF32, heapIndex, input, WASM } from './wasmBackendAccess';

function maxPoolGrad(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const dy = input(args.inputs, 'dy', 'MaxPoolGrad');
  const x = input(args.inputs, 'input', 'MaxPoolGrad');
  const attrs = (args.attrs ?? {}) as unknown as tf.MaxPoolGradAttrs;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`MaxPoolGrad on wasm needs float32 tensors, got input ${x.dtype} and dy ${dy.dtype}.`);
  }
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels: c,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
  } = info;
  const fh = info.effectiveFilterHeight;
  const fw = info.effectiveFilterWidth;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;

  const dx = allocF32(backend, x.shape);
  const native = nativeKernels(backend);
  if (native !== null) {
    const bytes = (info: tf.TensorInfo) => 4 * heapIndex(backend, info);
    const [xAt, dyAt, dxAt] = [x, dy, dx].map(bytes);
    const inImage = 4 * inHeight * inWidth * c;
    const outImage = 4 * outHeight * outWidth * c;
    // Windows that tile the input (Keras's default pool) need no zero fill and no scatter-add.
    const tiled = fh === strideHeight && fw === strideWidth && padTop === 0 && padLeft === 0;
    // Whole images per part: each writes (and first zeroes) only its own images of dx.
    runSplit(
      native, tiled ? 'maxPoolGradTiled' : 'maxPoolGrad', batchSize,
      (s, e) => [
        xAt + s * inImage, dyAt + s * outImage, dxAt + s * inImage,
        e - s, inHeight, inWidth, c, outHeight, outWidth, fh, fw,
        strideHeight, strideWidth, padTop, padLeft,
      ],
      Math.ceil((4 * SPLIT_GRAIN_FLOATS) / inImage),
    );
    return dx;
  }
  const heap = heapF32(backend);
  const xAt = heapIndex(backend, x);
  const dyAt = heapIndex(backend, dy);
  const dxAt = heapIndex(backend, dx);
  heap.fill(0, dxAt, dxAt + batchSize * inHeight * inWidth * c);
  // Running maximum and its offset (relative to the image) for every channel of one window.
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  let dyRow = dyAt;
  for (let n = 0; n < batchSize; n++) {
    const image = n * inHeight * inWidth * c;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = Math.max(0, oy * strideHeight - padTop);
      const y1 = Math.min(inHeight, oy * strideHeight - padTop + fh);
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = Math.max(0, ox * strideWidth - padLeft);
        const x1 = Math.min(inWidth, ox * strideWidth - padLeft + fw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const pixel = image + (iy * inWidth + ix) * c;
            const from = xAt + pixel;
            for (let ch = 0; ch < c; ch++) {
              const v = heap[from + ch];
              if (v > best[ch]) {
                best[ch] = v;
                where[ch] = pixel + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) {
          if (where[ch] >= 0) heap[dxAt + where[ch]] += heap[dyRow + ch];
        }
        dyRow += c;
      }
    }
  }
  return dx;
}

/** Kernel config: MaxPoolGrad for 'wasm' (overrides the backend's gather loop). */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: WASM,
  kernelFunc: maxPoolGrad as tf.KernelFunc,
};
