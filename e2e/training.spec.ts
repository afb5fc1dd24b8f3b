/**
 * Acceptance (c) and the training engine's browser journey: build a tiny CNN from scratch by keyboard,
 * train it on a few hundred images on WebGPU, watch the progress and the loss chart move, pause,
 * single-step, resume, stop; a hard stop restarts the engine and the page trains again. (Long tasks
 * on the main thread while training are measured by `npm run bench`, against their 50 ms budget.)
 *
 * These journeys train on WebGPU on every machine, so they force Chromium's software adapter: the same
 * run on a laptop's GPU, on CI, and when the suite runs with WebGPU off (E2E_WEBGPU=off).
 */
import { expect, type Page, test } from '@playwright/test';
import { backendLine, examplesSeen, FORCE_SOFTWARE_WEBGPU, gotoView, shot, typeInto, watchConsole } from './helpers';

test.use(FORCE_SOFTWARE_WEBGPU);

/** Adds a layer by keyboard: pick its type in the select with the arrow keys, then press the button. */
async function addLayer(page: Page, position: number): Promise<void> {
  await page.getByTestId('add-layer-type').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < position; i++) await page.keyboard.press('ArrowDown');
  await page.getByTestId('add-layer').focus();
  await page.keyboard.press('Enter');
}

const chartPoints = async (page: Page) =>
  Number(await page.getByTestId('loss-chart').getAttribute('data-points'));

test('builds a tiny CNN by keyboard and trains it: progress, pause, step, resume, stop, hard stop', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu');
  expect(await backendLine(page)).toContain('Backend: webgpu');

  // From scratch: remove every layer of the starting model, then add Conv2D → MaxPool → Flatten → Dense.
  while ((await page.getByTestId('layer-0-remove').count()) > 0) {
    await page.getByTestId('layer-0-remove').focus();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('layer-list-empty')).toBeVisible();
  await expect(page.getByTestId('train-start')).toBeDisabled();
  await expect(page.getByTestId('train-disabled-reason')).toContainText('Cannot train yet');

  await addLayer(page, 0); // Conv2D
  await typeInto(page, 'layer-0-filters', '4');
  await addLayer(page, 1); // MaxPooling2D
  await addLayer(page, 3); // Flatten
  await addLayer(page, 4); // Dense
  await typeInto(page, 'layer-3-units', '10');
  await page.getByTestId('layer-3-activation').focus();
  await page.keyboard.type('softmax');
  // 3×3×1×4 + 4 = 40 conv parameters; 14·14·4 = 784 inputs × 10 + 10 = 7,850 dense ones.
  await expect(page.getByTestId('summary-total-params')).toContainText('7,890');
  await expect(page.getByTestId('train-start')).toBeEnabled();

  // A few hundred images: 640 training images, batches of 32; 200 test images. 20 epochs is far more
  // than the journey lets it run (it is stopped by hand), so a fast machine cannot finish it before
  // the resume below is observed.
  await typeInto(page, 'hp-train-limit', '640');
  await typeInto(page, 'hp-batch-size', '32');
  await typeInto(page, 'hp-epochs', '20');
  await typeInto(page, 'hp-test-limit', '200');
  await typeInto(page, 'hp-validation-split', '0');

  await page.getByTestId('train-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText(/running/);
  await expect.poll(() => examplesSeen(page), { timeout: 90_000 }).toBeGreaterThan(0);
  const firstSeen = await examplesSeen(page);
  await expect.poll(() => examplesSeen(page), { timeout: 60_000 }).toBeGreaterThan(firstSeen);
  await expect.poll(() => chartPoints(page)).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('train-progress')).toContainText(/Epoch\s*\d+ \/ 20/);
  await expect(page.getByTestId('progress-rate')).not.toHaveText('—');
  await expect(page.getByTestId('loss-chart').locator('path.line-chart__line').first()).toHaveAttribute(
    'd',
    /M.+L/,
  );
  await shot(page, testInfo, 'training-running');
  // What a 1280×720 projector shows with the dashboard scrolled into view.
  await page.getByTestId('train-progress').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'training-running-viewport', { fullPage: false });

  // Pause: the counters stop.
  await page.getByTestId('train-pause').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText(/paused/);
  const pausedAt = await examplesSeen(page);
  const pausedPoints = await chartPoints(page);
  await page.waitForTimeout(1500);
  expect(await examplesSeen(page)).toBe(pausedAt);
  expect(await chartPoints(page)).toBe(pausedPoints);
  await expect(page.getByTestId('train-resume')).toBeEnabled();
  await expect(page.getByTestId('train-pause')).toBeDisabled();

  // Step one batch: exactly 32 more examples, still paused.
  await page.getByTestId('train-step').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => examplesSeen(page)).toBe(pausedAt + 32);
  await expect(page.getByTestId('run-state')).toHaveText(/paused/);
  await shot(page, testInfo, 'training-paused');

  // Changing the network while paused asks to start over; undoing the change withdraws the question.
  await expect(page.getByTestId('spec-changed')).toHaveCount(0);
  await typeInto(page, 'layer-0-filters', '5');
  await expect(page.getByTestId('spec-changed')).toBeVisible();
  await expect(page.getByTestId('train-start-over')).toBeEnabled();
  await page.getByTestId('undo').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('summary-total-params')).toContainText('7,890');
  await expect(page.getByTestId('spec-changed')).toHaveCount(0);

  // Resume: it moves again.
  await page.getByTestId('train-resume').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText(/running/);
  await expect.poll(() => examplesSeen(page), { timeout: 60_000 }).toBeGreaterThan(pausedAt + 32);

  // Stop: the run ends and keeps its curves.
  await page.getByTestId('train-stop').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText(/stopped/);
  expect(await chartPoints(page)).toBeGreaterThan(pausedPoints);

  // The chart reads out values under the pointer and under the keyboard cursor.
  const lossSvg = page.getByTestId('loss-chart').locator('svg');
  const readout = page.getByTestId('loss-chart').locator('.line-chart__readout');
  await lossSvg.hover();
  await expect(readout).toContainText(/epoch [\d.]+: training \(live\) [\d.]+/);
  await lossSvg.focus();
  await page.keyboard.press('Home');
  await expect(readout).toContainText(/^epoch 0\.\d+: training \(live\)/);

  // Hard stop during a run: the worker is replaced, and the page trains again.
  await typeInto(page, 'hp-epochs', '1');
  await page.getByTestId('train-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText(/running/);
  await page.getByTestId('hard-stop').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText(/stopped/);
  await expect(page.getByText(/Hard stop: the engine was restarted/)).toBeVisible();
  // The fresh engine is ready when Start is enabled again.
  await expect(page.getByTestId('train-start')).toBeEnabled({ timeout: 90_000 });
  expect(await backendLine(page)).toContain('Backend: webgpu');
  await page.getByTestId('train-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveText(/finished/, { timeout: 120_000 });
  await expect(page.getByTestId('test-accuracy')).toBeVisible();
  await expect(page.locator('[data-testid="prediction"]')).toHaveCount(24);
  await shot(page, testInfo, 'training-finished');

  expect(errors).toEqual([]);
});

