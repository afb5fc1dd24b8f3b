/**
 * Safari and iPadOS in mind (issue 15): a browser without WebGPU, OffscreenCanvas, SharedArrayBuffer
 * (so no WebAssembly threads) and DecompressionStream still trains the Tiny CNN, and the backend
 * badge says what it fell back to. The features are removed from the page with addInitScript and
 * from the engine's Web Worker by prepending the same lines to its script (Playwright's init scripts
 * do not reach workers; its maintainers suggest routing for that). Checked at iPad landscape size.
 */
import { expect, type Page, test } from '@playwright/test';
import { backendLine, openBackendDetails, shot, watchConsole } from './helpers';

/** Removes what older Safari / iPadOS lacks, in whichever scope it runs (page or worker). */
const REMOVE_FEATURES = `(() => {
  const nav = Object.getPrototypeOf(self.navigator);
  delete nav.gpu;
  delete self.OffscreenCanvas;
  delete self.SharedArrayBuffer;
  delete self.DecompressionStream;
})();
`;

async function removeFeatures(page: Page): Promise<void> {
  await page.addInitScript(REMOVE_FEATURES);
  await page.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: REMOVE_FEATURES + (await response.text()) });
  });
}

const examples = async (page: Page): Promise<number> => Number(await page.getByTestId('pg-counter').getAttribute('data-examples'));

test('without WebGPU, OffscreenCanvas, SharedArrayBuffer and DecompressionStream the Tiny CNN trains on single-threaded WebAssembly, and the badge says so', async ({ page }, info) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  const errors = watchConsole(page);
  await removeFeatures(page);
  // A learner who picks WebGL (?backend=webgl does the same as the badge's choice) gets WebAssembly.
  await page.goto('/?backend=webgl');

  // The features really are gone, in the page and in the engine's worker.
  const missing = () => [typeof (navigator as { gpu?: unknown }).gpu, typeof OffscreenCanvas, typeof SharedArrayBuffer, typeof DecompressionStream];
  expect(await page.evaluate(missing)).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  await expect.poll(() => page.workers().length, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await page.workers()[0].evaluate(missing)).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);

  await backendLine(page);
  await expect(page.getByTestId('backend-name')).toHaveText('Backend: wasm');

  // MNIST is decoded by fflate in the worker; Step trains one batch of the Tiny CNN.
  await expect(page.getByTestId('pg-preset')).toHaveValue('tiny');
  await expect(page.getByTestId('pg-test-accuracy')).toContainText('right of 1,000', { timeout: 90_000 });
  await page.getByTestId('pg-step').click();
  await expect.poll(() => examples(page), { timeout: 90_000 }).toBe(64);
  await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'paused');
  await shot(page, info, 'safari-like-trained', { fullPage: false });

  await openBackendDetails(page);
  await expect(page.getByTestId('backend-reason')).toContainText('you chose webgl, but it failed (webgl skipped: this browser has no OffscreenCanvas');
  await expect(page.getByTestId('backend-reason')).toContainText('fell back to wasm');
  const fallbacks = page.getByTestId('backend-fallbacks').getByRole('listitem');
  await expect(fallbacks).toHaveText([
    /^No WebGPU in this browser: the engine trains on WebAssembly/,
    /^No WebGL in the engine: this browser has no OffscreenCanvas/,
    /^WebAssembly runs on one thread/,
    /^No DecompressionStream: the datasets are unpacked in JavaScript \(fflate\)/,
  ]);
  await shot(page, info, 'safari-like-backend-details', { fullPage: false });

  expect(errors).toEqual([]);
});
