/// <reference lib="webworker" />
/**
 * The service worker (built by vite-plugin-pwa's injectManifest into dist/sw.js; never registered by
 * `npm run dev`). It makes the playground work offline after the first visit:
 *
 * - the app shell is precached: the page, its scripts and styles, the engine worker (which carries our
 *   own WebAssembly kernels inline), tfjs-wasm's three .wasm binaries, the Keras-import chunk, the icons;
 * - a dataset file is cached the first time the engine worker fetches it (tens of MB, so only what the
 *   learner has opened), and then served from the cache; one that is not cached while the network is
 *   down is answered with a 503 that says so (OFFLINE_HEADER), so that the worker can tell the learner
 *   instead of waiting;
 * - pages are fetched from the network first (so a new deployment, or the dev server on the same
 *   origin, is seen at once) and fall back to the precached page when the network fails or is slow.
 *   (The precached page always matches the precached scripts.)
 *
 * Each build's precache is versioned by Workbox (file hashes and revisions): the new worker skips
 * waiting, claims the open pages and deletes the caches of old builds. The responses keep the headers
 * they were fetched with, so COOP/COEP (threads) and the CSP still hold when served from the cache.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import { DATASET_CACHE, OFFLINE_HEADER } from './cacheNames';

type PrecacheList = (string | { url: string; revision: string | null })[];
const scope = self as unknown as ServiceWorkerGlobalScope;

void scope.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();

// The page from the network when it answers within a few seconds, else this build's precached page:
// never a page cached from another build, whose scripts this worker may no longer hold.
const pages = new NetworkOnly({ networkTimeoutSeconds: 6 });
registerRoute(
  new NavigationRoute(
    async (options) => {
      try {
        const response = await pages.handle(options);
        if (response) return response;
      } catch {
        // No network, or too slow: the precached page below.
      }
      return (await matchPrecache('index.html')) ?? Response.error();
    },
    // bench.html is a measuring page, not part of the offline app.
    { denylist: [/\/bench\.html$/] },
  ),
);

// After the page's route: routes match in the order they are registered, and the precache's own
// route would otherwise answer "/" from the cache (its directory index) before the network is asked.
// The build writes the list of files (with revisions) in place of `self.__WB_MANIFEST`, spelt so.
precacheAndRoute((self as unknown as { __WB_MANIFEST: PrecacheList }).__WB_MANIFEST);

const datasets = new CacheFirst({
  cacheName: DATASET_CACHE,
  plugins: [
    {
      // Only a whole, real file is kept: not an error, not a partial answer, not a server's fallback
      // page standing in for a missing file.
      cacheWillUpdate: async ({ response }) =>
        response.status === 200 && !/^text\/html/i.test(response.headers.get('content-type') ?? '') ? response : null,
    },
  ],
});

// The datasets live at <the app's base>/datasets/ (the worker's scope is the app's base).
const datasetPrefix = new URL('datasets/', scope.registration.scope).pathname;
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith(datasetPrefix),
  async (options) => {
    try {
      const response = await datasets.handle(options);
      if (response) return response;
    } catch {
      // Not cached, and the network failed.
    }
    return new Response('This dataset file is not saved on this device and the network is unreachable.', {
      status: 503,
      statusText: 'Offline',
      headers: { 'Content-Type': 'text/plain', [OFFLINE_HEADER]: 'not-cached' },
    });
  },
);
