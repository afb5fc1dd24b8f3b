/**
 * Training throughput in Node, per backend: examples/s of one optimiser step on a fixed,
 * resident batch of real images, steady state after warm-up, median of several repeats.
 *
 *   npx tsx scripts/bench-node.ts [--models tiny,fashion-cnn,mnist-cnn-1000] [--backends wasm,cpu]
 *        [--modes step,fit] [--batch 64] [--repeats 5] [--budget 60] [--profile] [--json]
 *        [--gemm native,xnnpack] [--rounds 3] [--no-relaxed]
 *
 * Modes: `step` = optimizer.minimize on the resident batch with no read back (how a busy
 * training loop runs); `fit` = model.trainOnBatch, the plain Keras-style baseline, which reads
 * the loss back every batch. `--budget` caps the seconds spent measuring one cell (the cpu
 * backend needs ~20 s per Fashion-CNN batch, so it gets fewer repeats). `--profile` adds the
 * per-kernel time of one step (tf.profile, least of five). `best` is the fastest repeat's examples/s. `--json` prints one JSON document instead of tables.
 * `--gemm` measures each wasm cell with our native matrix product and/or XNNPACK's (gemm.ts), taking
 * turns `--rounds` times in this one process (the machines are shared and drift: side by side is the
 * only fair comparison) and reporting the median of all of a variant's repeats. Relaxed SIMD (the fused
 * multiply-add binary, on by default in Chromium) is switched on in V8 unless `--no-relaxed`.
 */
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { setNativeGemmEnabled } from '../src/engine/backends/gemm';
import { relaxedSimdSupported } from '../src/engine/backends/native/nativeKernels';
import { registerWasmTrainingKernels } from '../src/engine/backends/wasmTrainingKernels';
import { wasmThreadCount, type WasmBackend } from '../src/engine/backends/wasmBackendAccess';
import { loadDatasetFromDisk } from '../src/engine/node/datasetSource';
import { buildModel, makeOptimizer } from '../src/engine/spec/build';
import { getPreset } from '../src/engine/spec/presets';
import {
  crossEntropyPerExample,
  outputIsProbabilities,
  regularizationPenalty,
} from '../src/engine/train/objective';
import type { DatasetName, ModelSpec } from '../src/engine/spec/types';

type Mode = 'step' | 'fit';
type Gemm = 'native' | 'xnnpack';

interface Options {
  models: string[];
  backends: string[];
  modes: Mode[];
  batch: number;
  repeats: number;
  budgetSeconds: number;
  profile: boolean;
  json: boolean;
  gemm: Gemm[];
  rounds: number;
  relaxed: boolean;
}

interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

interface CellResult {
  model: string;
  backend: string;
  mode: Mode;
  /** Which matrix product the wasm backend used (wasm cells only). */
  gemm?: Gemm;
  batch: number;
  examplesPerSecond: number;
  msPerStep: number;
  samples: number[];
  stepsPerRepeat: number;
  tensorLeakPerStep: number;
  profile?: KernelTime[];
  error?: string;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
  };
  const list = (name: string, fallback: string) => value(name, fallback).split(',').filter(Boolean);
  const modes = list('modes', 'step,fit').filter((m): m is Mode => m === 'step' || m === 'fit');
  return {
    models: list('models', 'tiny,fashion-cnn,mnist-cnn-1000'),
    backends: list('backends', 'wasm,cpu'),
    modes: modes.length > 0 ? modes : ['step'],
    batch: Math.max(1, Number(value('batch', '64')) || 64),
    repeats: Math.max(1, Number(value('repeats', '5')) || 5),
    budgetSeconds: Math.max(1, Number(value('budget', '60')) || 60),
    profile: argv.includes('--profile'),
    json: argv.includes('--json'),
    gemm: list('gemm', 'native').filter((g): g is Gemm => g === 'native' || g === 'xnnpack'),
    rounds: Math.max(1, Number(value('rounds', '1')) || 1),
    relaxed: !argv.includes('--no-relaxed'),
  };
}

/** The first `batch` training images of the preset's dataset, as resident tensors. */
async function residentBatch(spec: ModelSpec, dataset: DatasetName, batch: number) {
  const data = await loadDatasetFromDisk(dataset);
  const [h, w, c] = spec.inputShape;
  const pixels = new Float32Array(batch * h * w * c);
  for (let i = 0; i < pixels.length; i++) pixels[i] = data.train.images[i % data.train.images.length] / 255;
  const labels = Int32Array.from(data.train.labels.subarray(0, batch));
  return {
    xs: tf.tensor4d(pixels, [batch, h, w, c]),
    labels: tf.tensor1d(labels, 'int32'),
    oneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), spec.numClasses).toFloat(),
  };
}

