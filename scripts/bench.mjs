#!/usr/bin/env node
// `npm run bench`: training throughput side by side in one run — in headless Chromium (the built app's
// bench page, via Playwright), in Node (scripts/bench-node.ts) and, where python3 has torch, natively in
// PyTorch — plus page metrics (navigation to interactive, dataset decode, main-thread long tasks while
// training) and the timing budgets with their targets (scripts/bench-budgets.mjs). Prints tables, or one
// JSON document with --json.
//
//   npm run bench [-- --json] [--quick] [--models tiny,fashion-cnn,mnist-cnn-1000]
//                 [--browser-backends wasm] [--slow-backends webgl,webgpu] [--slow-models tiny,fashion-cnn]
//                 [--node-backends wasm,cpu] [--seconds 6] [--no-build] [--time-to-result]
// Our loop and model.fit in the browser alternate three times each on the fast backends (one with --quick).
// Software-rendered WebGL / WebGPU train a few examples per second here, so they run only the smaller
// models by default (--slow-models): the MNIST CNN with Dense 1000 would take many minutes per cell.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { measureBudgets, printBudgets } from './bench-budgets.mjs';
import { ceilingBench, extraRatios, runBenchPage, kerasBench, mergeCeilings, oneThreadBench, printExtras, stockFitBench, timeToResultBench } from './bench-extras.mjs';
import { describePlayground, playgroundMetrics } from './bench-playground.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const json = flag('json');
const quick = flag('quick');
const models = option('models', quick ? 'tiny,fashion-cnn' : 'tiny,fashion-cnn,mnist-cnn-1000').split(',');
const browserBackends = option('browser-backends', 'wasm').split(',').filter(Boolean);
const slowBackends = option('slow-backends', quick ? 'webgl' : 'webgl,webgpu').split(',').filter(Boolean);
const slowModels = option('slow-models', 'tiny,fashion-cnn').split(',').filter((m) => models.includes(m));
const nodeBackends = option('node-backends', 'wasm').split(',');
const seconds = Number(option('seconds', quick ? 4 : 6));
const batch = Number(option('batch', 64));
const PORT = Number(process.env.BENCH_PORT ?? 4317);
const say = (text) => process.stderr.write(`bench: ${text}\n`);

function chromiumPath() {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
}

async function startPreview() {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://localhost:${PORT}/`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('vite preview did not start');
}

/**
 * Our loop and model.fit in the browser. On the fast backends each is measured `rounds` times, alternating,
 * so that the machine's drift (this 2-core host's speed wanders by up to 2× over minutes) lands on both.
 */
async function browserBench(browser, benchModels, backends, rounds = 1) {
  if (benchModels.length === 0 || backends.length === 0) return [];
  const params = { models: benchModels.join(','), backends: backends.join(','), batch: String(batch), seconds: String(seconds), rounds: String(rounds) };
  return (await runBenchPage(browser, PORT, params, say)).results;
}

/** Navigation → interactive, dataset decode, and long tasks while training in the real app. */
async function pageMetrics(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const started = Date.now();
  // The Build view, whose Start button and samples this measures (the home view has its own row).
  await page.goto(`http://localhost:${PORT}/?view=build`);
  await page.getByTestId('backend-name').filter({ hasText: /Backend: \w+/ }).waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="sample"]').first().waitFor({ timeout: 120_000 });
  const interactiveMs = Date.now() - started;
  const note = (await page.locator('.panel__note').first().textContent()) ?? '';
  const decodeMs = Number(/decoded in (\d+) ms/.exec(note)?.[1] ?? NaN);
  let longTasks = null;
  const start = page.getByTestId('train-start');
  if ((await start.count()) > 0 && (await start.isEnabled())) {
    const before = await page.evaluate(() => window.__longTasks.length);
    await start.click();
    await page.waitForTimeout(8000);
    const stop = page.getByTestId('train-stop');
    if ((await stop.count()) > 0 && (await stop.isEnabled())) await stop.click();
    const during = await page.evaluate((n) => window.__longTasks.slice(n), before);
    longTasks = { count: during.length, maxMs: Math.round(Math.max(0, ...during.map((t) => t.duration))), windowMs: 8000 };
  }
  await page.close();
  return { interactiveMs, decodeMs, longTasksWhileTraining: longTasks };
}

