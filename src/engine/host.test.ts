/**
 * The engine host runs backend changes one after another: tfjs's setBackend is not safe to
 * interleave (an engine naming WebGL while holding wasm), and the page may start the engine twice.
 */
import { expect, it } from 'vitest';
import { EngineHost } from './host';
import type { BackendInfo, EngineEvent } from './protocol';

it('init, setBackend and calibrate never select backends concurrently, and each is answered', async () => {
  let running = 0;
  let most = 0;
  const events: EngineEvent[] = [];
  const host = new EngineHost({
    post: (event) => events.push(event),
    datasets: () => ({ get: () => Promise.reject(new Error('no datasets in this test')), decodeMs: () => 0 }),
    selectBackend: async (choice) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return { name: choice === 'auto' ? 'cpu' : choice, reason: 'test', softwareAdapter: false, backends: [] } satisfies BackendInfo;
    },
  });
  await Promise.all([
    host.handle({ type: 'init', requestId: 1, backend: 'wasm', datasetBaseUrl: 'x' }),
    host.handle({ type: 'init', requestId: 2, backend: 'wasm', datasetBaseUrl: 'x' }),
    host.handle({ type: 'setBackend', requestId: 3, backend: 'cpu' }),
  ]);
  expect(most).toBe(1);
  expect(events.map((e) => (e.type === 'backend' ? [e.requestId, e.info.name] : e.type))).toEqual([
    [1, 'wasm'],
    [2, 'wasm'],
    [3, 'cpu'],
  ]);
  // A request for data before any dataset exists is answered with an error of its kind.
  await host.handle({ type: 'loadDataset', requestId: 4, dataset: 'mnist' });
  expect(events.at(-1)).toMatchObject({ type: 'error', requestId: 4 });
});
