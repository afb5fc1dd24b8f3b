/**
 * The threaded WebAssembly build really runs with two XNNPACK threads (tfjs alone would cap a 2-core
 * machine at one), on shared memory, and the native kernels give there exactly what the routes they
 * replace give; then the seed-style tiny CNN trains on it. Runs through the benchmark page, which can
 * force the thread count; nothing here depends on speed. Then the app's own choice for two threads:
 * XNNPACK on one (beside our pool it only contended for the cores), the native kernels on two.
 */
import { expect, test } from '@playwright/test';
import { watchConsole } from './helpers';

interface BenchState {
  done: boolean;
  error: string | null;
  log: string[];
  results: { runner: string; examplesPerSecond: number; wasmThreads?: number }[];
}

test('wasm with 2 threads: shared heap, native kernels equal their reference routes on one thread and split over two, training runs', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/bench.html?models=tiny&backends=wasm&fit=0&seconds=1&threads=2&xnn=2&selfcheck=1');
  await expect
    .poll(async () => (await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench)).done, { timeout: 170_000 })
    .toBe(true);
  const state = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
  expect(state.error).toBeNull();
  expect(state.log).toContainEqual(expect.stringMatching(/^wasm threads: 2 \(crossOriginIsolated true, shared heap true/));
  // Chromium has relaxed SIMD: the matrix product runs its fused multiply-add binary.
  expect(state.log).toContain('native kernels: relaxed SIMD on');
  expect(state.log).toContain('native self-check: all equal');
  // The native kernels' own helper thread is up, and splitting a kernel across it changes no bit.
  expect(state.log).toContain('native kernels: 2 threads');
  expect(state.log).toContain('native pool self-check: all equal');
  expect(state.results).toHaveLength(1);
  expect(state.results[0].wasmThreads).toBe(2);
  expect(state.results[0].examplesPerSecond).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('wasm with 2 threads by default: XNNPACK keeps one thread on the shared heap, the native kernels run on two', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/bench.html?models=tiny&backends=wasm&fit=0&seconds=1&threads=2');
  await expect
    .poll(async () => (await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench)).done, { timeout: 170_000 })
    .toBe(true);
  const state = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
  expect(state.error).toBeNull();
  expect(state.log).toContainEqual(expect.stringMatching(/^wasm threads: 1 \(crossOriginIsolated true, shared heap true/));
  expect(state.log).toContain('native kernels: 2 threads');
  expect(state.results[0].wasmThreads).toBe(2);
  expect(state.results[0].examplesPerSecond).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
