/**
 * "Inside the network": with no model the tab says to train one; after training the tiny preset
 * briefly, every layer's channels are shown (as many as the summary says), the maps change while the
 * run trains (pixels compared), a clicked channel shows its filter and top images, a digit drawn with
 * mouse moves changes the prediction, and "explain this layer" opens the explorer with the layer's
 * sizes. A second journey measures the training slowdown with the panel open.
 */
import { writeFileSync } from 'node:fs';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { backendLine, watchConsole } from './helpers';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true });
  writeFileSync(`/tmp/h6-${name}.png`, body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

async function typeInto(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
}

const tab = (page: Page, name: 'Build & train' | 'Inside the network' | 'Convolution explorer') => page.getByRole('tab', { name }).click();
const examplesSeen = async (page: Page) => Number(await page.getByTestId('train-progress').getAttribute('data-examples'));

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

async function setTinyRun(page: Page, trainLimit: string, epochs: string): Promise<void> {
  await typeInto(page, 'hp-train-limit', trainLimit);
  await typeInto(page, 'hp-epochs', epochs);
  await typeInto(page, 'hp-test-limit', '200');
  await typeInto(page, 'hp-validation-split', '0');
}

test('feature maps, filters, drawing and explain-this-layer on a briefly trained tiny CNN', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await page.goto('/');
  await backendLine(page);

  // No model yet: the tab says so and leads back to the builder.
  await tab(page, 'Inside the network');
  await expect(page.getByTestId('inside-no-model')).toContainText('Train or load a model first');
  await page.getByTestId('go-build').click();
  await expect(page.getByTestId('train-start')).toBeVisible();

  // The summary's channels per layer (the tiny preset: conv 3×3 ×8 valid → max-pool 2 → flatten → dense 10).
  const summaryShapes: string[] = [];
  for (let i = 0; i < 4; i++) summaryShapes.push((await page.getByTestId(`summary-shape-${i}`).textContent()) ?? '');
  testInfo.annotations.push({ type: 'summary shapes', description: summaryShapes.join(' ') });

  await setTinyRun(page, '640', '6');
  await page.getByTestId('train-start').click();
  await expect.poll(() => examplesSeen(page), { timeout: 90_000 }).toBeGreaterThan(100);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('run-state')).toHaveText(/paused/);

  await tab(page, 'Inside the network');
  await expect(page.getByTestId('fmap-layer-0')).toBeVisible();
  for (let i = 0; i < 4; i++) {
    const dims = (summaryShapes[i].match(/\d+/g) ?? []).map(Number);
    const row = page.getByTestId(`fmap-layer-${i}`);
    if (dims.length === 3) {
      await expect(row.locator('[data-testid="fmap-channel"]')).toHaveCount(dims[2]);
      expect(Number(await row.getAttribute('data-channels'))).toBe(dims[2]);
    } else {
      await expect(row.locator('[data-testid="fmap-channel"]')).toHaveCount(0);
    }
  }
  await expect(page.getByTestId('fmap-layer-3').locator('[data-testid="fmap-class-bar"]')).toHaveCount(10);
  const drawMs = Number(await page.getByTestId('feature-maps').getAttribute('data-draw-ms'));
  testInfo.annotations.push({ type: 'feature-map draw ms (tiny CNN)', description: String(drawMs) });
  expect(drawMs).toBeLessThan(100);
  const before = await layerPixels(page, 0);
  await shot(page, testInfo, 'inside-paused');

  // Live while training: resume on the build tab, come back, and the maps change on their own.
  await tab(page, 'Build & train');
  await page.getByTestId('train-resume').click();
  await tab(page, 'Inside the network');
  await expect.poll(() => layerPixels(page, 0), { timeout: 60_000 }).not.toBe(before);
  await shot(page, testInfo, 'inside-training');

  // A conv channel shows the filter that produced it, and the images that excite it most.
  await page.locator('[data-testid="fmap-channel"][data-layer="0"][data-channel="3"]').click();
  await expect(page.getByTestId('channel-detail')).toContainText('channel 3');
  const detail = page.getByTestId('channel-detail').getByTestId('filter-detail');
  await expect(detail).toHaveAttribute('data-filter', '3');
  await expect(detail.locator('[data-testid="filter-slice"]')).toHaveCount(1);
  await expect(page.getByTestId('top-images').locator('[data-testid="top-image"]')).toHaveCount(8, { timeout: 60_000 });
  // Keyboard: the focused channel enlarges in the lens.
  await page.locator('[data-testid="fmap-channel"][data-layer="1"][data-channel="0"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.fmaps__lens-caption')).toContainText('channel 1');
  await shot(page, testInfo, 'inside-channel');

  // Filters at initialisation differ from the filters now.
  await tab(page, 'Build & train');
  await expect(page.getByTestId('run-state')).toHaveText(/finished|running/);
  await tab(page, 'Inside the network');
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
  await tab(page, 'Build & train');
  await page.getByTestId('explain-layer-0').click();
  await expect(page.getByTestId('conv-explorer')).toBeVisible();
  await expect(page.getByTestId('explorer-label')).toContainText('conv2d_0');
  await expect(page.getByTestId('output-size')).toHaveText('Output 26×26×1');
  await expect(page.getByTestId('explain-notice')).toHaveCount(0);
  await shot(page, testInfo, 'explain-layer');

  expect(errors).toEqual([]);
});

test('training slows down by little with the feature maps open', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await page.goto('/');
  await backendLine(page);
  await setTinyRun(page, '2000', '30');
  await page.getByTestId('train-start').click();
  await expect.poll(() => examplesSeen(page), { timeout: 90_000 }).toBeGreaterThan(200);

  // Alternate: 8 s with the build tab, 8 s with the feature maps, twice; rates from the examples counter.
  const phase = async (inside: boolean): Promise<number> => {
    const start = await examplesSeen(page);
    const t0 = Date.now();
    if (inside) await tab(page, 'Inside the network');
    await page.waitForTimeout(8000);
    if (inside) await tab(page, 'Build & train');
    const seen = (await examplesSeen(page)) - start;
    return seen / ((Date.now() - t0) / 1000);
  };
  const rates = { closed: [] as number[], open: [] as number[] };
  for (let round = 0; round < 2; round++) {
    rates.closed.push(await phase(false));
    rates.open.push(await phase(true));
  }
  await page.getByTestId('train-stop').click();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const slowdown = 1 - mean(rates.open) / mean(rates.closed);
  testInfo.annotations.push({ type: 'examples/s closed vs open', description: JSON.stringify({ ...rates, slowdown }) });
  writeFileSync('/tmp/h6-slowdown.json', JSON.stringify({ ...rates, slowdown }, null, 2));
  expect(mean(rates.open)).toBeGreaterThan(0);
  expect(slowdown).toBeLessThan(0.1);
  expect(errors).toEqual([]);
});
