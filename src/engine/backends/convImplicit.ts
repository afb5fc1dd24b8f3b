/**
 * Convolutions on the wasm heap without a patch matrix, on our native kernels (kernels.wat), split across
 * the native pool. All three read a zero-padded copy of the input (`padImages`), so no tap is ever
 * outside it:
 * - convDirect, for layers with few taps (a first layer's 3×3 over one channel): each output pixel's 32
 *   channels summed in registers, one splat of the input per tap. XNNPACK ran the Fashion CNN's first
 *   layer at 10–14 GFLOP/s on its one thread.
 * - convImplicit, for the rest: the patch route's matrix product (tile4) run straight over the padded
 *   input, one filter row's taps at a time. The patch matrix it no longer writes and reads back was 9 or
 *   25 times the input (14 MB for the Fashion CNN's second layer); the padded images stay in cache.
 *   Stride-1 input gradients are such a convolution too (conv2dBackpropInput.ts).
 * - convFilterGrad, the filter gradient as the same kind of product (dWᵀ = dyᵀ · cols), split by tiles
 *   of dW rather than by images, so that no partial sums need adding up (conv2dBackpropFilter.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './im2col';
import { positionsPerImage, patchSize } from './im2col';
import type { NativeKernels } from './native/nativeKernels';
import { runSplit, SPLIT_GRAIN_FLOATS, SPLIT_GRAIN_MACS } from './native/nativeSplit';
import { allocF32, heapF32, heapIndex, release, type WasmBackend } from './wasmBackendAccess';

interface Padded {
  tensor: tf.TensorInfo;
  inHp: number;
  inWp: number;
}

/** x zero-padded as the geometry needs (x itself when it needs none); release `tensor` if it is not x. */
function padded(native: NativeKernels, backend: WasmBackend, x: tf.TensorInfo, g: ConvGeometry): Padded {
  const padBottom = Math.max(0, (g.outH - 1) * g.strideH + g.filterH - g.inH - g.padTop);
  const padRight = Math.max(0, (g.outW - 1) * g.strideW + g.filterW - g.inW - g.padLeft);
  const inHp = g.inH + g.padTop + padBottom;
  const inWp = g.inW + g.padLeft + padRight;
  if (inHp === g.inH && inWp === g.inW) return { tensor: x, inHp, inWp };
  const tensor = allocF32(backend, [g.batch, inHp, inWp, g.inC]);
  const [xAt, xpAt] = [x, tensor].map((t) => 4 * heapIndex(backend, t));
  const grain = Math.max(1, Math.ceil(SPLIT_GRAIN_FLOATS / (inHp * inWp * g.inC)));
  runSplit(native, 'padImages', g.batch, (n0, n1) => [xAt, xpAt, n0, n1, g.inH, g.inW, g.inC, inHp, inWp, g.padTop, g.padLeft], grain);
  return { tensor, inHp, inWp };
}

/** Images per part of a split: about SPLIT_GRAIN_MACS multiply-adds, at least one. */
function imageGrain(g: ConvGeometry): number {
  return Math.max(1, Math.ceil(SPLIT_GRAIN_MACS / Math.max(1, positionsPerImage(g) * g.outC * patchSize(g))));
}

/** y = conv(x, filter) for a layer with few taps and outC a multiple of 32 (kernels.wat convDirect). */
export function convDirectly(native: NativeKernels, backend: WasmBackend, x: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const xp = padded(native, backend, x, g);
  const y = allocF32(backend, [g.batch, g.outH, g.outW, g.outC]);
  const [xpAt, wAt, yAt] = [xp.tensor, filter, y].map((t) => 4 * heapIndex(backend, t));
  runSplit(native, 'convDirect', g.batch, (n0, n1) => [
    xpAt, wAt, yAt, n0, n1, xp.inHp, xp.inWp, g.inC, g.outH, g.outW, g.filterH, g.filterW, g.strideH, g.strideW, g.outC,
  ], imageGrain(g));
  if (xp.tensor !== x) release(backend, xp.tensor);
  return y;
}

/**
 * y [batch, outH, outW, outC] = conv(x, filter) as an implicit product (kernels.wat convImplicit), with
 * filter read as the [fh·fw·inC, outC] matrix it is in memory.
 */
export function convImplicitly(native: NativeKernels, backend: WasmBackend, x: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const k = patchSize(g);
  const panels = Math.ceil(g.outC / 8);
  const packed = allocF32(backend, [Math.max(1, panels * 8 * k)]);
  const [wAt, packedAt] = [filter, packed].map((t) => 4 * heapIndex(backend, t));
  runSplit(native, 'gemmPackB', panels, (p0, p1) => [wAt, packedAt, k, g.outC, p0, p1], Math.max(1, Math.ceil(16384 / Math.max(1, k))));
  const xp = padded(native, backend, x, g);
  const y = allocF32(backend, [g.batch, g.outH, g.outW, g.outC]);
  const [xpAt, yAt] = [xp.tensor, y].map((t) => 4 * heapIndex(backend, t));
  runSplit(native, 'convImplicit', g.batch, (n0, n1) => [
    xpAt, packedAt, yAt, n0, n1, xp.inHp, xp.inWp, g.inC, g.outH, g.outW, g.filterH, g.filterW, g.strideH, g.strideW, g.outC,
  ], imageGrain(g));
  if (xp.tensor !== x) release(backend, xp.tensor);
  release(backend, packed);
  return y;
}

/** Whether filterGradImplicitly takes this geometry: a tile's 4 channels and 8 taps (in one filter row). */
export function filterGradImplicitFits(g: ConvGeometry): boolean {
  return g.inC > 1 && g.outC % 4 === 0 && (g.filterW * g.inC) % 8 === 0;
}

/**
 * dW [fh, fw, inC, outC] = the filter gradient of x and dy (kernels.wat convFilterGrad), for geometries
 * filterGradImplicitFits accepts; split by tiles of 4 channels × 8 taps, each summed over every image.
 */
export function filterGradImplicitly(
  native: NativeKernels,
  backend: WasmBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  g: ConvGeometry,
  filterShape: [number, number, number, number],
): tf.TensorInfo {
  const k = patchSize(g);
  const dw = allocF32(backend, filterShape);
  const dwAt = 4 * heapIndex(backend, dw);
  if (g.batch === 0) {
    heapF32(backend).fill(0, dwAt / 4, dwAt / 4 + k * g.outC);
    return dw;
  }
  const xp = padded(native, backend, x, g);
  const scratch = allocF32(backend, [Math.max(1, k * g.outC)]);
  const [xpAt, dyAt, scratchAt] = [xp.tensor, dy, scratch].map((t) => 4 * heapIndex(backend, t));
  const tiles = (g.outC / 4) * (k / 8);
  const perTile = g.batch * positionsPerImage(g) * 32; // multiply-adds
  runSplit(native, 'convFilterGrad', tiles, (t0, t1) => [
    xpAt, dyAt, scratchAt, dwAt, g.batch, xp.inHp, xp.inWp, g.inC, g.outH, g.outW,
    g.filterH, g.filterW, g.strideH, g.strideW, g.outC, t0, t1,
  ], Math.max(1, Math.ceil(SPLIT_GRAIN_MACS / Math.max(1, perTile))));
  release(backend, scratch);
  if (xp.tensor !== x) release(backend, xp.tensor);
  return dw;
}
