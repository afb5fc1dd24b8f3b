/**
 * Issue 19, runs you can compare: two short runs of the Tiny CNN that differ in one setting (the
 * learning rate) are both kept, by the worker, in the browser's real IndexedDB; the runs panel names
 * the difference, overlays their curves with a legend, fits 1280×720 and 1024×768, and after a
 * reload (from the home view this time) lists both again, renamed as they were. "Run again with one
 * change" loads a run's settings; a home-view run is kept when it pauses.
 *
 * The runs train on WebGPU's software adapter, as the other training journeys do, so that the
 * journey runs the same on a laptop's GPU, on CI and with WebGPU off.
 */
import { expect, type Page, test } from '@playwright/test';
import { backendLine, FORCE_SOFTWARE_WEBGPU, gotoView, setRunSize, shot, typeInto, watchConsole } from './helpers';

test.use(FORCE_SOFTWARE_WEBGPU);

async function trainToTheEnd(page: Page): Promise<void> {
  await page.getByTestId('train-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
}

/** The panel's box lies inside the viewport: nothing of it needs scrolling to reach. */
async function expectPanelFits(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  const box = await page.getByTestId('runs-panel').boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(height);
  for (const chart of ['runs-loss-chart', 'runs-accuracy-chart']) {
    const chartBox = await page.getByTestId(chart).boundingBox();
    expect(chartBox!.y + chartBox!.height, `${chart} at ${width}×${height}`).toBeLessThanOrEqual(height);
  }
}

test('two runs that differ in the learning rate are kept, named, overlaid, and found again after a reload', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu');
  expect(await backendLine(page)).toContain('Backend: webgpu');

  // The Tiny CNN (the default network): 128 training images in batches of 64 = two batches, one epoch.
  await setRunSize(page, '128', '1', '100');
  await typeInto(page, 'hp-learning-rate', '0.001');
  await expect(page.getByTestId('hp-learning-rate')).toHaveValue('0.001');
  await trainToTheEnd(page);
  await typeInto(page, 'hp-learning-rate', '0.01');
  await expect(page.getByTestId('hp-learning-rate')).toHaveValue('0.01');
  await trainToTheEnd(page);

  // The runs panel, by keyboard, from Build & train.
  await page.getByTestId('runs-open').focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('runs-panel');
  await expect(panel).toBeVisible();
  const rows = panel.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  // Newest first, each with what changed since the run before it.
  await expect(rows.nth(0).getByTestId('run-name')).toHaveText('Run 2');
  await expect(rows.nth(0).getByTestId('run-changes')).toHaveText('vs Run 1: lr 0.001 → 0.01');
  await expect(rows.nth(1).getByTestId('run-name')).toHaveText('Run 1');
  await expect(rows.nth(1).getByTestId('run-changes')).toHaveText('the first run kept');
  for (const row of [rows.nth(0), rows.nth(1)]) {
    await expect(row).toHaveClass(/run-row--finished/);
    await expect(row.getByTestId('run-facts')).toContainText('Tiny CNN · MNIST · 1 epoch (128 images) · test');
    await expect(row.getByTestId('run-facts')).toContainText('right of 100');
  }

  // Overlay both: two lines on each chart, and a legend naming both runs.
  await rows.nth(1).getByTestId('run-compare').check();
  await rows.nth(0).getByTestId('run-compare').check();
  for (const chart of ['runs-loss-chart', 'runs-accuracy-chart']) {
    const figure = panel.getByTestId(chart);
    await expect(figure.locator('path.line-chart__line')).toHaveCount(2);
    await expect(figure.locator('.line-chart__legend li')).toHaveText(['Run 1', 'Run 2']);
    const strokes = await figure.locator('path.line-chart__line').evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')));
    expect(new Set(strokes).size).toBe(2);
  }
  await expect(panel.getByTestId('runs-compare')).toContainText('Comparing 2 runs');
  await shot(page, testInfo, 'runs-compare-1280x720');
  await expectPanelFits(page, 1280, 720);
  await expectPanelFits(page, 1024, 768);
  await shot(page, testInfo, 'runs-compare-1024x768');

  // Rename the first run; the new name is the worker's record, so it survives the reload.
  await rows.nth(1).getByTestId('run-rename').click();
  await typeInto(page, 'run-rename-input', 'slow lr');
  await page.keyboard.press('Enter');
  await expect(rows.nth(1).getByTestId('run-name')).toHaveText('slow lr');
  await expect(rows.nth(0).getByTestId('run-changes')).toHaveText('vs slow lr: lr 0.001 → 0.01');

  // Reload: the page opens on the home view; the runs come back from IndexedDB.
  await page.reload();
  await expect(page.getByTestId('playground')).toBeVisible();
  await page.getByTestId('runs-open').click();
  await expect(panel.getByTestId('run-row')).toHaveCount(2);
  await expect(panel.getByTestId('run-name')).toHaveText(['Run 2', 'slow lr']);
  await expect(panel.getByTestId('run-changes').first()).toHaveText('vs slow lr: lr 0.001 → 0.01');

  // Share by link carries the settings only.
  await panel.getByTestId('run-row').nth(1).getByTestId('run-share').click();
  await expect(panel.getByTestId('run-share-link')).toHaveValue(/#z=/);

  // Run again with one change: the first run's settings become the home view's network.
  await panel.getByTestId('run-row').nth(1).getByTestId('run-again').click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('pg-learning-rate')).toHaveValue('0.001');
  expect(errors).toEqual([]);
});

test('a home-view run is kept when it pauses, and Escape closes the panel back to the picture', async ({ page }, testInfo) => {
  test.setTimeout(360_000);
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu', 'play');
  await expect(page.getByTestId('pg-play')).toBeEnabled({ timeout: 90_000 });
  await page.getByTestId('pg-play').click();
  await expect.poll(async () => Number(await page.getByTestId('pg-counter').getAttribute('data-examples')), { timeout: 90_000 }).toBeGreaterThan(0);
  await page.getByTestId('pg-play').click();
  await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'paused');
  const seen = Number(await page.getByTestId('pg-counter').getAttribute('data-examples'));

  await page.getByTestId('runs-open').click();
  const row = page.getByTestId('runs-panel').getByTestId('run-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveClass(/run-row--paused/);
  await expect(row.getByTestId('run-facts')).toContainText(`(${seen.toLocaleString('en-US')} images)`);
  // The latest run's model is still the worker's: its weights can be kept (the keeping itself is
  // proved by src/engine/session/runKeeper.test.ts).
  await expect(row.getByTestId('run-keep-weights')).toBeVisible();
  await shot(page, testInfo, 'runs-home-paused');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('runs-panel')).toBeHidden();
  await expect(page.getByTestId('playground')).toBeVisible();
  expect(errors).toEqual([]);
});
