/**
 * Touch journeys on an emulated iPad in portrait (768×1024, touch, mobile viewport): reorder layers
 * with a finger, draw a digit with a finger and see the prediction, step the convolution explorer by
 * tapping, zoom and pan a feature map's close-up with buttons, a pinch and a drag. Every action here is a touch: taps (`tap()`) and drags sent as raw touch sequences.
 */
import { expect, type Page, test } from '@playwright/test';
import { gotoView, shot, watchConsole } from './helpers';
import { pointIn, touchDragOnto, touchPinch, touchStroke } from './touchInput';

test.use({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });

async function layerTypes(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid^="layer-card-"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-layer-type')));
}

async function summaryShapes(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="summary-shape-"]').allTextContents();
}

test('a finger drags a layer card by its handle to a new place; the summary follows', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu', 'build');
  await page.getByTestId('preset-select').selectOption('fashion-cnn');
  await expect(page.getByTestId('summary-total-params')).toContainText('421,642');
  expect(await layerTypes(page)).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'flatten', 'dense', 'dense']);
  expect(await summaryShapes(page)).toEqual(['28×28×32', '14×14×32', '14×14×64', '7×7×64', '3136', '128', '10']);

  // The first pooling layer, dragged below the second convolution.
  await touchDragOnto(page, page.getByTestId('layer-1-handle'), page.getByTestId('layer-card-1'), page.getByTestId('layer-card-2'));
  await expect.poll(() => layerTypes(page)).toEqual(['conv2d', 'conv2d', 'maxPool2d', 'maxPool2d', 'flatten', 'dense', 'dense']);
  // Both convolutions now run at 28×28 ('same' padding), so the second one does 4× the work.
  expect(await summaryShapes(page)).toEqual(['28×28×32', '28×28×64', '14×14×64', '7×7×64', '3136', '128', '10']);
  await expect(page.getByTestId('summary-total-params')).toContainText('421,642');
  // A screen reader heard where the layer went, in the layers' own words.
  await expect(page.locator('#DndLiveRegion-0, [id^="DndLiveRegion"]').first()).toContainText('Dropped layer 2, MaxPooling2D at position 3 of 7');
  expect(errors).toEqual([]);
});

test('the explorer steps and scrubs by tapping', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu', 'explorer');
  await expect(page.getByTestId('step-position')).toContainText('Step 1 of 9');
  await page.getByTestId('step-forward').tap();
  await page.getByTestId('step-forward').tap();
  await expect(page.getByTestId('step-position')).toContainText('Step 3 of 9');
  await page.getByTestId('step-back').tap();
  await expect(page.getByTestId('step-position')).toContainText('Step 2 of 9');
  // A finger slides the Position slider to its end: the last window.
  const scrubber = page.getByTestId('scrubber');
  await scrubber.scrollIntoViewIfNeeded();
  await touchStroke(page, [await pointIn(scrubber, 0.3, 0.5), await pointIn(scrubber, 1, 0.5)], 12);
  await expect(page.getByTestId('step-position')).toContainText('Step 9 of 9');
  // The help speaks of taps, not of hovering or keys the tablet has not got.
  const help = page.getByTestId('explorer-help');
  await expect(help).toContainText('Tap');
  await expect(help).not.toContainText(/hover|Space/i);
  // A tap on an output cell jumps there.
  await page.locator('[data-testid="output-cell"]').first().tap();
  await expect(page.getByTestId('step-position')).toContainText('Step 1 of 9');
  expect(errors).toEqual([]);
});

test('a digit drawn with a finger is classified', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu', 'build');
  // One batch of training gives the Inside view a model to classify with.
  await page.getByTestId('train-step').tap();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'paused', { timeout: 120_000 });
  await page.getByRole('tab', { name: 'Inside the network', exact: true }).tap();
  await page.getByTestId('input-mode-draw').locator('xpath=ancestor::label[1]').tap();
  await expect(page.getByTestId('input-mode-draw')).toBeChecked();
  const pad = page.getByTestId('drawing-pad');
  await pad.scrollIntoViewIfNeeded();
  // A "1": one stroke down the middle of the pad.
  await touchStroke(page, [await pointIn(pad, 0.5, 0.15), await pointIn(pad, 0.5, 0.85)], 12);
  await expect(page.getByTestId('draw-status')).toContainText('Classified live');
  const probabilities = () =>
    page
      .getByTestId('inside-prediction')
      .locator('[data-testid="class-bar"]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-probability'))));
  await expect.poll(async () => (await probabilities()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.99);
  // The stroke is in the 28×28 picture the model reads.
  const ink = await page.getByTestId('draw-preview').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 60) count++;
    return count;
  });
  expect(ink).toBeGreaterThan(15);
  expect(errors).toEqual([]);
});

