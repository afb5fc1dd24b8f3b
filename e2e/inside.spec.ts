/**
 * "Inside the network": with no model the tab says to train one; after training the tiny preset
 * briefly, every layer's channels are shown (as many as the summary says), the maps change while the
 * run trains (pixels compared), a clicked channel shows its filter and top images, a digit drawn with
 * mouse moves changes the prediction, and "explain this layer" opens the explorer with the layer's
 * sizes. A second journey keeps the seed Fashion CNN's maps open while it trains. How long the maps
 * take to draw and how much they slow training down are measured by `npm run bench`, not here.
 */
import { expect, type Page, test } from '@playwright/test';
import { backendLine, examplesSeen, gotoView, openView, setRunSize, shot, watchConsole } from './helpers';

/** The pixels of every channel canvas of a feature-map layer, as one string. */
async function layerPixels(page: Page, layer: number): Promise<string> {
  return page
    .getByTestId(`fmap-layer-${layer}`)
    .locator('canvas')
    .evaluateAll((canvases) => (canvases as HTMLCanvasElement[]).map((c) => c.toDataURL()).join('|'));
}

async function probabilities(page: Page): Promise<number[]> {
  return page
    .getByTestId('inside-prediction')
    .locator('[data-testid="class-bar"]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-probability'))));
}

/** Examples seen, as the Inside view's own status line reports them. */
const examplesSeenInside = async (page: Page) => Number(await page.getByTestId('inside-run-status').getAttribute('data-examples'));

test('feature maps, filters, drawing and explain-this-layer on a briefly trained tiny CNN', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await gotoView(page, '/');
  await backendLine(page);

  // No model yet: the tab says so and leads back to the builder.
  await openView(page, 'inside');
  await expect(page.getByTestId('inside-no-model')).toContainText('Train or load a model first');
  await page.getByTestId('go-build').click();
  await expect(page.getByTestId('train-start')).toBeVisible();

  // The summary's channels per layer (the tiny preset: conv 3×3 ×8 valid → max-pool 2 → flatten → dense 10).
  const summaryShapes: string[] = [];
  for (let i = 0; i < 4; i++) summaryShapes.push((await page.getByTestId(`summary-shape-${i}`).textContent()) ?? '');
  testInfo.annotations.push({ type: 'summary shapes', description: summaryShapes.join(' ') });

  // Far more than the journey lets it train (it is paused by hand), so that it is still going on any machine.
  await setRunSize(page, '60000', '200');
  await page.getByTestId('train-start').click();
  await expect.poll(() => examplesSeen(page), { timeout: 90_000 }).toBeGreaterThan(100);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('run-state')).toHaveText(/paused/);

  await openView(page, 'inside');
  await expect(page.getByTestId('fmap-layer-0')).toBeVisible();
  // conv 26×26×8 and pool 13×13×8 show 8 channels each; flatten (1352) and dense (10) show none.
  expect(summaryShapes).toEqual(['26×26×8', '13×13×8', '1352', '10']);
  for (const [i, channels] of [8, 8, 0, 0].entries()) {
    await expect(page.getByTestId(`fmap-layer-${i}`).locator('[data-testid="fmap-channel"]')).toHaveCount(channels);
  }
  for (const i of [0, 1]) expect(Number(await page.getByTestId(`fmap-layer-${i}`).getAttribute('data-channels'))).toBe(8);
  await expect(page.getByTestId('fmap-layer-3').locator('[data-testid="fmap-class-bar"]')).toHaveCount(10);
  // The maps report how long they took to draw (the bench reads it; its budget is checked there).
  await expect(page.getByTestId('feature-maps')).toHaveAttribute('data-draw-ms', /^\d+(\.\d+)?$/);
  const before = await layerPixels(page, 0);
  await shot(page, testInfo, 'inside-paused');

  // Live while training: resume on the build tab, come back, and the maps change on their own.
  await openView(page, 'build');
  await page.getByTestId('train-resume').click();
  await openView(page, 'inside');
  await expect.poll(() => layerPixels(page, 0), { timeout: 60_000 }).not.toBe(before);
  await shot(page, testInfo, 'inside-training');

  // A conv channel shows the filter that produced it, and the images that excite it most.
  await page.locator('[data-testid="fmap-channel"][data-layer="0"][data-channel="3"]').click();
  await expect(page.getByTestId('channel-detail')).toContainText('channel 4');
  const detail = page.getByTestId('channel-detail').getByTestId('filter-detail');
  await expect(detail).toHaveAttribute('data-filter', '3');
  await expect(detail.locator('[data-testid="filter-slice"]')).toHaveCount(1);
  await expect(page.getByTestId('top-images').locator('[data-testid="top-image"]')).toHaveCount(8, { timeout: 60_000 });
  // Keyboard: the focused channel enlarges in the lens.
  await page.locator('[data-testid="fmap-channel"][data-layer="1"][data-channel="0"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.fmaps__lens-caption')).toContainText('channel 2');
  await shot(page, testInfo, 'inside-channel');

  // Filters at initialisation differ from the filters now (the run paused, so that "now" holds still).
  await openView(page, 'build');
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('run-state')).toHaveText(/paused/);
  await openView(page, 'inside');
  const filterPixels = () =>
    page.getByTestId('filters-panel').getByTestId('filter-layer-0').locator('[data-testid="filter-cell"]').evaluateAll((cs) => (cs as HTMLCanvasElement[]).map((c) => c.toDataURL()).join('|'));
  const now = await filterPixels();
  await page.getByTestId('filters-initial').check({ force: true });
  await expect.poll(filterPixels).not.toBe(now);

  // Draw a digit with the mouse: the prediction bars change as strokes are added.
  await page.getByTestId('input-mode-draw').check({ force: true });
  const pad = page.getByTestId('drawing-pad');
  const box = (await pad.boundingBox())!;
  const stroke = async (points: [number, number][]) => {
    await page.mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
  };
  await stroke([[0.5, 0.15], [0.5, 0.85]]); // a "1"
  await expect(page.getByTestId('draw-status')).toContainText('Classified live');
  await expect.poll(async () => (await probabilities(page)).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.99);
  const asOne = await probabilities(page);
  await stroke([[0.5, 0.15], [0.8, 0.3], [0.8, 0.7], [0.5, 0.85], [0.2, 0.7], [0.2, 0.3], [0.5, 0.15]]); // closed into a "0"
  await expect.poll(async () => JSON.stringify(await probabilities(page))).not.toBe(JSON.stringify(asOne));
  const previewInk = await page.getByTestId('draw-preview').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 60) ink++;
    return ink;
  });
  expect(previewInk).toBeGreaterThan(30);
  await shot(page, testInfo, 'inside-drawing');

  // "Explain this layer" from the builder: the explorer opens with that layer's sizes and real weights.
  await openView(page, 'build');
  await page.getByTestId('explain-layer-0').click();
  await expect(page.getByTestId('conv-explorer')).toBeVisible();
  await expect(page.getByTestId('explorer-label')).toContainText('conv2d_0');
  await expect(page.getByTestId('output-size')).toHaveText('Output 26×26×1');
  await expect(page.getByTestId('explain-notice')).toHaveCount(0);
  await shot(page, testInfo, 'explain-layer');

  expect(errors).toEqual([]);
});