function now(): number {
  return performance.now();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measureCell(
  presetId: string,
  backend: string,
  mode: Mode,
  options: Options,
): Promise<CellResult> {
  const preset = getPreset(presetId);
  if (!preset) throw new Error(`unknown preset '${presetId}'`);
  const spec = { ...preset.spec, training: { ...preset.spec.training, batchSize: options.batch } };
  const model = buildModel(spec);
  const optimizer = makeOptimizer(spec.training);
  const probabilities = outputIsProbabilities(spec);
  const { xs, labels, oneHot } = await residentBatch(spec, preset.dataset, options.batch);
  if (mode === 'fit') model.compile({ optimizer, loss: 'categoricalCrossentropy' });

  const step = async (): Promise<void> => {
    if (mode === 'fit') {
      await model.trainOnBatch(xs, oneHot);
      return;
    }
    optimizer.minimize(() => {
      const output = model.apply(xs, { training: true }) as tf.Tensor;
      const perExample = crossEntropyPerExample(output, labels, spec.numClasses, probabilities);
      return tf.add(tf.mean(perExample), regularizationPenalty(model)) as tf.Scalar;
    }, false);
  };
  // wasm and cpu run kernels synchronously, so a step is finished when it returns; reading one
  // weight keeps the timing honest on any backend that might not.
  const settle = async () => {
    await model.getWeights()[0].data();
  };

  const cell: CellResult = {
    model: presetId,
    backend,
    mode,
    batch: options.batch,
    examplesPerSecond: 0,
    msPerStep: 0,
    samples: [],
    stepsPerRepeat: 1,
    tensorLeakPerStep: 0,
  };
  try {
    const budgetMs = options.budgetSeconds * 1000;
    let t = now();
    await step();
    await settle();
    const firstMs = now() - t;
    // A step that eats a third of the budget (the cpu backend on conv nets) is its own warm-up:
    // one more measured step is all the budget allows.
    const slow = firstMs * 3 > budgetMs;
    let warmMs = firstMs;
    if (!slow) {
      // Warm up for a second or more, not one step: V8 tiers tfjs-wasm's kernels up to optimised code
      // in the background, and the process's first cell otherwise measured 0.8× the same cell run later.
      const warmUntil = now() + Math.min(1500, budgetMs / 6);
      do {
        t = now();
        await step();
        await settle();
        warmMs = now() - t;
      } while (now() < warmUntil);
    }
    // Aim for ≥ 0.5 s per repeat, but never blow the cell's budget.
    cell.stepsPerRepeat = Math.max(1, Math.ceil(500 / Math.max(warmMs, 1)));
    const repeats = slow
      ? 1
      : Math.max(
          1,
          Math.min(
            options.repeats,
            Math.floor((budgetMs - firstMs - warmMs) / (warmMs * cell.stepsPerRepeat)),
          ),
        );
    const tensorsBefore = tf.memory().numTensors;
    for (let r = 0; r < repeats; r++) {
      t = now();
      for (let s = 0; s < cell.stepsPerRepeat; s++) await step();
      await settle();
      const seconds = (now() - t) / 1000;
      cell.samples.push((cell.stepsPerRepeat * options.batch) / seconds);
    }
    cell.tensorLeakPerStep = (tf.memory().numTensors - tensorsBefore) / (repeats * cell.stepsPerRepeat);
    cell.examplesPerSecond = median(cell.samples);
    cell.msPerStep = (1000 * options.batch) / cell.examplesPerSecond;
    if (options.profile) cell.profile = await profileStep(step);
  } catch (error) {
    cell.error = error instanceof Error ? error.message : String(error);
  } finally {
    xs.dispose();
    labels.dispose();
    oneHot.dispose();
    optimizer.dispose();
    model.dispose();
  }
  return cell;
}

/**
 * Per-kernel time of one step: each kernel's total over a step, the least of five profiled steps (a
 * shared machine's interruptions only ever add time).
 */
async function profileStep(step: () => Promise<void>): Promise<KernelTime[]> {
  const best = new Map<string, KernelTime>();
  for (let run = 0; run < 5; run++) {
    const info = await tf.profile(step);
    const byKernel = new Map<string, KernelTime>();
    for (const k of info.kernels) {
      const entry = byKernel.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      entry.calls += 1;
      byKernel.set(k.name, entry);
    }
    for (const entry of byKernel.values()) {
      const known = best.get(entry.kernel);
      if (known === undefined || entry.ms < known.ms) best.set(entry.kernel, entry);
    }
  }
  return [...best.values()].sort((a, b) => b.ms - a.ms);
}

function fmt(n: number, digits = 1): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(digits);
}

