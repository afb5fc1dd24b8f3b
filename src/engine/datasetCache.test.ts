/**
 * The worker's dataset fetch against a real HTTP server: a missing file is reported as missing,
 * whether the server says 404 or answers with its index page (as a single-page-app server does),
 * never as "not a gzip file", and the message holds no developer command.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetCache } from './datasetCache';
import { DATASET_FILES } from './data/datasets';
import { datasetFolders } from './node/datasetSource';
import { OFFLINE_HEADER } from '../offline/cacheNames';

let server: Server;
let base: string;
const missing = new Set<string>();
let fallback: 'page' | '404' | 'offline' = 'page';

beforeAll(async () => {
  const folder = datasetFolders('mnist')[0];
  server = createServer((req, res) => {
    const file = (req.url ?? '').split('/').pop()!;
    if (missing.has(file) || !(Object.values(DATASET_FILES) as string[]).includes(file)) {
      if (fallback === '404') res.writeHead(404).end('not found');
      // What the service worker answers for a file it has not cached while the network is down.
      else if (fallback === 'offline') res.writeHead(503, { 'Content-Type': 'text/plain', [OFFLINE_HEADER]: 'not-cached' }).end('offline');
      else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><body><div id="root"></div></body></html>');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/gzip' }).end(readFileSync(`${folder}/${file}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/datasets/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function load(): Promise<string> {
  const cache = new DatasetCache(base, () => undefined);
  return cache.get('mnist').then(
    (d) => `loaded ${d.train.count}`,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
}

describe('DatasetCache over HTTP', () => {
  it('loads the real files served as application/gzip', async () => {
    missing.clear();
    expect(await load()).toBe('loaded 60000');
  });

  it.each(['page', '404'] as const)('reports a missing file as missing (server answers with %s)', async (answer) => {
    missing.clear();
    missing.add(DATASET_FILES.testLabels);
    fallback = answer;
    const message = await load();
    expect(message).toContain(`mnist/${DATASET_FILES.testLabels} is missing on this server`);
    expect(message).not.toMatch(/gzip|npm/);
  });

  it("says a file the service worker has not saved needs the network (its 503), not that the server lacks it", async () => {
    missing.clear();
    missing.add(DATASET_FILES.trainImages);
    fallback = 'offline';
    const message = await load();
    expect(message).toContain(`mnist/${DATASET_FILES.trainImages} is not saved on this device and there is no network`);
    expect(message).toContain('open this dataset once while online');
    expect(message).not.toMatch(/missing on this server|HTTP 503/);
  });
});