test('a feature map zooms with + and a pinch, and pans with a finger', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu', 'play');
  // The untrained network's maps are there before any training; a tap opens one in the close-up.
  const map = page.getByTestId('pg-map').first();
  await map.scrollIntoViewIfNeeded();
  await map.tap();
  const viewport = page.getByTestId('pg-closeup-viewport');
  await expect(viewport).toBeVisible();
  await expect(viewport).toHaveAttribute('data-zoom', '1.00');
  await page.getByTestId('pg-closeup-zoom-in').tap();
  await expect(viewport).toHaveAttribute('data-zoom', '1.50');
  // Two fingers moving apart zoom further in.
  await touchPinch(page, await pointIn(viewport), 30, 110);
  await expect.poll(async () => Number(await viewport.getAttribute('data-zoom'))).toBeGreaterThan(3);
  // One finger drags the zoomed map: it moves with the finger (right and down: towards 0).
  const before = { x: Number(await viewport.getAttribute('data-pan-x')), y: Number(await viewport.getAttribute('data-pan-y')) };
  expect(before.x).toBeLessThan(0);
  await touchStroke(page, [await pointIn(viewport, 0.3, 0.3), await pointIn(viewport, 0.6, 0.6)], 8);
  await expect.poll(async () => Number(await viewport.getAttribute('data-pan-x'))).toBeGreaterThan(before.x);
  expect(Number(await viewport.getAttribute('data-pan-y'))).toBeGreaterThan(before.y);
  // The touch showed which cell it is on, and Fit shows the whole map again.
  await expect(page.locator('.channel-view__readout')).toContainText(/row \d+, column \d+:/);
  await page.getByTestId('pg-closeup-zoom-fit').tap();
  await expect(viewport).toHaveAttribute('data-zoom', '1.00');
  expect(errors).toEqual([]);
});

test('the Lessons button sits in the header, covering nothing, and under the full-screen close-up', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu', 'play');
  await expect(page.getByTestId('pg-learning')).toBeVisible();
  const button = page.getByTestId('lessons-button');
  await expect(button).toBeVisible();
  // Floating in a corner, it covered the test strip's first images and the "Max pool" column's name.
  const inHeader = await button.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const header = document.querySelector('header.app__header')!.getBoundingClientRect();
    return box.top >= header.top && box.bottom <= header.bottom && getComputedStyle(element).position !== 'fixed';
  });
  expect(inHeader, 'the Lessons button is in the header, not over the page').toBe(true);
  await shot(page, testInfo, '768x1024-play-lessons-button', { fullPage: false });
  // The full-screen close-up of a channel: nothing of the page shows through it, the button neither.
  const map = page.getByTestId('pg-map').first();
  await map.scrollIntoViewIfNeeded();
  await map.tap();
  await expect(page.getByTestId('pg-closeup-viewport')).toBeVisible();
  const onTop = await button.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top !== null && element.contains(top);
  });
  expect(onTop, 'the Lessons button shows over the full-screen close-up').toBe(false);
  // Full screen, the channel grows with it: it stayed 140 px wide with half the screen empty below.
  const mapWidth = await page.getByTestId('pg-closeup-viewport').evaluate((element) => element.getBoundingClientRect().width);
  expect(mapWidth, 'the close-up map is at least twice its 140 px panel size').toBeGreaterThanOrEqual(280);
  // The first layer's one-slice filter sits beside the map, not below it (a 4-column grid pushed it down).
  const [mapBox, filterBox] = await Promise.all([page.getByTestId('pg-closeup-viewport').boundingBox(), page.getByTestId('pg-filter-pair').boundingBox()]);
  expect(filterBox!.x, 'the filter is to the right of the map').toBeGreaterThan(mapBox!.x + mapBox!.width);
  expect(filterBox!.y, 'the filter starts beside the map').toBeLessThan(mapBox!.y + mapBox!.height);
  await shot(page, testInfo, '768x1024-closeup', { fullPage: false });
  expect(errors).toEqual([]);
});
