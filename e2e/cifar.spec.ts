/**
 * CIFAR-10 in the page: its test photos in colour with the class names the label bytes say (read
 * here straight from the files the app serves), a cats-vs-dogs subset relabelled with its own names,
 * and, after a short run of a CNN on it, the input in colour and per channel and the first layer's
 * filters as RGB pictures. Both at 1280×720 and 1024×768.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, type Page, test } from '@playwright/test';
import { backendLine, examplesSeen, gotoView, openView, picturePixels, setRunSize, shot, watchConsole } from './helpers';

const RECORD = 3073;
const TEST_BATCH = gunzipSync(readFileSync('public/datasets/cifar-10/test_batch.bin.gz'));
const CLASS_NAMES = readFileSync('public/datasets/cifar-10/batches.meta.txt', 'utf8').split('\n').filter(Boolean);
const label = (record: number): number => TEST_BATCH[record * RECORD];

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

/** Captions and indices of the gallery's samples. */
async function shownSamples(page: Page): Promise<{ index: number; caption: string | null | undefined; channels: string | null }[]> {
  return page.locator('[data-testid="sample"]').evaluateAll((figures) =>
    figures.map((f) => ({
      index: Number(f.getAttribute('data-index')),
      caption: f.querySelector('figcaption')?.textContent,
      channels: f.querySelector('img')?.getAttribute('data-channels') ?? null,
    })),
  );
}

for (const viewport of VIEWPORTS) {
  test(`CIFAR-10 test photos show in colour with the class names of their label bytes, and cat vs dog keeps only those (${viewport.width}×${viewport.height})`, async ({ page }, testInfo) => {
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    const errors = watchConsole(page);
    await gotoView(page, '/');
    await backendLine(page);
    await page.getByTestId('dataset-cifar-10').check({ force: true });
    const samples = page.locator('[data-testid="sample"]');
    await expect(samples).toHaveCount(24, { timeout: 120_000 });
    const shown = await shownSamples(page);
    for (const { index, caption, channels } of shown) {
      expect(caption).toBe(CLASS_NAMES[label(index)]);
      expect(channels).toBe('3');
    }
    // The first photo's canvas holds the record's own red, green and blue bytes (HWC from CIFAR's planes).
    const first = shown[0].index;
    const pixels = await picturePixels(samples.first().locator('img'));
    expect(pixels).toHaveLength(32 * 32 * 4);
    const start = first * RECORD + 1;
    for (const p of [0, 77, 500, 1023]) {
      expect(pixels.slice(4 * p, 4 * p + 3)).toEqual([TEST_BATCH[start + p], TEST_BATCH[start + 1024 + p], TEST_BATCH[start + 2048 + p]]);
    }
    let coloured = 0;
    for (let p = 0; p < 1024; p++) if (Math.abs(pixels[4 * p] - pixels[4 * p + 2]) > 10) coloured++;
    testInfo.annotations.push({ type: 'pixels whose red and blue differ by more than 10', description: String(coloured) });
    // The strip is on screen at this size, without scrolling.
    await expect(samples.first()).toBeInViewport();
    await shot(page, testInfo, `cifar-gallery-${viewport.width}`, { fullPage: false });

    // Cat vs dog: only those two classes, relabelled 0 and 1 with their own names.
    await page.getByTestId('class-filter-summary').click();
    await page.getByTestId('class-filter-3').click();
    await page.getByTestId('class-filter-5').click();
    await expect(page.getByTestId('class-filter-summary')).toHaveText('Classes: cat vs dog');
    await expect(samples.first()).toHaveAttribute('data-class-name', /^(cat|dog)$/);
    const catsAndDogs: number[] = [];
    for (let r = 0; r < 10_000 && catsAndDogs.length < 24; r++) if (label(r) === 3 || label(r) === 5) catsAndDogs.push(r);
    await expect.poll(async () => (await shownSamples(page)).map((s) => s.caption)).toEqual(catsAndDogs.map((r) => CLASS_NAMES[label(r)]));
    const relabelled = await samples.evaluateAll((figures) => figures.map((f) => Number(f.getAttribute('data-label'))));
    expect(relabelled).toEqual(catsAndDogs.map((r) => (label(r) === 3 ? 0 : 1)));
    await page.getByTestId('class-filter-all').click();
    await expect(page.getByTestId('class-filter-summary')).toHaveText('Classes: all 10');
    expect(errors).toEqual([]);
  });
}

test('after a short run on CIFAR-10, Inside shows the input in colour and per channel and the first-layer filters as RGB pictures (1280×720, then 1024×768)', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await gotoView(page, '/');
  await backendLine(page);
  await page.getByTestId('preset-select').selectOption('cifar10-cnn');
  await expect(page.getByTestId('summary-shape-0')).toHaveText('30×30×32');
  // More than the journey lets it train (it is paused by hand), so it is still going on any machine.
  await setRunSize(page, '5000', '50');
  await page.getByTestId('train-start').click();
  await expect.poll(() => examplesSeen(page), { timeout: 180_000 }).toBeGreaterThan(64);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('run-state')).toHaveText(/paused/);

  await openView(page, 'inside');
  await expect(page.getByTestId('fmap-input')).toHaveAttribute('data-channels', '3');
  for (const channel of ['red', 'green', 'blue']) await expect(page.getByTestId(`fmap-input-${channel}`)).toBeVisible();
  const layer = page.getByTestId('filters-panel').getByTestId('filter-layer-0');
  await expect(layer).toHaveAttribute('data-rgb', 'true');
  const cells = layer.locator('[data-testid="filter-cell"]');
  await expect(cells).toHaveCount(32);
  expect(await cells.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-channels')))).toEqual(new Array(32).fill('3'));
  // Colour pictures: within the grid, the three channels of a weight differ (random 3×3×3 filters).
  const coloured = await cells.evaluateAll((cs) =>
    (cs as HTMLCanvasElement[]).filter((c) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) return true;
      return false;
    }).length,
  );
  expect(coloured).toBe(32);
  // The second conv's filters span 32 channels: they are summarised, not drawn in colour.
  await expect(page.getByTestId('filters-panel').getByTestId('filter-layer-2')).toHaveAttribute('data-rgb', 'false');

  // A filter's channel detail shows it per channel: red, green and blue slices (the 5th filter, named from 1).
  await cells.nth(4).click();
  const slices = page.getByTestId('channel-detail').locator('[data-testid="filter-slice"]');
  await expect(slices).toHaveCount(3);
  expect(await slices.evaluateAll((s) => s.map((e) => e.getAttribute('aria-label')))).toEqual(['filter 5, red channel', 'filter 5, green channel', 'filter 5, blue channel']);
  // At both sizes the colour input, its channels and the RGB filters are drawn at a visible size.
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    for (const id of ['fmap-input', 'fmap-input-red', 'fmap-input-blue']) {
      await page.getByTestId(id).scrollIntoViewIfNeeded();
      await expect(page.getByTestId(id)).toBeInViewport();
      expect((await page.getByTestId(id).boundingBox())!.width).toBeGreaterThanOrEqual(32);
    }
    await cells.first().scrollIntoViewIfNeeded();
    await expect(cells.first()).toBeInViewport();
    await shot(page, testInfo, `cifar-inside-${size.width}`, { fullPage: false });
  }

  // Colour datasets offer an upload, not the drawing pad.
  await expect(page.getByTestId('input-mode-upload')).toHaveCount(1);
  await expect(page.getByTestId('input-mode-draw')).toHaveCount(0);
  expect(errors).toEqual([]);
});