function nodeBench() {
  const out = spawnSync('npx', ['tsx', 'scripts/bench-node.ts', '--json', '--models', models.join(','), '--backends', nodeBackends.join(','), '--modes', 'step,fit', '--batch', String(batch), '--repeats', quick ? '3' : '5'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) {
    say(`node bench failed (exit ${out.status})`);
    return [];
  }
  const doc = JSON.parse(out.stdout.slice(out.stdout.indexOf('{')));
  return doc.results.map((r) => ({
    model: r.model,
    backend: r.backend,
    runner: r.mode === 'fit' ? 'model.fit' : 'ours',
    where: 'node',
    batch: r.batch,
    examplesPerSecond: r.examplesPerSecond,
  }));
}

function torchBench() {
  const torchModels = models.filter((m) => m !== 'tiny');
  // The project's own environment first (npm run python-env), then the system's.
  const venv = resolve(root, '.venv/bin/python');
  for (const python of [...(existsSync(venv) ? [venv] : []), 'python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    if (probe.status !== 0) continue;
    const out = execFileSync(python, ['scripts/bench_torch.py', torchModels.join(','), String(batch), String(seconds)], { cwd: root, encoding: 'utf8' });
    const doc = JSON.parse(out);
    return doc.results.map((r) => ({ model: r.model, backend: `torch ${doc.torch} cpu`, runner: 'pytorch', where: 'native', batch: r.batch, examplesPerSecond: r.examplesPerSecond }));
  }
  say('no python3 with torch (Debian: apt-get install python3-torch): the native anchor is skipped');
  return [];
}

function ratios(results) {
  const rows = [];
  for (const r of results.filter((x) => x.runner === 'ours')) {
    const fit = results.find((x) => x.runner === 'model.fit' && x.model === r.model && x.backend === r.backend && x.where === r.where);
    const torch = results.find((x) => x.runner === 'pytorch' && x.model === r.model);
    rows.push({
      model: r.model,
      backend: r.backend,
      where: r.where,
      examplesPerSecond: r.examplesPerSecond,
      vsModelFit: fit ? r.examplesPerSecond / fit.examplesPerSecond : null,
      vsPyTorch: torch ? r.examplesPerSecond / torch.examplesPerSecond : null,
    });
  }
  return rows;
}

async function main() {
  if (!flag('no-build')) {
    say('building the app (vite build)…');
    execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const server = await startPreview();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let results = [];
  let page = null;
  let budgets = [];
  let playground = null;
  let ceilings = [];
  let timeToResult = null;
  try {
    say('page metrics…');
    page = await pageMetrics(browser);
    budgets = await measureBudgets({ browser, baseUrl: `http://localhost:${PORT}`, root, quick, say });
    say('home view: page load to the first feature-map change after Play…');
    playground = await playgroundMetrics(browser, `http://localhost:${PORT}/`);
    const wasm = browserBackends.includes('wasm');
    // The ceiling in three passes around our loop's rounds (mergeCeilings says why).
    const passes = [];
    const ceilingPass = async (when) => {
      say(`WebAssembly matmul ceiling, 1 and N threads (${when})…`);
      passes.push(await ceilingBench(browser, PORT, say));
    };
    if (wasm) await ceilingPass('before our loop');
    say('browser training throughput…');
    results = results.concat(await browserBench(browser, models, browserBackends, quick ? 1 : 3));
    if (wasm) await ceilingPass('amid');
    results = results.concat(await browserBench(browser, slowModels, slowBackends));
    if (wasm) {
      say('model.fit on stock tfjs-wasm + Conv2DBackpropFilter…');
      results = results.concat(await stockFitBench(browser, PORT, models, batch, seconds, say));
      say('our loop on one wasm thread…');
      results = results.concat(await oneThreadBench(browser, PORT, models, batch, seconds, say));
      await ceilingPass('after our loop');
      ceilings = mergeCeilings(passes);
    }
    if (flag('time-to-result')) {
      say('time to result: the seed 001 CNN to ≥ 0.90 test accuracy (minutes)…');
      timeToResult = await timeToResultBench(browser, PORT, say);
    }
  } finally {
    await browser.close();
    process.kill(-server.pid);
  }
  say('node training throughput…');
  results = results.concat(nodeBench());
  say('PyTorch anchor…');
  results = results.concat(torchBench());
  say('Keras / TensorFlow model.fit…');
  results = results.concat(kerasBench(root, models, batch, seconds, say));

  const summary = ratios(results);
  const extras = extraRatios(results, ceilings);
  if (json) {
    console.log(JSON.stringify({ date: new Date().toISOString(), batch, results, ratios: summary, ceilings, extras, timeToResult, page, budgets, playground }, null, 2));
    return;
  }
  const fmt = (v, d = 1) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(d));
  console.log('\nTraining throughput, examples/s (median of ~1 s windows after warm-up), batch', batch);
  console.log(['where', 'runner', 'backend', 'model', 'examples/s'].map((h) => h.padEnd(18)).join(''));
  for (const r of results) {
    const rounds = r.rounds ? `median of ${r.rounds.map((x) => Math.round(x)).join(', ')}` : '';
    console.log([r.where, r.runner, r.backend, r.model, fmt(r.examplesPerSecond)].map((c) => String(c).padEnd(18)).join('') + rounds);
  }
  console.log('\nRatios of our loop');
  console.log(['where', 'backend', 'model', 'ours/s', '÷ model.fit', '÷ PyTorch'].map((h) => h.padEnd(16)).join(''));
  for (const r of summary) console.log([r.where, r.backend, r.model, fmt(r.examplesPerSecond), fmt(r.vsModelFit, 2), fmt(r.vsPyTorch, 2)].map((c) => String(c).padEnd(16)).join(''));
  printExtras(ceilings, extras, timeToResult);
  printBudgets(budgets);
  console.log(`\nPage: interactive after ${page.interactiveMs} ms; dataset decoded in ${page.decodeMs} ms in the worker;`, page.longTasksWhileTraining ? `long tasks while training (${page.longTasksWhileTraining.windowMs} ms): ${page.longTasksWhileTraining.count}, longest ${page.longTasksWhileTraining.maxMs} ms` : 'long tasks while training: not measured (no Train button)');
  console.log(describePlayground(playground));
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exit(1);
});
