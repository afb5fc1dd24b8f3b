/**
 * Offline after the first visit (issue 15): the built app's service worker keeps the app, its
 * WebAssembly and the datasets the learner opened. The journey loads the home view (it opens MNIST
 * with the Tiny CNN), goes offline, reloads, and trains one batch by Step; the page says it is
 * offline, that MNIST is available and Fashion-MNIST and CIFAR-10 need the network, and picking Fashion-MNIST
 * says so instead of waiting (the notice, and the failed run's message under Play). The page and its engine worker are still cross-origin isolated when
 * served from the cache (WebAssembly threads need it). Checked at 1280×720 and 1024×768.
 */
import { expect, type Page, test } from '@playwright/test';
import { backendLine, openView, shot, watchConsole } from './helpers';

// Everything else in the suite blocks service workers (playwright.config.ts); this journey is about one.
test.use({ serviceWorkers: 'allow' });

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

const examples = async (page: Page): Promise<number> => Number(await page.getByTestId('pg-counter').getAttribute('data-examples'));

/** Entries of the service worker's dataset cache, as paths. */
function cachedDatasetFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const cache = await caches.open('cnnp-datasets-v1');
    return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
  });
}

for (const size of SIZES) {
  test(`offline at ${size.width}×${size.height}: reload without network, Step trains the Tiny CNN, the notice says what works`, async ({ page, context }, info) => {
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    const errors = watchConsole(page);

    // First visit, online: the home view opens MNIST; the service worker installs and takes over.
    await page.goto('/');
    await backendLine(page);
    await expect(page.getByTestId('pg-test-accuracy')).toContainText('right of 1,000', { timeout: 90_000 });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 }).toBe(true);
    await expect(page.getByTestId('offline-notice')).toHaveCount(0);
    // MNIST's four files are kept for offline use (fetched before the worker was installed).
    await expect
      .poll(() => cachedDatasetFiles(page), { timeout: 60_000 })
      .toEqual(['/datasets/mnist/t10k-images-idx3-ubyte.gz', '/datasets/mnist/t10k-labels-idx1-ubyte.gz', '/datasets/mnist/train-images-idx3-ubyte.gz', '/datasets/mnist/train-labels-idx1-ubyte.gz']);

    // No network: the page says so at once, without a reload.
    await context.setOffline(true);
    await expect(page.getByTestId('offline-text')).toHaveText('Offline — MNIST is available, Fashion-MNIST and CIFAR-10 need the network');

    // Reload offline: the app, its worker and WebAssembly come from the cache, still isolated.
    await page.reload();
    await backendLine(page);
    await expect(page.getByTestId('offline-text')).toHaveText('Offline — MNIST is available, Fashion-MNIST and CIFAR-10 need the network');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect.poll(() => page.workers().length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.workers()[0].evaluate(() => crossOriginIsolated)).toBe(true);

    // Step trains one batch of the Tiny CNN on MNIST from the cache.
    await expect(page.getByTestId('pg-preset')).toHaveValue('tiny');
    await expect(page.getByTestId('pg-test-accuracy')).toContainText('right of 1,000', { timeout: 90_000 });
    await expect(page.getByTestId('pg-step')).toBeEnabled();
    await page.getByTestId('pg-step').click();
    await expect.poll(() => examples(page), { timeout: 90_000 }).toBe(64);
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'paused');

    // The notice fits the header's width and is not cut off.
    const notice = (await page.getByTestId('offline-notice').boundingBox())!;
    expect(notice.x + notice.width).toBeLessThanOrEqual(size.width + 0.5);
    const clipped = await page.getByTestId('offline-text').evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    expect(clipped).toBe(false);
    await shot(page, info, `${size.width}x${size.height}-offline-trained`, { fullPage: false });

    // Fashion-MNIST was never opened: picking it says it needs the network, rather than waiting.
    // (The Step trained the model, so changing the dataset asks first.)
    await page.getByTestId('pg-dataset').selectOption('fashion-mnist');
    await page.getByTestId('pg-discard-confirm').click();
    await expect(page.getByTestId('offline-dataset-problem')).toHaveText(
      'Fashion-MNIST cannot be opened offline: it is not saved on this device yet — choose MNIST, or connect and open it once',
    );
    // The home view's run of it failed on that: the failure is said under Play, not only in Build.
    await expect(page.getByTestId('pg-run-failure')).toHaveAttribute('data-kind', 'dataset', { timeout: 60_000 });
    await expect(page.getByTestId('pg-run-failure')).toContainText('The dataset could not be loaded');
    await expect(page.getByTestId('pg-run-failure-message')).toContainText('The fashion-mnist dataset could not be loaded');
    await expect(page.getByTestId('pg-run-failure-message')).toContainText('is not saved on this device');
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'failed');
    await shot(page, info, `${size.width}x${size.height}-offline-fashion-needs-network`, { fullPage: false });
    // The engine's own answer, where the dataset is shown (Build): the service worker said it is not saved.
    await openView(page, 'build');
    await expect(page.getByTestId('dataset-error')).toContainText('Could not load Fashion-MNIST: fashion-mnist/', { timeout: 60_000 });
    await expect(page.getByTestId('dataset-error')).toContainText('is not saved on this device and there is no network');

    // The network is back: the notice goes.
    await context.setOffline(false);
    await expect(page.getByTestId('offline-notice')).toHaveCount(0);
    // Offline fetches fail by design; nothing else may have gone wrong.
    expect(errors.filter((e) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED|not saved on this device/.test(e))).toEqual([]);
  });
}
