// Rows `npm run bench` adds for issue 16 (kept out of bench.mjs so that it stays one small edit):
// - the WebAssembly matrix-product ceiling in the browser, 1 thread and N threads (N = cores);
// - tfjs `model.fit` on stock tfjs-backend-wasm plus only Conv2DBackpropFilter (the kernel it lacks to
//   train conv nets), the baseline "our loop ≥ 1.5× model.fit" is measured against;
// - Keras 3 / TensorFlow `model.fit` on the CPU, from the project's own .venv when it has TensorFlow;
// - per model: GFLOP/s of our loop and its share of the N-thread ceiling, and the ratios to Keras.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/** Opens bench.html with `params` and returns its final state ({results, ceilings, log}). */
export async function runBenchPage(browser, port, params, say = () => {}) {
  const page = await browser.newPage();
  try {
    await page.goto(`http://localhost:${port}/bench.html?${new URLSearchParams(params)}`);
    let shown = 0;
    for (;;) {
      const state = await page.evaluate(() => window.__bench);
      for (const line of state.log.slice(shown)) say(`browser: ${line}`);
      shown = state.log.length;
      if (state.done) {
        if (state.error) throw new Error(`bench page failed: ${state.error}`);
        return state;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await page.close();
  }
}

/** The matmul ceiling (GFLOP/s, 1024² products on tfjs-wasm's XNNPACK) for each thread count. */
export async function ceilingBench(browser, port, say, threadCounts = [...new Set([1, availableParallelism()])]) {
  const ceilings = [];
  for (const threads of threadCounts) {
    const state = await runBenchPage(browser, port, { models: '', backends: 'wasm', ceiling: '1', threads: String(threads), fit: '0' }, say);
    ceilings.push(...state.ceilings.map((c) => ({ ...c, requestedThreads: threads })));
  }
  return ceilings;
}

/**
 * Wall time for `model` (the app's own training settings) to reach `target` test accuracy in the browser
 * with the automatic backend choice's wasm; null fields when it did not within maxSeconds.
 */
export async function timeToResultBench(browser, port, say, { model = 'fashion-cnn', target = 0.9, maxSeconds = 900 } = {}) {
  const state = await runBenchPage(browser, port, { models: '', backends: 'wasm', ttr: model, target: String(target), maxSeconds: String(maxSeconds) }, say);
  return state.timeToResult ?? null;
}

/** Our loop on one thread (the single-threaded build), to set the automatic N threads against. */
export async function oneThreadBench(browser, port, models, batch, seconds, say) {
  const state = await runBenchPage(browser, port, { models: models.join(','), backends: 'wasm', threads: '1', fit: '0', batch: String(batch), seconds: String(seconds) }, say);
  return state.results.map((r) => ({ ...r, runner: 'ours, 1 thread' }));
}

/** tfjs model.fit on stock tfjs-wasm + Conv2DBackpropFilter only, in the browser. */
export async function stockFitBench(browser, port, models, batch, seconds, say) {
  const state = await runBenchPage(browser, port, { models: models.join(','), backends: 'wasm', stock: '1', ours: '0', batch: String(batch), seconds: String(seconds) }, say);
  return state.results;
}

/** Keras / TensorFlow model.fit rows, or [] (with a note) when no Python with TensorFlow is found. */
export function kerasBench(root, models, batch, seconds, say) {
  const kerasModels = models.filter((m) => m !== 'tiny');
  const pythons = [resolve(root, '.venv/bin/python'), 'python3'].filter((p) => p === 'python3' || existsSync(p));
  for (const python of pythons) {
    const probe = spawnSync(python, ['-c', 'import tensorflow, keras'], { stdio: 'ignore' });
    if (probe.status !== 0) continue;
    const out = spawnSync(python, ['scripts/bench_keras.py', kerasModels.join(','), String(batch), String(seconds)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const line = out.stdout.split('\n').reverse().find((l) => l.startsWith('{'));
    if (out.status !== 0 || !line) {
      say(`Keras bench failed (exit ${out.status})`);
      return [];
    }
    const doc = JSON.parse(line);
    return doc.results.map((r) => ({ model: r.model, backend: `tf ${doc.tensorflow} cpu`, runner: 'keras fit', where: 'native', batch: r.batch, examplesPerSecond: r.examplesPerSecond }));
  }
  say('no Python with TensorFlow (npm run python-env makes .venv): the Keras row is skipped');
  return [];
}

/** The middle value, or the mean of the middle two of an even count (as benchWorker's `middle`). */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = sorted.length >> 1;
  return sorted.length % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/**
 * One ceiling per thread count from several passes of ceilingBench: the median pass, with every pass's
 * value kept (`samples`). One pass is seven products, a fraction of a second: on a shared host whose
 * speed drifts by 10–30 % within minutes, a single snapshot taken apart from our loop made "% of the
 * ceiling" swing between runs; passes before, amid and after our loop's rounds bracket them.
 */
export function mergeCeilings(passes) {
  const byThreads = new Map();
  for (const c of passes.flat()) byThreads.set(c.threads, [...(byThreads.get(c.threads) ?? []), c]);
  return [...byThreads.values()].map((list) => {
    const samples = list.map((c) => c.gflops);
    return { ...list[0], gflops: median(samples), samples };
  });
}

/** Per model: our loop in the browser against the ceiling, Keras and the stock model.fit baseline. */
export function extraRatios(results, ceilings) {
  const best = ceilings.reduce((a, c) => (c.gflops > (a?.gflops ?? 0) ? c : a), null);
  const single = ceilings.find((c) => c.threads === 1) ?? null;
  const rows = [];
  for (const r of results.filter((x) => x.runner === 'ours' && x.where === 'browser' && x.backend === 'wasm')) {
    const gflops = r.flopsPerExample ? (r.examplesPerSecond * r.flopsPerExample) / 1e9 : null;
    const keras = results.find((x) => x.runner === 'keras fit' && x.model === r.model);
    const stock = results.find((x) => x.runner === 'fit, stock wasm' && x.model === r.model);
    const fit = results.find((x) => x.runner === 'model.fit' && x.where === 'browser' && x.backend === 'wasm' && x.model === r.model);
    const one = results.find((x) => x.runner === 'ours, 1 thread' && x.model === r.model);
    rows.push({
      model: r.model,
      threads: r.wasmThreads ?? null,
      examplesPerSecond: r.examplesPerSecond,
      gflops,
      ceilingThreads: best?.threads ?? null,
      ceilingGflops: best?.gflops ?? null,
      percentOfCeiling: gflops !== null && best ? (100 * gflops) / best.gflops : null,
      ceilingExamplesPerSecond: best && r.flopsPerExample ? (best.gflops * 1e9) / r.flopsPerExample : null,
      percentOfOneThreadCeiling: gflops !== null && single ? (100 * gflops) / single.gflops : null,
      vsKeras: keras ? r.examplesPerSecond / keras.examplesPerSecond : null,
      vsStockModelFit: stock ? r.examplesPerSecond / stock.examplesPerSecond : null,
      vsModelFit: fit ? r.examplesPerSecond / fit.examplesPerSecond : null,
      vsOneThread: one ? r.examplesPerSecond / one.examplesPerSecond : null,
    });
  }
  return rows;
}

export function printExtras(ceilings, rows, timeToResult = null) {
  const fmt = (v, d = 1) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(d));
  if (timeToResult) {
    const reached = timeToResult.seconds === null ? `not reached (${timeToResult.epochs.length} epochs)` : `${fmt(timeToResult.seconds, 0)} s`;
    const curve = timeToResult.epochs.map((e) => `${e.accuracy.toFixed(4)} @ ${e.seconds.toFixed(0)} s`).join(', ');
    console.log(`\nTime to result in the browser (${timeToResult.backend}): ${timeToResult.model} to ≥ ${timeToResult.target} test accuracy: ${reached} [${curve}]`);
  }
  console.log('\nWebAssembly matmul ceiling in the browser (1024² products, XNNPACK SIMD)');
  for (const c of ceilings) {
    const passes = c.samples?.length > 1 ? ` (median of passes ${c.samples.map((g) => fmt(g)).join(', ')}: before, amid and after our loop)` : '';
    console.log(`  ${c.threads} thread(s): ${fmt(c.gflops)} GFLOP/s${passes}`);
  }
  console.log('\nOur loop in the browser (wasm) against the ceiling, Keras and stock tfjs-wasm model.fit');
  const header = ['model', 'threads', 'ours/s', 'GFLOP/s', '% ceiling', 'ceiling ex/s', '% 1-thread', '÷ Keras', '÷ stock fit', '÷ model.fit', '÷ 1 thread'];
  console.log(header.map((h) => h.padEnd(13)).join(''));
  for (const r of rows) {
    const cells = [r.model, r.threads ?? '—', fmt(r.examplesPerSecond), fmt(r.gflops), fmt(r.percentOfCeiling), fmt(r.ceilingExamplesPerSecond, 0), fmt(r.percentOfOneThreadCeiling), fmt(r.vsKeras, 2), fmt(r.vsStockModelFit, 2), fmt(r.vsModelFit, 2), fmt(r.vsOneThread, 2)];
    console.log(cells.map((c) => String(c).padEnd(13)).join(''));
  }
}
