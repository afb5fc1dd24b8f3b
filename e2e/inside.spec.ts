/**
 * "Inside the network": with no model the tab says to train one; after training the tiny preset
 * briefly, every layer's channels are shown (as many as the summary says), the maps change while the
 * run trains (pixels compared), a clicked channel shows its filter and top images, a digit drawn with
 * mouse moves changes the prediction, and "explain this layer" opens the explorer with the layer's
 * sizes. A second journey measures the training slowdown with the panel open.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { backendLine, watchConsole } from './helpers';
import { gotoView } from './navigation';

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
  await gotoView(page, '/', 'build');
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

test('the seed Fashion CNN: maps drawn within 100 ms, and training slows down by little with them open', async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  const errors = watchConsole(page);
  await gotoView(page, '/', 'build');
  await backendLine(page);
  await page.getByTestId('preset-select').selectOption('fashion-cnn');
  await expect(page.getByTestId('dataset-fashion-mnist')).toBeChecked();
  await expect(page.locator('[data-testid="sample"]').first()).toBeVisible({ timeout: 90_000 });
  // Far more examples than the ~100 s of measuring can consume on a fast machine (600,000): the run
  // must still be going at the end, or the last windows would measure an idle worker.
  await setTinyRun(page, '6000', '100');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/running/, { timeout: 60_000 });
  await expect.poll(() => examplesSeen(page), { timeout: 120_000 }).toBeGreaterThan(64);
  // The panel mounts once, as a learner would open it; later rounds only switch the tab.
  await tab(page, 'Inside the network');
  await expect(page.getByTestId('fmap-layer-0')).toBeVisible();
  await tab(page, 'Build & train');

  // Alternate 6 s with the build tab and 6 s with the live feature maps; a ratio per adjacent pair.
  // Each window starts after the tab switch has settled, and reads the examples counter of the tab on
  // screen, so that mounting a tab is not counted against either side.
  const drawTimes: number[] = [];
  const counter = (inside: boolean) => page.getByTestId(inside ? 'inside-run-status' : 'train-progress');
  const phase = async (inside: boolean): Promise<number> => {
    await tab(page, inside ? 'Inside the network' : 'Build & train');
    await page.waitForTimeout(1500);
    const start = Number(await counter(inside).getAttribute('data-examples'));
    const t0 = Date.now();
    for (let s = 0; s < 6; s++) {
      await page.waitForTimeout(1000);
      if (inside) drawTimes.push(Number(await page.getByTestId('feature-maps').getAttribute('data-draw-ms')));
    }
    const seen = Number(await counter(inside).getAttribute('data-examples')) - start;
    return seen / ((Date.now() - t0) / 1000);
  };
  const load: number[] = [];
  const pairs: { closed: number; open: number }[] = [];
  for (let round = 0; round < 6; round++) {
    load.push(loadavg()[0]);
    const closed = await phase(false);
    const open = await phase(true);
    pairs.push({ closed, open });
  }
  await tab(page, 'Build & train');
  await expect(page.getByTestId('run-state')).toHaveText(/running/); // the run outlasted the measurement
  await page.getByTestId('train-stop').click();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const slowdown = median(pairs.map((p) => 1 - p.open / p.closed));
  const result = { pairs, slowdown, load, drawMs: { median: median(drawTimes), max: Math.max(...drawTimes), all: drawTimes } };
  testInfo.annotations.push({ type: 'Fashion CNN: examples/s closed vs open, draw ms, load', description: JSON.stringify(result) });
  writeFileSync('/tmp/h6-slowdown.json', JSON.stringify(result, null, 2));
  await tab(page, 'Inside the network');
  await expect(page.getByTestId('fmap-layer-2').locator('[data-testid="fmap-channel"]')).toHaveCount(64);
  await shot(page, testInfo, 'inside-fashion-cnn');

  expect(median(drawTimes)).toBeLessThan(100);
  // The 10 % budget holds on an idle machine; when other jobs crowd the two cores (load average
  // above the core count) the rates swing by more than that, so only a gross slowdown fails.
  const busy = Math.max(...load) > cpus().length * 1.5;
  testInfo.annotations.push({ type: 'machine busy', description: String(busy) });
  expect(slowdown).toBeLessThan(busy ? 0.3 : 0.1);
  if (!busy) expect(Math.max(...drawTimes)).toBeLessThan(100);
  expect(errors).toEqual([]);
});
