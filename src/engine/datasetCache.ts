/**
 * The worker's datasets: fetched and decoded once per dataset, then shared by the sample gallery,
 * training and inspection. Fetching reports progress, since the training images are ~10 MB and a
 * classroom network can be slow.
 */
import { type Dataset, type FetchBytes, LoadedDatasets, loadDataset, MISSING_FILE } from './data/datasets';
import type { DatasetName } from './spec/types';
import { OFFLINE_HEADER } from '../offline/cacheNames';

export type ProgressSink = (dataset: DatasetName, phase: string, fraction: number) => void;

async function fetchWithProgress(url: string, onChunk: (received: number, total: number) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`could not fetch ${url}: ${error instanceof Error ? error.message : String(error)} — check the network connection`);
  }
  const file = new URL(url).pathname.split('/').slice(-2).join('/');
  // The service worker's answer for a file it has not saved while the network is down (src/offline/sw.ts).
  if (response.headers.get(OFFLINE_HEADER)) {
    throw new Error(`${file} is not saved on this device and there is no network: open this dataset once while online, and it works offline after that`);
  }
  if (response.status === 404) throw new Error(`${file} ${MISSING_FILE} (HTTP 404)`);
  if (!response.ok) throw new Error(`${file} could not be fetched: the server answered HTTP ${response.status}`);
  // A single-page-app server answers a missing file with its index page.
  if (/^text\/html/i.test(response.headers.get('content-type') ?? '')) {
    throw new Error(`${file} ${MISSING_FILE} (it answered with a web page instead of the file)`);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onChunk(received, total);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export class DatasetCache {
  private readonly loaded = new LoadedDatasets((name, trainCount, previous) => this.load(name, trainCount, previous));
  readonly decodeMs = new Map<DatasetName, number>();

  constructor(
    private readonly baseUrl: string,
    private readonly onProgress: ProgressSink,
  ) {}

  /** The dataset with at least its first `trainCount` training images (undefined: all; 0: the test set). */
  get(name: DatasetName, trainCount?: number): Promise<Dataset> {
    return this.loaded.get(name, trainCount);
  }

  private async load(name: DatasetName, trainCount: number | undefined, previous: Dataset | undefined): Promise<Dataset> {
    const started = performance.now();
    const received = new Map<string, [number, number]>();
    const fetchBytes: FetchBytes = (file) =>
      fetchWithProgress(new URL(`${name}/${file}`, this.baseUrl).href, (got, total) => {
        received.set(file, [got, total]);
        let sumGot = 0;
        let sumTotal = 0;
        for (const [g, t] of received.values()) {
          sumGot += g;
          sumTotal += Math.max(t, g);
        }
        // Download is most of the wait; decoding the rest.
        this.onProgress(name, `downloading ${(sumGot / 1e6).toFixed(1)} MB`, 0.9 * (sumGot / Math.max(sumTotal, 1)));
      });
    const dataset = await loadDataset(name, fetchBytes, {
      trainCount,
      previous,
      onProgress: (phase, fraction) => this.onProgress(name, `decoding ${phase}`, Math.max(fraction, 0.9)),
    });
    this.decodeMs.set(name, performance.now() - started);
    return dataset;
  }
}
