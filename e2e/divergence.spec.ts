/**
 * Divergence in the page: a shared link opens 18 linear dense layers with the largest initial weight
 * spread the builder allows; training it on WebAssembly (whose clamp used to hide the NaN outputs
 * behind a clipped, finite loss, so the run "finished") fails on its first batch, and the banner says
 * what happened, where, and what to change. On the home view, the same failure is said under Play.
 */
import { expect, test } from '@playwright/test';
import { SPEC_VERSION, type LayerSpec, type ModelSpec } from '../src/engine/spec/types';
import { encodeSetup } from '../src/store/urlState';
import { backendLine, gotoView, watchConsole } from './helpers';

function deepLinear(): ModelSpec {
  const dense = (units: number, activation: 'linear' | 'softmax'): LayerSpec => ({
    type: 'dense',
    units,
    activation,
    useBias: true,
    kernelInitializer: 'randomNormal',
    initStddev: 10,
  });
  const layers: LayerSpec[] = [{ type: 'flatten' }];
  for (let i = 0; i < 17; i++) layers.push(dense(256, 'linear'));
  layers.push(dense(10, 'softmax'));
  return {
    version: SPEC_VERSION,
    name: '18 linear layers',
    inputShape: [28, 28, 1],
    numClasses: 10,
    layers,
    training: { optimizer: 'sgd', learningRate: 0.01, batchSize: 32, epochs: 1, seed: 1, l2: 0 },
  };
}

const DIVERGING = encodeSetup({
  spec: deepLinear(),
  dataset: 'mnist',
  trainOptions: { trainLimit: 640, validationSplit: 0, testLimit: 100 },
  presetId: null,
});

test('a diverging network stops on its first batch with NaN or overflow named', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  const hash = DIVERGING;
  await gotoView(page, `/?backend=wasm#${hash}`);
  expect(await backendLine(page)).toContain('Backend: wasm');
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/failed/, { timeout: 120_000 });
  const banner = page.getByTestId('fault-banner');
  await expect(banner).toHaveAttribute('data-kind', 'nan');
  await expect(banner).toContainText('Training diverged');
  await expect(banner).toContainText(
    /The network’s outputs( and its gradients)? (became NaN \(not a number\)|overflowed to ±Infinity) at epoch 1, batch 1:/,
  );
  await expect(banner).toContainText(/The weights of layers? dense_\d+/);
  await expect(banner).toContainText('A smaller initial weight spread');
  expect(errors).toEqual([]);
});

test('on the home view, the diverged run is said under Play and the counter, until dismissed', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  await gotoView(page, `/?backend=wasm#${DIVERGING}`, 'play');
  expect(await backendLine(page)).toContain('Backend: wasm');
  await expect(page.getByTestId('pg-play')).toBeEnabled();
  await expect(page.getByTestId('pg-run-failure')).toHaveCount(0);
  await page.getByTestId('pg-play').click();

  const failure = page.getByTestId('pg-run-failure');
  await expect(failure).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'failed');
  await expect(failure).toHaveAttribute('data-kind', 'nan');
  await expect(failure).toContainText('Training diverged');
  await expect(page.getByTestId('pg-run-failure-message')).toContainText(/(became NaN \(not a number\)|overflowed to ±Infinity) at epoch 1, batch 1:/);
  await expect(failure).toContainText('What to do:');
  // Where the learner looks: right under the bar of Play and the counter, from Play's left edge,
  // all of it on the screen (over the picture's top, not over the bar's pickers).
  const play = (await page.getByTestId('pg-play').boundingBox())!;
  const bar = (await page.locator('.pg-bar').boundingBox())!;
  const box = (await failure.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(bar.y + bar.height - 0.5);
  expect(box.y - (bar.y + bar.height)).toBeLessThan(16);
  expect(box.x).toBeLessThanOrEqual(play.x + 0.5);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  await page.screenshot({ path: testInfo.outputPath('home-run-failure.png') });

  await page.getByTestId('pg-run-failure-dismiss').click();
  await expect(failure).toHaveCount(0);
  expect(errors).toEqual([]);
});
