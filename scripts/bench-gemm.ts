/**
 * GFLOP/s of the bare matrix product on the wasm heap, one thread: our kernel (kernels.wat gemmPackB +
 * gemm, packing b on every call) in its relaxed-SIMD (fused multiply-add) and plain binaries, against
 * XNNPACK through the backend's BatchMatMul (which caches its packed b across calls with the same b,
 * its best case). The three take turns, `--rounds` times, in one process: on these shared machines only
 * side-by-side numbers compare. Prints the best and the median round of each.
 *
 *   npx tsx scripts/bench-gemm.ts [--shapes 7744x288x64,288x7744x64] [--rounds 9] [--json]
 *
 * The default shapes (M×K×N) are the Fashion CNN's conv2 forward (im2col), its filter gradient, its
 * input gradient, the dense 1600→128 forward and weight gradient, and the MNIST CNN's Dense 1000.
 */
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { setNativeGemmEnabled } from '../src/engine/backends/gemm';
import { backendMemory, instantiateKernels, type NativeKernels } from '../src/engine/backends/native/nativeKernels';
import { registerWasmTrainingKernels } from '../src/engine/backends/wasmTrainingKernels';
import { allocF32, asWasmBackend, heapIndex, release, type WasmBackend } from '../src/engine/backends/wasmBackendAccess';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

const DEFAULT_SHAPES = '7744x288x64,288x7744x64,7744x64x288,64x1600x128,1600x64x128,64x3136x1000,3136x64x1000,3136x1000x64';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Milliseconds per call of `run`, over ≥ 0.25 s worth of calls. */
function time(run: () => void, flops: number): number {
  const calls = Math.max(2, Math.ceil(1e10 / 40 / flops));
  const t = performance.now();
  for (let i = 0; i < calls; i++) run();
  return (performance.now() - t) / calls;
}

function ours(kernels: NativeKernels, backend: WasmBackend, a: tf.Tensor, b: tf.Tensor, m: number, k: number, n: number) {
  return () => {
    const panels = Math.ceil(n / 8);
    const packed = allocF32(backend, [panels * 8 * k]);
    const c = allocF32(backend, [m, n]);
    const at = (t: tf.TensorInfo) => 4 * heapIndex(backend, t);
    kernels.gemmPackB(at(b), at(packed), k, n, 0, panels);
    kernels.gemm(at(a), at(packed), at(c), 0, m, k, n, 0, 0, panels);
    release(backend, packed);
    release(backend, c);
  };
}

async function main(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  const backend = asWasmBackend(tf.backend());
  const memory = backendMemory(backend);
  if (memory === null) throw new Error('no wasm memory');
  const relaxed = instantiateKernels(memory, true);
  const plain = instantiateKernels(memory, false);
  const rounds = Math.max(1, Number(arg('rounds', '9')) || 9);
  const rows: Record<string, number | string>[] = [];
  for (const shape of arg('shapes', DEFAULT_SHAPES).split(',')) {
    const [m, k, n] = shape.split('x').map(Number);
    const a = tf.randomUniform([m, k], -1, 1, 'float32', 1);
    const b = tf.randomUniform([k, n], -1, 1, 'float32', 2);
    const flops = 2 * m * k * n;
    const variants: Record<string, () => void> = {
      relaxed: ours(relaxed, backend, a, b, m, k, n),
      plain: ours(plain, backend, a, b, m, k, n),
      xnnpack: () => {
        setNativeGemmEnabled(false);
        tf.matMul(a, b).dispose();
        setNativeGemmEnabled(true);
      },
    };
    const times: Record<string, number[]> = { relaxed: [], plain: [], xnnpack: [] };
    for (const run of Object.values(variants)) run(); // warm up (and let V8 tier up)
    for (let r = 0; r < rounds; r++) for (const [name, run] of Object.entries(variants)) times[name].push(time(run, flops));
    const gf = (ms: number) => flops / ms / 1e6;
    const row: Record<string, number | string> = { shape: `${m}×${k}·${k}×${n}` };
    for (const name of Object.keys(variants)) {
      row[`${name} best`] = Number(gf(Math.min(...times[name])).toFixed(1));
      row[`${name} median`] = Number(gf(median(times[name])).toFixed(1));
    }
    row['best ratio relaxed/xnnpack'] = Number(((row['relaxed best'] as number) / (row['xnnpack best'] as number)).toFixed(2));
    rows.push(row);
    process.stderr.write(`${row.shape}: relaxed ${row['relaxed best']}, plain ${row['plain best']}, xnnpack ${row['xnnpack best']} GFLOP/s\n`);
    tf.dispose([a, b]);
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
