/**
 * Saving and loading trained models: train a tiny model, save it in IndexedDB, download it as files,
 * reload the page, load it back from IndexedDB and from the files, and check that its predictions are
 * the very same; then delete it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { backendLine, watchConsole } from './helpers';
import { gotoView, openView } from './navigation';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true });
  writeFileSync(`/tmp/h5b-${name}.png`, body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

async function typeInto(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(value);
}

/** The prediction grid as data: test index, predicted class and confidence of every image. */
async function predictions(page: Page): Promise<string[]> {
  const items = page.locator('[data-testid="prediction"]');
  await expect(items).toHaveCount(24);
  return items.evaluateAll((figures) =>
    figures.map(
      (f) =>
        `${f.getAttribute('data-index')}:${f.getAttribute('data-predicted')}:${f.getAttribute('data-confidence')}`,
    ),
  );
}

test('saves a trained model, reloads the page, loads it from IndexedDB and from files with identical predictions', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu', 'build');
  expect(await backendLine(page)).toContain('Backend: webgpu');

  // The tiny preset (the starting model), on a few hundred images.
  await typeInto(page, 'hp-train-limit', '320');
  await typeInto(page, 'hp-epochs', '1');
  await typeInto(page, 'hp-test-limit', '200');
  await expect(page.getByTestId('save-model')).toBeDisabled();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/finished/, { timeout: 180_000 });
  await expect(page.getByTestId('test-accuracy')).toContainText('on 200 test images');
  const accuracy = await page.getByTestId('test-accuracy').getAttribute('data-accuracy');
  const trained = await predictions(page);
  // Not a blank model: the confidences differ from image to image.
  expect(new Set(trained.map((p) => p.split(':')[2])).size).toBeGreaterThan(1);

  // Save in IndexedDB under a name.
  await typeInto(page, 'save-model-name', 'my tiny cnn');
  await page.getByTestId('save-model').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('library-message')).toHaveText('Saved “my tiny cnn”.');
  const saved = page.getByTestId('saved-models').locator('li');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('my tiny cnn');
  const key = (await saved.getAttribute('data-key'))!;

  // Download both files.
  const folder = testInfo.outputPath('model');
  mkdirSync(folder, { recursive: true });
  const downloads: Promise<string>[] = [];
  page.on('download', (download) => {
    const path = `${folder}/${download.suggestedFilename()}`;
    downloads.push(download.saveAs(path).then(() => path));
  });
  await page.getByTestId('download-model').click();
  await expect.poll(() => downloads.length).toBe(2);
  const files = await Promise.all(downloads);
  expect(files.map((f) => f.split('/').pop()).sort()).toEqual(['model.json', 'weights.bin']);

  // A fresh page: the saved model is still listed; loading it gives the same predictions.
  await page.reload();
  await openView(page, 'build');
  expect(await backendLine(page)).toContain('Backend: webgpu');
  await expect(page.getByTestId('saved-models').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('run-state')).toHaveText(/idle/);
  await typeInto(page, 'hp-test-limit', '200');
  await page.getByTestId(`load-model-${key}`).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('results-model')).toContainText('loaded from this browser');
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-accuracy', accuracy!);
  expect(await predictions(page)).toEqual(trained);
  await shot(page, testInfo, 'saveload-loaded');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await shot(page, testInfo, 'saveload-loaded-dark');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));

  // A confusion-matrix cell opens the images that landed in it: the first prediction's cell holds its image.
  const first = page.locator('[data-testid="prediction"]').first();
  const [index, label, predicted] = await Promise.all(
    ['data-index', 'data-label', 'data-predicted'].map((a) => first.getAttribute(a)),
  );
  await page.getByTestId(`confusion-cell-${label}-${predicted}`).focus();
  await page.keyboard.press('Enter');
  const cell = page.getByTestId('confusion-cell-images');
  await expect(cell).toContainText(/True .+, predicted .+: \d+ image/);
  await expect(cell.locator(`[data-testid="cell-image"][data-index="${index}"]`)).toHaveCount(1);
  await expect(cell.locator('[data-testid="cell-image"]').first()).toHaveAttribute('data-label', label!);

  // The downloaded files load back too.
  await page.getByTestId('upload-model').setInputFiles(files);
  await expect(page.getByTestId('results-model')).toContainText('loaded from files');
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-accuracy', accuracy!);
  expect(await predictions(page)).toEqual(trained);

  // Picking only one of the two files says what is missing.
  await page.getByTestId('upload-model').setInputFiles(files.filter((f) => f.endsWith('.json')));
  await expect(page.getByTestId('library-message')).toContainText('Pick both files together');

  // Delete.
  await page.getByTestId(`delete-model-${key}`).click();
  await expect(page.getByTestId('saved-models')).toHaveText('No saved models yet.');
  expect(errors).toEqual([]);
});
