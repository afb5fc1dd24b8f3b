/**
 * The "?" explanations: opened by click and by keyboard (Enter), with the learner's own numbers in
 * them (the Fashion CNN's first conv layer: 320 parameters against 19,694,080 for a dense layer with
 * the same input and output), closed by Escape with the focus back on the "?", fitting the window at
 * 1280×720 and 1024×768; and every one of the 17 concepts has a "?" somewhere in the app.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { gotoView, openView, shot, watchConsole } from './helpers';

const CONCEPTS = [
  'filter', 'stride', 'padding', 'depth', 'sharing', 'invariance', 'params', 'output-size', 'pooling',
  'flatten', 'dense', 'relu', 'softmax', 'cross-entropy', 'dropout', 'hierarchy', 'prediction-grid',
];

/** The open explanation lies wholly inside the window (nothing clipped). */
async function expectInsideWindow(page: Page, popover: Locator): Promise<void> {
  const box = (await popover.boundingBox())!;
  const size = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  // Its own content fits too, or scrolls inside it: the close button is always reachable.
  await expect(popover.getByTestId('concept-close')).toBeInViewport();
}

async function conceptsOnPage(page: Page): Promise<string[]> {
  return page.locator('[data-concept]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.concept ?? ''));
}

for (const viewport of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
  test(`"?" explanations open by click and Enter with the learner's numbers, at ${viewport.width}×${viewport.height}`, async ({ page }, testInfo) => {
    await page.setViewportSize(viewport);
    const errors = watchConsole(page);
    await gotoView(page, '/', 'play');
    await page.getByTestId('pg-preset').selectOption('fashion-cnn');
    await expect(page.getByTestId('pg-shape-0')).toHaveText('→ 28×28×32');

    // Click: the first conv column's "?".
    const filterButton = page.getByTestId('pg-column-0').locator('[data-concept="filter"]');
    await filterButton.click();
    await expect(filterButton).toHaveAttribute('aria-expanded', 'true');
    const popover = page.getByTestId('concept-popover');
    await expect(popover).toContainText('32 filters of 3×3×1 = 9 weights each');
    await expectInsideWindow(page, popover);
    await popover.getByTestId('concept-see-params').click();
    await expect(popover.getByTestId('concept-yours')).toContainText('3·3·1·32 + 32 = 320 parameters');
    await expect(popover.getByTestId('concept-yours')).toContainText('would need 19,694,080');
    await shot(page, testInfo, `conv-params-${viewport.width}`, { fullPage: false });
    await page.keyboard.press('Escape');
    await expect(popover).toHaveCount(0);
    await expect(filterButton).toBeFocused();
    await expect(filterButton).toHaveAttribute('aria-expanded', 'false');

    // Keyboard: the loss chart's "?" with Enter.
    const lossButton = page.getByTestId('pg-loss-chart').locator('[data-concept="cross-entropy"]');
    await lossButton.focus();
    await page.keyboard.press('Enter');
    await expect(popover).toContainText('−ln 0.1 = 2.30');
    await expectInsideWindow(page, popover);
    await page.keyboard.press('Escape');
    await expect(lossButton).toBeFocused();

    // The column editor's stride field: this layer's own output-size arithmetic.
    await page.getByTestId('pg-edit-2').click();
    const strideButton = page.getByTestId('pg-editor-2').locator('[data-concept="stride"]');
    await strideButton.focus();
    await page.keyboard.press('Enter');
    await expect(popover).toContainText('layer 3: 14×14 in, a 3×3 window, stride 1, same padding → 14×14 out.');
    await expectInsideWindow(page, popover);
    // A click elsewhere closes it too.
    await page.getByTestId('pg-learning').click({ position: { x: 5, y: 5 } });
    await expect(popover).toHaveCount(0);
    await page.getByTestId('pg-editor-done-2').click();

    // Build: the summary's Params column, by keyboard.
    await openView(page, 'build');
    const paramsButton = page.getByTestId('summary-table').locator('[data-concept="params"]');
    await paramsButton.focus();
    await page.keyboard.press('Enter');
    await expect(popover.getByTestId('concept-yours')).toContainText('320 parameters');
    await expectInsideWindow(page, popover);
    await page.keyboard.press('Escape');

    // The explorer: the stride "?" speaks of the explorer's own window.
    await openView(page, 'explorer');
    await page.getByTestId('preset-select').selectOption('stride-2');
    await page.getByTestId('conv-explorer').locator('[data-concept="stride"]').click();
    await expect(popover).toContainText('(7 − 3 + 2·0) / 2 + 1 = 3');
    await expectInsideWindow(page, popover);
    await shot(page, testInfo, `explorer-stride-${viewport.width}`, { fullPage: false });
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
}

test('every one of the 17 concepts has a "?" in the app', async ({ page }) => {
  await gotoView(page, '/', 'play');
  // The home view with a network of every kind of layer: the course notebook has conv, pool, flatten, dense, dropout.
  await page.getByTestId('pg-preset').selectOption('mnist-cnn-course');
  await expect(page.getByTestId('pg-column-6')).toBeVisible();
  const seen = new Set(await conceptsOnPage(page));
  // A channel's close-up (translation invariance).
  await expect(page.locator('[data-testid="pg-map"][data-layer="0"]').first()).toBeVisible({ timeout: 90_000 });
  await page.locator('[data-testid="pg-map"][data-layer="0"]').first().click();
  for (const c of await conceptsOnPage(page)) seen.add(c);
  await page.getByTestId('pg-closeup-close').click();
  // Build: every field of every card.
  await openView(page, 'build');
  for (const c of await conceptsOnPage(page)) seen.add(c);
  await openView(page, 'inside');
  await expect(page.locator('#inside-maps-title')).toBeVisible({ timeout: 90_000 });
  for (const c of await conceptsOnPage(page)) seen.add(c);
  await openView(page, 'explorer');
  for (const c of await conceptsOnPage(page)) seen.add(c);
  expect(CONCEPTS.filter((c) => !seen.has(c))).toEqual([]);
});
