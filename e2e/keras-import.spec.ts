/**
 * A learner's own Keras model: drop fashion_cnn_seed001.keras (made by Keras 3 itself,
 * ../shared/fixtures/keras/) on the page, and see its summary (421,642 parameters), its test accuracy
 * (the one Keras measured on the same 10,000 test images) and, inside, its feature maps: 32 channels
 * after the first convolution, 64 after the second. Then it goes back to Python: the .keras download
 * and the Python project download are real zips with what Keras and the scripts need.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { CONTENT_SECURITY_POLICY } from '../scripts/securityHeaders';
import { backendLine, watchConsole } from './helpers';

const FIXTURES = '../shared/fixtures/keras';
const expected = JSON.parse(readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as Record<string, { testAccuracy: number; params: number }>;

/** Drops a file on the page the way a desktop drag does: dragenter, dragover, drop with a DataTransfer. */
async function dropFile(page: Page, path: string, name: string): Promise<void> {
  const base64 = readFileSync(path).toString('base64');
  await page.evaluate(
    ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    { base64, name },
  );
}

test('drops a Keras .keras file on the page: its summary, its test accuracy and its feature maps', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  // The app is served with its Content-Security-Policy (no eval; WebAssembly compiled from bytes only):
  // h5wasm (the HDF5 reader) and the wasm backend must work under it, in the page and in the worker.
  const response = (await page.goto('/?view=build'))!;
  expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await backendLine(page);

  await dropFile(page, `${FIXTURES}/fashion_cnn_seed001.keras`, 'fashion_cnn_seed001.keras');
  await expect(page.getByTestId('library-message')).toContainText('Opened “fashion_cnn_seed001” from fashion_cnn_seed001.keras.', { timeout: 90_000 });

  // The builder now holds the dropped architecture: its summary counts Keras's parameters.
  await expect(page.getByTestId('summary-total-params')).toContainText('Total params: 421,642');
  expect(expected.fashion_cnn_seed001.params).toBe(421_642);
  await expect(page.getByTestId('results-model')).toContainText('fashion_cnn_seed001 · Fashion-MNIST · loaded from files');

  // Evaluated on the whole Fashion-MNIST test set, as Keras was: the same accuracy (to 0.001).
  const accuracy = page.getByTestId('test-accuracy');
  await expect(accuracy).toContainText('10,000', { timeout: 120_000 });
  const measured = Number(await accuracy.getAttribute('data-accuracy'));
  expect(Math.abs(measured - expected.fashion_cnn_seed001.testAccuracy)).toBeLessThanOrEqual(0.001);
  await testInfo.attach('keras-import-results', { body: await page.screenshot(), contentType: 'image/png' });

  // Inside: every layer's feature maps, channel counts as Keras's output shapes say.
  await page.getByRole('tab', { name: 'Inside the network' }).click();
  await expect(page.getByTestId('fmap-layer-0').locator('[data-testid="fmap-channel"]')).toHaveCount(32);
  await expect(page.getByTestId('fmap-layer-2').locator('[data-testid="fmap-channel"]')).toHaveCount(64);
  await testInfo.attach('keras-import-inside', { body: await page.screenshot(), contentType: 'image/png' });

  // Back to Python: a .keras file and a Python project (the Python side is checked by python-project.test.ts).
  await page.getByRole('tab', { name: 'Build & train' }).click();
  const saved = async (testId: string): Promise<{ name: string; bytes: Uint8Array }> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
  };
  const keras = await saved('download-keras');
  expect(keras.name).toBe('fashion-cnn-seed001.keras');
  expect(Object.keys(unzipSync(keras.bytes)).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
  await expect(page.getByTestId('library-message')).toContainText('keras.models.load_model("fashion-cnn-seed001.keras")');
  const project = await saved('download-python');
  expect(project.name).toBe('fashion-cnn-seed001-python.zip');
  expect(Object.keys(unzipSync(project.bytes)).sort()).toEqual(
    ['README.md', 'check.py', 'model.keras', 'model_keras.py', 'model_torch.py', 'playground_predictions.npy', 'requirements.txt', 'sample_images.npy', 'train.py', 'weights.npz'].map((f) => `fashion-cnn-seed001/${f}`),
  );
  await expect(page.getByTestId('library-message')).toContainText('pip install -r requirements.txt');

  // A file that is not a model is refused with a message saying what to pick.
  await dropFile(page, `${FIXTURES}/README.md`, 'notes.h5');
  await expect(page.getByTestId('library-message')).toContainText('Could not open notes.h5');
  await expect(page.getByTestId('library-message')).toContainText('model.save');
  // The model stays: nothing was lost.
  await expect(page.getByTestId('results-model')).toContainText('fashion_cnn_seed001');

  // Trained further: a short run starts from the Keras weights (a fresh network would start from chance).
  await page.getByTestId('hp-train-limit').fill('256');
  await page.getByTestId('hp-epochs').fill('1');
  await page.getByTestId('hp-test-limit').fill('500');
  await page.getByTestId('train-continue').click();
  await expect(page.getByTestId('run-state')).toHaveText(/finished/, { timeout: 120_000 });
  await expect(page.getByTestId('test-accuracy')).toContainText('on 500 test images');
  expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-accuracy'))).toBeGreaterThan(0.7);
  expect(errors).toEqual([]);
});
