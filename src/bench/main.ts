/**
 * The benchmark page (bench.html): runs the benchmark worker with the settings in the query string and
 * shows the results as they come. `npm run bench` drives it through Playwright and reads
 * `window.__bench`; a person can open /bench.html?models=tiny&backends=wasm,webgl in any browser.
 */
import './bench.css';
import type { BackendName } from '../engine/protocol';
import type { BenchMessage, BenchRequest, BenchResult } from './benchTypes';
import type { CeilingResult } from './wasmCeiling';
import type { TimeToResult } from './timeToResult';

declare global {
  interface Window {
    __bench: { done: boolean; results: BenchResult[]; ceilings: CeilingResult[]; timeToResult?: TimeToResult; error: string | null; log: string[] };
  }
}

const query = new URLSearchParams(window.location.search);
const list = (key: string, fallback: string) => (query.get(key) ?? fallback).split(',').filter(Boolean);
const request: BenchRequest = {
  models: list('models', 'tiny,fashion-cnn'),
  backends: list('backends', 'wasm,webgl,webgpu') as BackendName[],
  batch: Number(query.get('batch') ?? 64),
  seconds: Number(query.get('seconds') ?? 6),
  fit: query.get('fit') !== '0',
  wasmThreads: query.has('threads') ? Math.max(1, Number(query.get('threads')) || 1) : undefined,
  xnnpackThreads: query.has('xnn') ? Math.max(1, Number(query.get('xnn')) || 1) : undefined,
  minTaps: query.has('taps') ? Number(query.get('taps')) : undefined,
  ceiling: query.get('ceiling') === '1',
  stock: query.get('stock') === '1',
  nativePool: query.get('pool') !== '0',
  ours: query.get('ours') !== '0',
  rounds: Math.max(1, Math.round(Number(query.get('rounds') ?? 1)) || 1),
  selfCheck: query.get('selfcheck') === '1',
  profile: query.get('profile') === '2' ? 2 : query.get('profile') === '1' ? 1 : 0,
  timeToResult: query.has('ttr')
    ? { model: query.get('ttr') ?? 'fashion-cnn', target: Number(query.get('target') ?? 0.9), maxSeconds: Number(query.get('maxSeconds') ?? 900) }
    : undefined,
  datasetBaseUrl: new URL(`${import.meta.env.BASE_URL}datasets/`, window.location.href).href,
};

window.__bench = { done: false, results: [], ceilings: [], error: null, log: [] };
const table = document.querySelector('#results tbody')!;
const log = document.querySelector('#log')!;
document.querySelector('#settings')!.textContent = JSON.stringify({ ...request, datasetBaseUrl: undefined });

const worker = new Worker(new URL('./benchWorker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<BenchMessage>) => {
  const message = event.data;
  if (message.type === 'log') {
    window.__bench.log.push(message.text);
    log.textContent += `${message.text}\n`;
  } else if (message.type === 'result') {
    const r = message.result;
    window.__bench.results.push(r);
    const row = document.createElement('tr');
    for (const cell of [r.model, r.backend, r.runner, String(r.batch), r.examplesPerSecond.toFixed(1)]) {
      const td = document.createElement('td');
      td.textContent = cell;
      row.append(td);
    }
    table.append(row);
  } else if (message.type === 'ceiling') {
    window.__bench.ceilings.push(message.result);
    log.textContent += `matmul ceiling: ${message.result.gflops.toFixed(1)} GFLOP/s on ${message.result.threads} thread(s)\n`;
  } else if (message.type === 'timeToResult') {
    window.__bench.timeToResult = message.result;
  } else if (message.type === 'done') {
    window.__bench.done = true;
    log.textContent += 'done\n';
  } else {
    window.__bench.error = message.text;
    window.__bench.done = true;
    log.textContent += `error: ${message.text}\n`;
  }
};
worker.postMessage(request);