test('a seed-article model is compared with its published test accuracy', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu');
  expect(await backendLine(page)).toContain('Backend: webgpu');
  await page.getByTestId('preset-select').selectOption('fashion-mlp');
  await expect(page.getByTestId('dataset-fashion-mnist')).toBeChecked();
  await typeInto(page, 'hp-train-limit', '320');
  await typeInto(page, 'hp-epochs', '1');
  await typeInto(page, 'hp-test-limit', '200');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/finished/, { timeout: 120_000 });
  const comparison = page.getByTestId('published-comparison');
  await expect(comparison).toContainText('published 87.6 %');
  await expect(comparison).toContainText('Fashion-MNIST tutorial (seed 001), dense baseline');
  await expect(comparison).toContainText('1 epoch here, 5 in the article; 320 of 60,000 training images');
  const yours = Number(await page.getByTestId('test-accuracy').getAttribute('data-accuracy'));
  await expect(comparison).toContainText(`Yours ${(yours * 100).toFixed(1)} %`);
  // Fashion-MNIST class names label the results.
  await expect(page.getByTestId('per-class-accuracy')).toContainText('Ankle boot');
  await shot(page, testInfo, 'training-published');
  expect(errors).toEqual([]);
});

// A network with 8 or more weight tensors (LeNet-5 has 10) once made the divergence check's addN of
// every gradient overrun WebGPU's 8 storage buffers per shader: the sum was garbage, and the run
// stopped at batch 1 as "diverged" although every weight was finite.
test('LeNet-5 (10 weight tensors) trains on WebGPU without a false divergence', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu');
  expect(await backendLine(page)).toContain('Backend: webgpu');
  await page.getByTestId('preset-select').selectOption('lenet5');
  await typeInto(page, 'hp-train-limit', '320');
  await typeInto(page, 'hp-epochs', '1');
  await typeInto(page, 'hp-test-limit', '200');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/finished|stopped|failed/, { timeout: 200_000 });
  await expect(page.getByTestId('fault-banner')).toHaveCount(0);
  await expect(page.getByTestId('run-state')).toHaveText(/finished/);
  expect(await examplesSeen(page)).toBe(320);
  const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-accuracy'));
  expect(accuracy).toBeGreaterThanOrEqual(0);
  expect(accuracy).toBeLessThanOrEqual(1);
  await shot(page, testInfo, 'training-lenet5-webgpu');
  expect(errors).toEqual([]);
});
