import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the WebAssembly backend use threads (SharedArrayBuffer);
// it must hold in dev and preview alike so that both behave the same.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true, headers: isolationHeaders },
  preview: { port: 4173, strictPort: true, headers: isolationHeaders },
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
