/**
 * Patch extraction (im2col) and its adjoint (col2im) for NHWC images, working on one flat
 * Float32Array with offsets so that input, patches and output can all live in the wasm heap.
 *
 * Layout of the patch matrix: one row per output position p = (n, oy, ox) of the images
 * [n0, n1), one column per filter tap k = (fy, fx, c), i.e. exactly the row-major layout of a
 * TensorFlow filter [fh, fw, inC, outC] flattened to [fh·fw·inC, outC]. With it:
 *   forward conv      y[P, outC]    = cols[P, K] · W[K, outC]
 *   filter gradient   dW[K, outC]   = colsᵀ[K, P] · dy[P, outC]
 *   input gradient    cols[P, K]    = dy[P, outC] · Wᵀ[outC, K], then dx = col2im(cols)
 */

/** Everything the loops need to know about one 2-D convolution (dilation 1). */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/** Columns of the patch matrix: fh·fw·inC. */
export function patchSize(g: ConvGeometry): number {
  return g.filterH * g.filterW * g.inC;
}

/** Rows of the patch matrix per image: outH·outW. */
export function positionsPerImage(g: ConvGeometry): number {
  return g.outH * g.outW;
}

/**
 * Writes the patch rows of images [n0, n1) of x (at heap[xAt…]) to heap[colsAt…]
 * ((n1 − n0)·outH·outW rows of fh·fw·inC floats). Positions outside the image read as 0.
 */
export function im2col(
  heap: Float32Array,
  xAt: number,
  colsAt: number,
  g: ConvGeometry,
  n0: number,
  n1: number,
): void {
  const { inH, inW, inC, outH, outW, filterH, filterW, strideH, strideW, padTop, padLeft } = g;
  const rowLen = filterW * inC;
  let dst = colsAt;
  for (let n = n0; n < n1; n++) {
    const image = xAt + n * inH * inW * inC;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * strideW - padLeft;
        // Columns of this patch that fall inside the image: [fxLo, fxHi).
        const fxLo = ix0 < 0 ? -ix0 : 0;
        const fxHi = Math.min(filterW, inW - ix0);
        for (let fy = 0; fy < filterH; fy++) {
          const iy = iy0 + fy;
          if (iy < 0 || iy >= inH || fxHi <= fxLo) {
            heap.fill(0, dst, dst + rowLen);
            dst += rowLen;
            continue;
          }
          if (fxLo > 0) heap.fill(0, dst, dst + fxLo * inC);
          // The in-image part of a filter row is one contiguous run of x: a native memmove.
          const src = image + (iy * inW + ix0 + fxLo) * inC;
          heap.copyWithin(dst + fxLo * inC, src, src + (fxHi - fxLo) * inC);
          if (fxHi < filterW) heap.fill(0, dst + fxHi * inC, dst + rowLen);
          dst += rowLen;
        }
      }
    }
  }
}

/**
 * Adds the patch rows of images [n0, n1) (heap[colsAt…], laid out as `im2col` writes them)
 * back onto their image positions in dx (heap[dxAt…]); taps outside the image are dropped.
 * dx must be zeroed (or hold a partial sum) beforehand.
 */
export function col2imAdd(
  heap: Float32Array,
  colsAt: number,
  dxAt: number,
  g: ConvGeometry,
  n0: number,
  n1: number,
): void {
  const { inH, inW, inC, outH, outW, filterH, filterW, strideH, strideW, padTop, padLeft } = g;
  const rowLen = filterW * inC;
  let src = colsAt;
  for (let n = n0; n < n1; n++) {
    const image = dxAt + n * inH * inW * inC;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * strideW - padLeft;
        const fxLo = ix0 < 0 ? -ix0 : 0;
        const fxHi = Math.min(filterW, inW - ix0);
        for (let fy = 0; fy < filterH; fy++) {
          const iy = iy0 + fy;
          if (iy >= 0 && iy < inH && fxHi > fxLo) {
            const from = src + fxLo * inC;
            const to = image + (iy * inW + ix0 + fxLo) * inC;
            const len = (fxHi - fxLo) * inC;
            for (let i = 0; i < len; i++) heap[to + i] += heap[from + i];
          }
          src += rowLen;
        }
      }
    }
  }
}