test('the seed Fashion CNN: the maps of every layer stay live while it trains, with the summary’s channel counts', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await gotoView(page, '/');
  await backendLine(page);
  await page.getByTestId('preset-select').selectOption('fashion-cnn');
  await expect(page.getByTestId('dataset-fashion-mnist')).toBeChecked();
  await expect(page.locator('[data-testid="sample"]').first()).toBeVisible({ timeout: 90_000 });
  // Far more than the journey lets it train: it is stopped by hand, still running on any machine.
  await setRunSize(page, '60000', '200');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/running/, { timeout: 60_000 });
  await expect.poll(() => examplesSeen(page), { timeout: 120_000 }).toBeGreaterThan(64);

  await openView(page, 'inside');
  // conv 28×28×32 → pool 14×14×32 → conv 14×14×64 → pool 7×7×64: the channels the summary states.
  for (const [layer, channels] of [32, 32, 64, 64].entries()) {
    await expect(page.getByTestId(`fmap-layer-${layer}`).locator('[data-testid="fmap-channel"]')).toHaveCount(channels);
  }
  // With the panel open, training goes on and the deepest conv layer's maps follow it.
  const seen = await examplesSeenInside(page);
  const before = await layerPixels(page, 2);
  await expect.poll(() => examplesSeenInside(page), { timeout: 120_000 }).toBeGreaterThan(seen);
  await expect.poll(() => layerPixels(page, 2), { timeout: 120_000 }).not.toBe(before);
  await shot(page, testInfo, 'inside-fashion-cnn');

  await openView(page, 'build');
  await expect(page.getByTestId('run-state')).toHaveText(/running/);
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('run-state')).toHaveText(/stopped/);
  expect(errors).toEqual([]);
});
