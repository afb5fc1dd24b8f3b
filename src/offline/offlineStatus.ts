/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The page's view of offline use: whether the network is there (online/offline events), whether the
 * service worker has made the app available offline, and which datasets its cache holds. A small
 * zustand store of its own (it concerns the page's loading, not the model), filled by
 * startOfflineSupport() from main.tsx and read by the header's OfflineNotice.
 *
 * Registration happens only in a build. In `npm run dev` a worker left behind by `npm start` (same
 * origin, same port) is removed instead, so that the dev server never serves a stale app.
 */
import { create } from 'zustand';
import type { DatasetName } from '../engine/spec/types';
import { availableDatasets, datasetFiles } from './availability';
import { DATASET_CACHE } from './cacheNames';

export type WorkerState = 'unsupported' | 'off' | 'installing' | 'ready' | 'failed';

export interface OfflineState {
  online: boolean;
  worker: WorkerState;
  /** Datasets whose files are all cached (a reload without network can open them); null until read. */
  available: DatasetName[] | null;
  /** A new version was installed and took over; a reload shows it (never forced: it would lose a run). */
  updated: boolean;
}

export const useOfflineStore = create<OfflineState>(() => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  worker: 'off',
  available: null,
  updated: false,
}));

function datasetBase(): string {
  return new URL(`${import.meta.env.BASE_URL}datasets/`, window.location.href).href;
}

/** Reads the dataset cache again (after a dataset loaded, or the network came or went). */
export async function refreshAvailability(): Promise<void> {
  if (typeof caches === 'undefined') {
    useOfflineStore.setState({ available: [] });
    return;
  }
  try {
    const cache = await caches.open(DATASET_CACHE);
    const urls = (await cache.keys()).map((request) => request.url);
    useOfflineStore.setState({ available: availableDatasets(urls, datasetBase()) });
  } catch {
    // Cache Storage refused (a private window, storage blocked): nothing is known to be available.
    useOfflineStore.setState({ available: [] });
  }
}

/**
 * Saves the files of datasets the engine has loaded into the dataset cache, where they are not yet.
 * On the first visit the engine fetches MNIST before the service worker is installed, so the worker
 * never saw those requests; without this, the dataset the learner opened first would need the
 * network offline. (Usually answered from the browser's HTTP cache: no second download.)
 */
export async function keepLoadedDatasets(loaded: readonly DatasetName[]): Promise<void> {
  if (typeof caches === 'undefined' || loaded.length === 0) return;
  try {
    const cache = await caches.open(DATASET_CACHE);
    for (const name of loaded) {
      for (const file of datasetFiles(name)) {
        const url = new URL(`${name}/${file}`, datasetBase()).href;
        if (await cache.match(url)) continue;
        const response = await fetch(url);
        // Only the real file (a server's fallback page must not stand in for it offline).
        if (response.ok && !/^text\/html/i.test(response.headers.get('content-type') ?? '')) await cache.put(url, response);
      }
    }
  } catch {
    // Offline, or storage full or refused: the dataset stays one that needs the network.
  }
  await refreshAvailability();
}

async function removeStaleWorkers(): Promise<void> {
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((registration) => registration.unregister()));
}

/** How often the server is asked again while it cannot be reached (so that the notice goes by itself). */
const RETRY_MS = 5_000;

/**
 * Whether the playground's own server answers: a HEAD request that no cache may answer (the query
 * keeps it out of the service worker's precache and page routes, so it goes to the network).
 * navigator.onLine alone is not enough: a laptop on a classroom Wi-Fi without a way out reports
 * "online", and Chromium reports it too for a page that its service worker served while the network
 * was down.
 */
export async function serverReachable(base: string = window.location.href): Promise<boolean> {
  try {
    await fetch(new URL(`${import.meta.env.BASE_URL}?network-probe=${Date.now()}`, base), { method: 'HEAD', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

let started = false;
let retry: ReturnType<typeof setTimeout> | undefined;

/** Asks the server, and keeps asking every few seconds while it cannot be reached. */
async function probe(): Promise<void> {
  clearTimeout(retry);
  const reachable = navigator.onLine && (await serverReachable());
  // Read again after the answer: an 'offline' event may have come while the request was out.
  const online = reachable && navigator.onLine;
  if (online !== useOfflineStore.getState().online) {
    useOfflineStore.setState({ online });
    void refreshAvailability();
  }
  // One timer, however many probes the events started.
  clearTimeout(retry);
  if (!online) retry = setTimeout(() => void probe(), RETRY_MS);
}

/** Follows the network, and registers the service worker (build) or removes stale ones (dev). */
export function startOfflineSupport(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  // Going offline is believed at once; coming back is checked with the server first.
  window.addEventListener('offline', () => {
    useOfflineStore.setState({ online: false });
    void refreshAvailability();
    void probe();
  });
  window.addEventListener('online', () => void probe());
  void refreshAvailability();
  void probe();

  if (!('serviceWorker' in navigator)) {
    useOfflineStore.setState({ worker: 'unsupported' });
    return;
  }
  if (import.meta.env.DEV) {
    void removeStaleWorkers();
    return;
  }
  useOfflineStore.setState({ worker: navigator.serviceWorker.controller ? 'ready' : 'installing' });
  void import('virtual:pwa-register').then(({ registerSW }) =>
    registerSW({
      immediate: true,
      onOfflineReady: () => useOfflineStore.setState({ worker: 'ready' }),
      onRegisteredSW: (_url, registration) => {
        if (registration?.active) useOfflineStore.setState({ worker: 'ready' });
      },
      // The default would reload the page at once, losing a run in progress.
      onNeedReload: () => useOfflineStore.setState({ updated: true }),
      onRegisterError: () => useOfflineStore.setState({ worker: 'failed' }),
    }),
  );
}
