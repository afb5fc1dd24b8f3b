/**
 * One source of truth between page and worker, in the browser: controls pressed before the run
 * exists in the worker are honoured (Step one batch from idle, Pause right after Start, Stop while
 * the dataset still downloads), and an uploaded model keeps its own dataset and classes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, type Page, type Route, test } from '@playwright/test';
import { backendLine, FORCE_SOFTWARE_WEBGPU, gotoView, openView, typeInto, watchConsole } from './helpers';

// These journeys train on WebGPU, so they need an adapter on every machine (the suite may run with
// WebGPU off): Chromium's software one.
test.use(FORCE_SOFTWARE_WEBGPU);

const examples = async (page: Page): Promise<number> =>
  Number(await page.getByTestId('train-progress').getAttribute('data-examples'));

/** Holds every request for one dataset's files until `release()` is called (a slow download). */
function holdDataset(page: Page, dataset: string): { release: () => void; held: () => number } {
  const waiting: Route[] = [];
  let released = false;
  void page.context().route(`**/datasets/${dataset}/**`, async (route) => {
    if (released) return route.fallback();
    waiting.push(route);
  });
  return {
    held: () => waiting.length,
    release: () => {
      released = true;
      for (const route of waiting.splice(0)) void route.fallback();
    },
  };
}

test('Step one batch from idle on WebGPU trains exactly one batch and stays paused', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu');
  expect(await backendLine(page)).toContain('Backend: webgpu');
  await typeInto(page, 'hp-train-limit', '640');
  await typeInto(page, 'hp-epochs', '1');
  const batchSize = Number(await page.getByTestId('hp-batch-size').inputValue());
  expect(batchSize).toBeGreaterThan(0);
  // Nothing to stop yet: Hard stop is disabled; the Pause sign is drawn, not a font glyph.
  await expect(page.getByTestId('hard-stop')).toBeDisabled();
  await expect(page.getByTestId('train-pause').locator('svg[data-testid="pause-icon"] rect')).toHaveCount(2);

  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');
  await expect.poll(() => examples(page)).toBe(batchSize);
  await expect(page.getByTestId('progress-batch')).toContainText(/^1\b/);
  await expect(page.getByTestId('hard-stop')).toBeEnabled();
  // Still one batch a moment later: the run waits for the next step.
  await page.waitForTimeout(1500);
  expect(await examples(page)).toBe(batchSize);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');

  // The next step adds exactly one more.
  await page.getByTestId('train-step').click();
  await expect.poll(() => examples(page)).toBe(2 * batchSize);
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped');
  expect(errors).toEqual([]);
});

test('Pause right after Start, and Stop while the dataset downloads, are honoured', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu');
  expect(await backendLine(page)).toContain('Backend: webgpu');
  // Fashion-MNIST is not downloaded yet: hold its files so that the run is still setting up.
  const fashion = holdDataset(page, 'fashion-mnist');
  await page.getByTestId('preset-select').selectOption('fashion-mlp');
  await typeInto(page, 'hp-train-limit', '640');
  await typeInto(page, 'hp-epochs', '1');
  await expect(page.getByTestId('train-start')).toBeEnabled();

  await page.getByTestId('train-start').click();
  await page.getByTestId('train-stop').click();
  await expect.poll(() => fashion.held()).toBeGreaterThan(0);
  fashion.release();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped');
  // Give a run that ignored the stop time to show itself.
  await page.waitForTimeout(2000);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'stopped');
  expect(await examples(page)).toBe(0);

  // A fresh page (the setup stays in the link), Fashion-MNIST held again: Pause pressed right after
  // Start, while the run sets up, pauses it before the first batch; Resume trains to the end.
  const again = holdDataset(page, 'fashion-mnist');
  await page.reload();
  await openView(page, 'build');
  expect(await backendLine(page)).toContain('Backend: webgpu');
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await page.getByTestId('train-start').click();
  await page.getByTestId('train-pause').click();
  await expect.poll(() => again.held()).toBeGreaterThan(0);
  again.release();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');
  await page.waitForTimeout(2000);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused');
  expect(await examples(page)).toBe(0);
  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  expect(await examples(page)).toBeGreaterThan(0);
  // The results say which epoch they are from.
  await expect(page.getByTestId('test-accuracy-epochs')).toHaveText('after 1 epoch');
  expect(errors).toEqual([]);
});

test('a Fashion-MNIST model uploaded while MNIST is selected shows its own accuracy and class names', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  // A real Fashion-MNIST model, trained by the same engine from the command line.
  const folder = testInfo.outputPath('fashion-model');
  const report = JSON.parse(
    execFileSync('npx', ['tsx', 'scripts/train.ts', '--preset', 'fashion-mlp', '--dataset', 'fashion-mnist', '--epochs', '1', '--limit', '3000', '--test-limit', '200', '--out', folder, '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { test: { accuracy: number; count: number }; files: string[] };
  expect(report.test.count).toBe(200);
  expect(report.test.accuracy).toBeGreaterThan(0.5);
  expect(JSON.parse(readFileSync(`${folder}/model.json`, 'utf8')).userDefinedMetadata).toBeTruthy();

  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu');
  expect(await backendLine(page)).toContain('Backend: webgpu');
  await expect(page.getByTestId('dataset-mnist')).toBeChecked();
  await typeInto(page, 'hp-test-limit', '200');
  await page.getByTestId('upload-model').setInputFiles(report.files);

  await expect(page.getByTestId('results-model')).toContainText('loaded from files');
  await expect(page.getByTestId('results-model')).toContainText('Fashion-MNIST');
  await expect(page.getByTestId('test-accuracy')).toContainText('on 200 test images');
  const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-accuracy'));
  // Its own accuracy on its own test images (the CLI's figure, up to float differences between
  // backends), far from the ≈ 10 % it scored when it was evaluated on MNIST digits.
  expect(Math.abs(accuracy - report.test.accuracy)).toBeLessThanOrEqual(0.02);
  // Its own class names, and the page shows its dataset.
  await expect(page.getByTestId('per-class-accuracy')).toContainText('Ankle boot');
  await expect(page.getByTestId('per-class-accuracy')).not.toContainText(/^0/);
  await expect(page.getByTestId('dataset-fashion-mnist')).toBeChecked();

  // Inside, test image #0 of Fashion-MNIST (an ankle boot) is on show: the class browser shows its
  // class, named, not class 0.
  await page.getByRole('tab', { name: 'Inside the network' }).click();
  await expect(page.getByTestId('inspect-index')).toHaveText('test image #0');
  await expect(page.getByTestId('browse-class')).toHaveValue('9');
  await expect(page.getByTestId('browse-strip').locator('[data-testid="browse-image"]').first()).toHaveAttribute('data-label', '9');
  await expect(page.locator('.test-picker__message')).toContainText('test images of class 9 · Ankle boot');

  expect(errors).toEqual([]);
});

test("the explorer's kernel cells are wide enough for the values they show", async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/');
  await page.getByRole('tab', { name: 'Convolution explorer' }).click();
  for (const id of ['input-width', 'input-height', 'kernel-width', 'kernel-height']) {
    await page.getByTestId(id).fill(id.startsWith('input') ? '9' : '7');
    await page.getByTestId(id).press('Tab');
  }
  await expect(page.getByTestId('kernel-weight-6-6')).toBeVisible();
  // A trained kernel's values have four decimals and a sign, e.g. −0.1234.
  const weight = page.getByTestId('kernel-weight-0-0');
  await weight.fill('-0.1234');
  await weight.press('Tab');
  await expect(weight).toHaveValue('-0.1234');
  expect(await weight.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(errors).toEqual([]);
});
