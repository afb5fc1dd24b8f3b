import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { DEV_HEADERS, gzipAsFile, headersFile, PRODUCTION_HEADERS } from './scripts/securityHeaders';

// Security headers and the Content-Security-Policy (scripts/securityHeaders.ts), including the
// cross-origin isolation that lets the WebAssembly backend use threads (SharedArrayBuffer); dev and
// preview send them alike so that both behave the same, and the build writes them as dist/_headers.
const securityHeaders: Plugin = {
  name: 'cnnp-security-headers',
  configureServer(server) {
    server.middlewares.use(gzipAsFile);
  },
  configurePreviewServer(server) {
    server.middlewares.use(gzipAsFile);
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
  },
};

// Offline after the first visit (src/offline/sw.ts says what is cached, and how) and an installable
// web-app manifest. The page registers the worker itself (src/offline/registerServiceWorker.ts) and
// only in a build: `npm run dev` never has one (it even removes one left by `npm start` on its port).
const offline = VitePWA({
  strategies: 'injectManifest',
  srcDir: 'src/offline',
  filename: 'sw.ts',
  registerType: 'autoUpdate',
  injectRegister: false,
  devOptions: { enabled: false },
  injectManifest: {
    // A classic script: every browser with service workers runs it (module workers are newer).
    rollupFormat: 'iife',
    // The app shell with its WebAssembly; the datasets (tens of MB) are cached when first opened,
    // and the benchmark page is not part of the offline app.
    globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}'],
    globIgnores: ['datasets/**', 'bench.html', 'assets/bench*', 'assets/benchWorker*'],
    // The engine worker (1.5 MB) and the Keras-import chunk (h5wasm, 4.8 MB) are needed offline too.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  },
  manifest: {
    name: 'CNN Playground',
    short_name: 'CNN Playground',
    description: 'Build, train and look inside convolutional neural networks in your browser.',
    start_url: '.',
    scope: '.',
    display: 'standalone',
    theme_color: '#0b63c5',
    background_color: '#f6f7f9',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    ],
  },
});

export default defineConfig({
  plugins: [react(), securityHeaders, offline],
  server: { port: 5173, strictPort: true, headers: DEV_HEADERS },
  preview: { port: 4173, strictPort: true, headers: PRODUCTION_HEADERS },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // bench.html is the training benchmark `npm run bench` drives; it ships so anyone can measure.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  // The worker's dependencies are discovered late (after the page loads); listing them lets the dev
  // server pre-bundle them on start, so that tfjs-core is one shared copy and nothing reloads mid-start.
  optimizeDeps: {
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'],
  },
});
