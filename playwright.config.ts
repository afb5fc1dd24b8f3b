import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium when present (CI installs it; `npx playwright install` cannot download here),
// otherwise Playwright's own browser (`npx playwright install chromium` where the internet is reachable).
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

// Keep Chromium from phoning home.
const QUIET_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check'];

/** WebGPU with whatever adapter the machine has: a real GPU on a laptop, Chromium's software adapter when headless without one. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', ...QUIET_ARGS];
/** WebGPU forced onto Chromium's software adapter (SwiftShader), even where a real GPU exists. */
export const SOFTWARE_WEBGPU_ARGS = [...WEBGPU_ARGS, '--use-webgpu-adapter=swiftshader'];
/** No WebGPU at all. */
export const NO_WEBGPU_ARGS = ['--disable-webgpu', ...QUIET_ARGS];

/**
 * E2E_WEBGPU picks the browser the journeys run in, so that the suite can be run in each of the three
 * worlds a learner's machine can be: `default` (the machine's own adapter), `software` (the software
 * adapter forced) and `off` (--disable-webgpu). Journeys that need one of them say so and force it.
 */
const WEBGPU_MODE = process.env.E2E_WEBGPU ?? 'default';
const MODE_ARGS: Record<string, string[]> = { default: WEBGPU_ARGS, software: SOFTWARE_WEBGPU_ARGS, off: NO_WEBGPU_ARGS };
if (!MODE_ARGS[WEBGPU_MODE]) throw new Error(`E2E_WEBGPU=${WEBGPU_MODE}: use default, software or off`);
export const CHROMIUM_ARGS = MODE_ARGS[WEBGPU_MODE];
/** The Chromium binary every journey launches (Debian's when present, else Playwright's own). */
export const CHROMIUM_PATH = systemChromium;

// E2E_PORT / E2E_DIST let several people test their own builds side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ? ` --outDir ${process.env.E2E_DIST}` : '';

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  // Two cores: one browser at a time. No journey asserts a duration (timing budgets live in `npm run bench`).
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
    // The build has a service worker (offline use), and Playwright's routing does not see what a
    // service worker answers; journeys that need it say test.use({ serviceWorkers: 'allow' }).
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: systemChromium,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort${DIST}`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