function printTables(results: CellResult[], options: Options, threads: number): void {
  console.log(
    `\nNode ${process.version}, batch ${options.batch}, wasm threads ${threads}, relaxed SIMD ` +
      `${relaxedSimdSupported() ? 'on' : 'off'}; examples/s, median of repeats\n`,
  );
  const header = ['model', 'mode', 'backend', 'examples/s', 'ms/step', 'best', 'range', 'repeats×steps', 'vs cpu'];
  const label = (r: CellResult) => (r.gemm ? `${r.backend} (${r.gemm} gemm)` : r.backend);
  const rows: string[][] = [];
  for (const r of results) {
    const cpu = results.find(
      (o) => o.model === r.model && o.mode === r.mode && o.backend === 'cpu' && !o.error,
    );
    const ratio = cpu && !r.error ? `${fmt(r.examplesPerSecond / cpu.examplesPerSecond)}×` : '';
    rows.push(
      r.error
        ? [r.model, r.mode, label(r), 'failed', '', '', r.error.slice(0, 60), '', '']
        : [
            r.model,
            r.mode,
            label(r),
            fmt(r.examplesPerSecond),
            fmt(r.msPerStep),
            fmt(Math.max(...r.samples)),
            `${fmt(Math.min(...r.samples))}–${fmt(Math.max(...r.samples))}`,
            `${r.samples.length}×${r.stepsPerRepeat}`,
            ratio,
          ],
    );
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  for (const r of results.filter((o) => o.tensorLeakPerStep > 0)) {
    console.log(
      `warning: ${r.model}/${r.backend}/${r.mode} leaks ${fmt(r.tensorLeakPerStep)} tensors per step`,
    );
  }
  for (const r of results.filter((o) => o.profile)) {
    console.log(`\nper-kernel time of one step: ${r.model} on ${label(r)} (${r.mode})`);
    for (const k of r.profile!.slice(0, 12))
      console.log(`  ${k.kernel.padEnd(26)} ${fmt(k.ms).padStart(8)} ms  ×${k.calls}`);
  }
}

/** One cell from several rounds of the same measurement: all repeats pooled, median of them. */
function mergeRounds(cells: CellResult[]): CellResult {
  const failed = cells.find((c) => c.error);
  if (failed || cells.length === 1) return failed ?? cells[0];
  const samples = cells.flatMap((c) => c.samples);
  const examplesPerSecond = median(samples);
  return {
    ...cells[0],
    samples,
    examplesPerSecond,
    msPerStep: (1000 * cells[0].batch) / examplesPerSecond,
    tensorLeakPerStep: Math.max(...cells.map((c) => c.tensorLeakPerStep)),
    profile: cells.at(-1)?.profile,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // Before any module compiles: Node 20 has relaxed SIMD only behind this flag.
  if (options.relaxed) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTrainingKernels();
  const results: CellResult[] = [];
  let threads = 1;
  for (const backend of options.backends) {
    if (!(await tf.setBackend(backend))) {
      results.push({
        model: '*',
        backend,
        mode: 'step',
        batch: options.batch,
        examplesPerSecond: 0,
        msPerStep: 0,
        samples: [],
        stepsPerRepeat: 0,
        tensorLeakPerStep: 0,
        error: `backend ${backend} did not initialise`,
      });
      continue;
    }
    if (backend === 'wasm') threads = wasmThreadCount(tf.backend() as unknown as WasmBackend);
    for (const model of options.models) {
      for (const mode of options.modes) {
        const variants: (Gemm | undefined)[] = backend === 'wasm' ? options.gemm : [undefined];
        const rounds = variants.length > 1 ? options.rounds : 1;
        const cells = new Map<Gemm | undefined, CellResult[]>();
        for (let round = 0; round < rounds; round++) {
          for (const gemm of variants) {
            setNativeGemmEnabled(gemm !== 'xnnpack');
            const cell = await measureCell(model, backend, mode, options);
            cell.gemm = gemm;
            cells.set(gemm, [...(cells.get(gemm) ?? []), cell]);
            const outcome = cell.error ?? `${fmt(cell.examplesPerSecond)} examples/s`;
            process.stderr.write(`${model} ${mode} on ${backend}${gemm ? ` (${gemm} gemm)` : ''}: ${outcome}\n`);
          }
        }
        setNativeGemmEnabled(true);
        for (const list of cells.values()) results.push(mergeRounds(list));
      }
    }
  }
  if (options.json) {
    console.log(
      JSON.stringify({ node: process.version, batch: options.batch, wasmThreads: threads, results }, null, 2),
    );
  } else {
    printTables(results, options, threads);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