/** The loops' view of a tfjs Conv2DInfo; refuses what they cannot do. */
export function geometryOf(info: {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  dataFormat: 'channelsFirst' | 'channelsLast';
  padInfo: { top: number; left: number };
}): ConvGeometry {
  if (info.dataFormat !== 'channelsLast') {
    throw new Error(
      'wasm training kernels: only NHWC (channelsLast) convolutions are supported; use dataFormat NHWC.',
    );
  }
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('wasm training kernels: dilated convolutions have no gradient in tfjs; use dilation 1.');
  }
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    filterH: info.filterHeight,
    filterW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * Patch matrices are built and multiplied a few images at a time, ≤ 2 MiB per chunk: the
 * product then streams from cache (measured ≈ 8 % faster than one big matrix for the Fashion
 * CNN's filter gradient) and memory stays bounded for any batch size.
 */
export const PATCH_CHUNK_FLOATS = 512 * 1024;

/**
 * How many images to process per patch-matrix chunk so that the matrix stays under
 * `budgetFloats` (at least one image, at most the whole batch).
 */
export function imagesPerChunk(g: ConvGeometry, budgetFloats = PATCH_CHUNK_FLOATS): number {
  const perImage = positionsPerImage(g) * patchSize(g);
  return Math.max(1, Math.min(g.batch, Math.floor(budgetFloats / Math.max(1, perImage))));
}

/**
 * The transposed patch matrix for single-channel images: row k = (fy, fx) holds, for every
 * output position p of images [n0, n1), the pixel that tap k sees (rows of (n1 − n0)·outH·outW
 * floats at heap[colsTAt + k·rows…]). With one channel each such row is made of contiguous
 * runs of x, so it is built with block copies; first conv layers (inC = 1) use it so that the
 * filter gradient is colsT · dy, with the large dy packed as-is instead of transposed.
 */
export function im2colTransposedSingleChannel(
  heap: Float32Array,
  xAt: number,
  colsTAt: number,
  g: ConvGeometry,
  n0: number,
  n1: number,
): void {
  if (g.inC !== 1) throw new Error(`im2colTransposedSingleChannel needs inC = 1, got ${g.inC}.`);
  const { inH, inW, outH, outW, filterH, filterW, strideH, strideW, padTop, padLeft } = g;
  const rows = (n1 - n0) * outH * outW;
  for (let fy = 0; fy < filterH; fy++) {
    for (let fx = 0; fx < filterW; fx++) {
      let dst = colsTAt + (fy * filterW + fx) * rows;
      // Output columns whose tap lands inside the image: ox in [oxLo, oxHi).
      const oxLo = Math.max(0, Math.ceil((padLeft - fx) / strideW));
      const oxHi = Math.min(outW, Math.floor((inW - 1 + padLeft - fx) / strideW) + 1);
      for (let n = n0; n < n1; n++) {
        const image = xAt + n * inH * inW;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * strideH - padTop + fy;
          if (iy < 0 || iy >= inH || oxHi <= oxLo) {
            heap.fill(0, dst, dst + outW);
          } else {
            if (oxLo > 0) heap.fill(0, dst, dst + oxLo);
            const src = image + iy * inW + oxLo * strideW - padLeft + fx;
            if (strideW === 1) {
              heap.copyWithin(dst + oxLo, src, src + (oxHi - oxLo));
            } else {
              for (let ox = oxLo; ox < oxHi; ox++) heap[dst + ox] = heap[src + (ox - oxLo) * strideW];
            }
            if (oxHi < outW) heap.fill(0, dst + oxHi, dst + outW);
          }
          dst += outW;
        }
      }
    }
  }
}
