/**
 * The WebAssembly matrix-product ceiling: GFLOP/s of one large square product on the active wasm
 * backend (XNNPACK's SIMD fully-connected path, the fastest arithmetic tfjs-wasm has), with however
 * many threads the backend was started with. "% of the ceiling" for a model is its training FLOP/s
 * over this number, so the bench says how much of what WebAssembly can do the loop really uses.
 */
import * as tf from '@tensorflow/tfjs';

export interface CeilingResult {
  threads: number;
  size: number;
  gflops: number;
}

/** Median GFLOP/s of `size`² × `size`² products over `repeats` timed runs after one warm-up. */
export async function measureMatMulCeiling(threads: number, size = 1024, repeats = 7): Promise<CeilingResult> {
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  const rates: number[] = [];
  try {
    for (let r = 0; r <= repeats; r++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      const ms = performance.now() - t0;
      c.dispose();
      if (r > 0) rates.push((2 * size * size * size) / (ms * 1e6));
    }
  } finally {
    tf.dispose([a, b]);
  }
  rates.sort((x, y) => x - y);
  return { threads, size, gflops: rates[rates.length >> 1] };
}
