import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
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

export default defineConfig({
  plugins: [react(), securityHeaders],
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
