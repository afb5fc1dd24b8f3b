/**
 * The home view: one live picture of a network learning, on one screen at 1280×720 and 1024×768.
 * Every part a teacher points at (Play, the maps of every conv and pool layer, the output, both
 * curves) lies inside the viewport with no scrolling; Play trains (the maps' pixels change, the
 * curves grow), Pause stops the counter; + on a conv layer adds a filter and the picture shows the
 * new channel count and parameter total; a channel opens its close-up in view. Screenshots of both
 * sizes, both themes and projector mode are attached; axe finds nothing serious in either theme.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { backendLine, gotoView, shot, watchConsole } from './helpers';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

/** Asserts that the element's whole box lies inside the viewport. */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  await expect(locator, what).toBeVisible();
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, what).not.toBeNull();
  const { x, y, width, height } = box!;
  expect({ what, left: x >= 0, top: y >= 0, right: x + width <= viewport.width + 0.5, bottom: y + height <= viewport.height + 0.5 }).toEqual({
    what,
    left: true,
    top: true,
    right: true,
    bottom: true,
  });
}

/** Asserts that the picture's part ends above the learning row (nothing drawn over the curves). */
async function expectAboveLearning(page: Page, locator: Locator, what: string): Promise<void> {
  const box = (await locator.boundingBox())!;
  const learning = (await page.getByTestId('pg-learning').boundingBox())!;
  expect({ what, bottom: Math.round(box.y + box.height), learningTop: Math.round(learning.y), above: box.y + box.height <= learning.y + 0.5 }).toMatchObject({ what, above: true });
}

/** The picture's lowest parts: none may reach into the curves and the test strip. */
async function expectPictureClear(page: Page): Promise<void> {
  await expectAboveLearning(page, page.getByTestId('pg-class-bar').last(), 'last class bar');
  await expectAboveLearning(page, page.getByTestId('pg-next'), 'next-image button');
  for (const layer of [0, 1, 2, 3]) await expectAboveLearning(page, page.locator(`[data-testid="pg-map"][data-layer="${layer}"]`).last(), `maps of layer ${layer + 1}`);
  for (const testId of ['pg-plus-0', 'pg-plus-2']) {
    // The tools are never covered by the maps: the point at their centre is the button itself.
    const hit = await page.getByTestId(testId).evaluate((button) => {
      const box = button.getBoundingClientRect();
      return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === button;
    });
    expect({ testId, reachable: hit }).toEqual({ testId, reachable: true });
  }
  // The Flatten strip stops above its "1,352 values" note (it ran 7 px into it, 19 px in projector mode).
  const strip = await page.locator('.pg-col--strip').first().evaluate((column) => ({
    canvasBottom: column.querySelector('.vector-view__canvas')!.getBoundingClientRect().bottom,
    noteTop: column.querySelector('.vector-view__note')!.getBoundingClientRect().top,
  }));
  expect(strip.canvasBottom, 'the Flatten strip ends above its note').toBeLessThanOrEqual(strip.noteTop);
}

async function expectNoScroll(page: Page): Promise<void> {
  const size = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    width: window.innerWidth,
    height: window.innerHeight,
  }));
  expect(size.scrollWidth).toBeLessThanOrEqual(size.width);
  expect(size.scrollHeight).toBeLessThanOrEqual(size.height);
}

/** The pixels of every tile of one layer, as data URLs. */
function tilePixels(page: Page, layer: number): Promise<string> {
  return page
    .locator(`[data-testid="pg-map"][data-layer="${layer}"]`)
    .evaluateAll((tiles) => (tiles as HTMLCanvasElement[]).map((tile) => tile.toDataURL()).join('|'));
}

const examples = async (page: Page): Promise<number> => Number(await page.getByTestId('pg-counter').getAttribute('data-examples'));
const chartPoints = async (page: Page, metric: 'loss' | 'accuracy'): Promise<number> =>
  Number(await page.getByTestId(`pg-${metric}-chart`).getAttribute('data-points'));


async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('[data-testid="playground"]').include('header').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/**
 * Column names that break inside a word ("Flatt / en") or, where they wrap, run past their box:
 * a word's letters must share one line, and a wrapping name must fit its column.
 */
function brokenNames(page: Page): Promise<string[]> {
  return page.locator('.pg-col__name').evaluateAll((names) => {
    const broken: string[] = [];
    for (const name of names) {
      const label = name.textContent?.trim() ?? '';
      for (const node of Array.from(name.childNodes)) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set(Array.from(range.getClientRects()).map((box) => Math.round(box.top)));
          if (lines.size > 1) broken.push(`“${word[0]}” of “${label}” split over ${lines.size} lines`);
        }
      }
      const wraps = getComputedStyle(name).whiteSpace !== 'nowrap';
      if (wraps && name.scrollWidth > name.clientWidth + 0.5) broken.push(`“${label}” is ${name.scrollWidth} px wide in ${name.clientWidth} px`);
    }
    return broken;
  });
}

/** Conv and pool columns of the spec on the picture: [spec index, activation position] pairs. */
async function mapColumns(page: Page): Promise<number[]> {
  return page.locator('[data-testid^="pg-column-"].pg-col--maps').evaluateAll((columns) =>
    columns.map((c) => Number((c as HTMLElement).dataset.testid!.replace('pg-column-', ''))),
  );
}

for (const size of SIZES) {
  test(`the home view at ${size.width}×${size.height}: live picture, Play / Pause, + a filter, a close-up, both themes`, async ({ page }, info) => {
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    const errors = watchConsole(page);
    await page.goto('/');
    await backendLine(page);
    const tag = `${size.width}x${size.height}`;

    // Before any training: the untrained network's maps, never an empty page; the first-visit line.
    await expect(page.getByTestId('pg-first-visit')).toContainText('Press ▶ and watch a CNN learn to read handwritten digits');
    await expect(page.locator('[data-testid="pg-map"][data-layer="1"]').first()).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'untrained');
    await expect(page.getByTestId('pg-test-accuracy')).toContainText('right of 1,000', { timeout: 60_000 });
    await shot(page, info, `${tag}-tiny-untrained-light`, { fullPage: false });

    // Play: the maps' pixels change, the curves gain points; Pause stops the counter.
    const before = await tilePixels(page, 0);
    await page.getByTestId('pg-play').click();
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'training');
    await expect(page.getByTestId('pg-first-visit')).toHaveCount(0);
    await expect.poll(() => tilePixels(page, 0), { timeout: 60_000 }).not.toBe(before);
    await expect.poll(() => chartPoints(page, 'loss'), { timeout: 60_000 }).toBeGreaterThan(1);
    const firstPoints = await chartPoints(page, 'accuracy');
    await expect.poll(() => chartPoints(page, 'accuracy'), { timeout: 60_000 }).toBeGreaterThan(firstPoints);
    const moving = await tilePixels(page, 0);
    await expect.poll(() => tilePixels(page, 0), { timeout: 60_000 }).not.toBe(moving);
    await shot(page, info, `${tag}-tiny-training-light`, { fullPage: false });
    await page.getByTestId('pg-play').click();
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'paused');
    const paused = await examples(page);
    expect(paused).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    expect(await examples(page)).toBe(paused);

    // The Fashion-MNIST CNN: changing the network asks before it throws the trained one away.
    await page.getByTestId('pg-preset').selectOption('fashion-cnn');
    await expect(page.getByTestId('pg-discard-dialog')).toBeVisible();
    await page.getByTestId('pg-discard-confirm').click();
    await expect(page.getByTestId('pg-discard-dialog')).toHaveCount(0);
    await expect(page.getByTestId('pg-total-params')).toHaveText('421,642 params in all');
    expect(await mapColumns(page)).toEqual([0, 1, 2, 3]);
    for (const layer of [0, 1, 2, 3]) {
      await expect(page.locator(`[data-testid="pg-map"][data-layer="${layer}"]`).first()).toBeVisible({ timeout: 90_000 });
    }
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-examples', '0');

    // Everything a class looks at is on screen, without scrolling.
    await expectNoScroll(page);
    await expectInViewport(page, page.getByTestId('pg-play'), 'Play');
    for (const layer of [0, 1, 2, 3]) {
      const tiles = page.locator(`[data-testid="pg-map"][data-layer="${layer}"]`);
      expect(await tiles.count()).toBeGreaterThan(1);
      await expectInViewport(page, tiles.first(), `first map of layer ${layer + 1}`);
      await expectInViewport(page, tiles.last(), `last shown map of layer ${layer + 1}`);
    }
    await expectInViewport(page, page.getByTestId('pg-output'), 'output probabilities');
    await expect(page.getByTestId('pg-class-bar')).toHaveCount(10);
    await expectInViewport(page, page.getByTestId('pg-class-bar').last(), 'last class bar');
    await expectInViewport(page, page.getByTestId('pg-loss-chart'), 'loss chart');
    await expectInViewport(page, page.getByTestId('pg-accuracy-chart'), 'accuracy chart');
    await expectInViewport(page, page.getByTestId('pg-test-strip'), 'test strip');
    await expectPictureClear(page);
    expect(await brokenNames(page)).toEqual([]);

    // + on the first conv layer: 33 filters, its shape and the new parameter total at once,
    // then 33 live channels once the worker has the new model.
    await page.getByTestId('pg-plus-0').click();
    await expect(page.getByTestId('pg-column-0')).toHaveAttribute('data-channels', '33');
    await expect(page.getByTestId('pg-shape-0')).toContainText('28×28×33');
    // Keras: conv 3·3·1·33 + 33 = 330 (was 320); the next conv 3·3·33·64 + 64 = 19,072 (was 18,496).
    await expect(page.getByTestId('pg-total-params')).toHaveText('422,228 params in all');
    await expect(page.getByTestId('pg-column-0').locator('.map-tiles__grid')).toHaveAttribute('aria-label', /33 channels/, { timeout: 90_000 });
    await expectNoScroll(page);
    await shot(page, info, `${tag}-fashion-cnn-light`, { fullPage: false });

    // A channel opens its close-up, in view: the channel, its filter now and at initialisation, top images.
    await page.locator('[data-testid="pg-map"][data-layer="0"]').nth(1).click();
    const closeUp = page.getByTestId('pg-closeup');
    await expect(page.getByTestId('pg-closeup-title')).toContainText('channel 2 of 33');
    await expectInViewport(page, closeUp, 'close-up');
    await expectInViewport(page, page.getByTestId('pg-closeup-map'), 'close-up map');
    await expect(page.getByTestId('pg-filter-pair')).toContainText('at initialisation');
    await expect(page.locator('[data-testid="pg-top-image"]')).toHaveCount(8, { timeout: 90_000 });
    await expectInViewport(page, page.locator('[data-testid="pg-top-image"]').first(), 'first top image');
    await shot(page, info, `${tag}-closeup-light`, { fullPage: false });
    await page.getByTestId('pg-closeup-close').click();
    await expect(closeUp).toHaveCount(0);
    // By keyboard: Enter on a map opens it, Escape closes it, and the focus is back on that map.
    const third = page.locator('[data-testid="pg-map"][data-layer="0"]').nth(2);
    await third.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('pg-closeup-title')).toContainText('channel 3 of 33');
    await expect(page.getByTestId('pg-closeup-close')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(closeUp).toHaveCount(0);
    await expect(third).toBeFocused();

    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('pg-play').click();
    await expect.poll(() => examples(page), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot(page, info, `${tag}-fashion-cnn-dark`, { fullPage: false });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('pg-play').click();
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'paused');

    // Projector mode: every text of the view at least 18 px, larger maps, still no scrolling.
    const normalTile = (await page.locator('[data-testid="pg-map"][data-layer="0"]').first().boundingBox())!.width;
    await page.getByTestId('projector-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-projector', 'on');
    await expect.poll(async () => (await page.locator('[data-testid="pg-map"][data-layer="0"]').first().boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(56);
    expect((await page.locator('[data-testid="pg-map"][data-layer="0"]').first().boundingBox())!.width).toBeGreaterThan(normalTile);
    const small = await page.getByTestId('playground').evaluate((root) => {
      const found: string[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !node.textContent?.trim() || parent.closest('[aria-hidden="true"]')) continue;
        const style = getComputedStyle(parent);
        if (style.visibility === 'hidden' || parent.getClientRects().length === 0) continue;
        if (parseFloat(style.fontSize) < 18) found.push(`${node.textContent.trim().slice(0, 24)} (${style.fontSize})`);
      }
      return found;
    });
    expect(small).toEqual([]);
    await expectNoScroll(page);
    await expectInViewport(page, page.locator('[data-testid="pg-map"][data-layer="3"]').first(), 'a map of layer 4 in projector mode');
    await expectInViewport(page, page.getByTestId('pg-class-bar').last(), 'last class bar in projector mode');
    await expectPictureClear(page);
    expect(await brokenNames(page)).toEqual([]);
    await shot(page, info, `${tag}-projector-dark`, { fullPage: false });
    expect(errors).toEqual([]);
  });
}

test('Build, Inside and the explorer stay one click away; "explain this layer" is one click from a column', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/');
  await backendLine(page);
  await expect(page.locator('[data-testid="pg-map"][data-layer="0"]').first()).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('pg-explain-0').click();
  await expect(page.getByRole('tab', { name: 'Convolution explorer' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('conv-explorer')).toBeVisible();
  await page.getByRole('tab', { name: 'Build & train' }).click();
  await expect(page.getByTestId('model-builder')).toBeVisible();
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await page.getByRole('tab', { name: 'Playground' }).click();
  await expect(page.locator('[data-testid="pg-map"][data-layer="0"]').first()).toBeVisible({ timeout: 90_000 });

  // Editing a column in place: an invalid value is named on its field, and Play waits for a fix.
  await page.getByTestId('pg-edit-0').click();
  await page.getByTestId('layer-0-kernel').selectOption('32');
  await expect(page.getByTestId('pg-error-0')).toContainText(/Fix/);
  await expect(page.getByTestId('pg-play')).toBeDisabled();
  await page.getByTestId('layer-0-kernel').selectOption('5');
  await expect(page.getByTestId('pg-shape-0')).toContainText('24×24×8');
  await expect(page.getByTestId('pg-play')).toBeEnabled();
  await page.getByTestId('pg-editor-done-0').click();

  // Insert a layer after the first, then remove it: shapes follow at once.
  await page.getByTestId('pg-insert-1').click();
  await page.getByTestId('pg-insert-1-conv2d').click();
  await expect(page.getByTestId('pg-shape-1')).toContainText('24×24×16');
  await page.getByTestId('pg-remove-1').click();
  await expect(page.getByTestId('pg-shape-1')).toContainText('12×12×8');
  expect(errors).toEqual([]);
});

/** True when the element's text is cut: wider or taller than its box, or its box outside the viewport. */
function textCut(locator: Locator): Promise<{ wide: boolean; tall: boolean; outside: boolean }> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return {
      wide: element.scrollWidth > element.clientWidth + 1,
      tall: element.scrollHeight > element.clientHeight + 1,
      outside: box.left < 0 || box.top < 0 || box.right > window.innerWidth + 0.5 || box.bottom > window.innerHeight + 0.5,
    };
  });
}

for (const size of SIZES) {
  test(`${size.width}×${size.height}: a layer in error keeps its name and its whole message with the Fix, and the output shows no stale prediction`, async ({ page }, info) => {
    await page.setViewportSize(size);
    const errors = watchConsole(page);
    await page.goto('/');
    await backendLine(page);
    await expect(page.locator('[data-testid="pg-map"][data-layer="0"]').first()).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('pg-verdict')).toContainText('%', { timeout: 90_000 });
    const uncut = { wide: false, tall: false, outside: false };

    // A 30×30 kernel on the 28×28 input, set in the column's editor, then the editor closed.
    await page.getByTestId('pg-edit-0').click();
    await page.getByTestId('layer-0-kernel').selectOption('30');
    await page.getByTestId('pg-editor-done-0').click();
    const message = page.getByTestId('pg-error-0');
    await expect(message).toContainText("Its 30×30 window is larger than its 28×28 input");
    await expect(message).toContainText('Fix:');
    expect(await textCut(message)).toEqual(uncut);
    await expect(page.getByTestId('pg-edit-0')).toContainText('Conv 30×30');
    expect(await textCut(page.getByTestId('pg-edit-0'))).toEqual(uncut);
    // The answer was the old network's: no percentage, the bars greyed, until the layer is fixed.
    await expect(page.getByTestId('pg-verdict')).toHaveText('no answer');
    await expect(page.getByTestId('pg-output')).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('pg-total-params')).toHaveText('the network has an error');
    expect(await textCut(page.getByTestId('pg-total-params'))).toEqual(uncut);
    await expect(page.getByTestId('pg-play')).toBeDisabled();
    // The test strip's marks were the old network's too: greyed, with the reason.
    await expect(page.getByTestId('pg-test-strip')).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('pg-test-accuracy')).toContainText('out of date: the network has an error');
    await expectNoScroll(page);
    await shot(page, info, `${size.width}-layer-error-kernel`, { fullPage: false });

    // Fixed: the prediction comes back.
    await page.getByTestId('pg-edit-0').click();
    await page.getByTestId('layer-0-kernel').selectOption('3');
    await page.getByTestId('pg-editor-done-0').click();
    await expect(page.getByTestId('pg-output')).toHaveAttribute('data-stale', 'false');
    await expect(page.getByTestId('pg-verdict')).toContainText('%', { timeout: 90_000 });
    await expect(page.getByTestId('pg-test-strip')).toHaveAttribute('data-stale', 'false');

    // A convolution inserted after the Flatten (Tiny CNN: conv, pool, flatten, dense).
    await page.getByTestId('pg-insert-3').click();
    await page.getByTestId('pg-insert-3-conv2d').click();
    const afterFlatten = page.getByTestId('pg-error-3');
    await expect(afterFlatten).toContainText('This layer needs an image-shaped input');
    await expect(afterFlatten).toContainText('Fix: Move it before the Flatten layer');
    expect(await textCut(afterFlatten)).toEqual(uncut);
    expect(await textCut(page.getByTestId('pg-edit-3'))).toEqual(uncut);
    await expect(page.getByTestId('pg-verdict')).toHaveText('no answer');
    expect(await textCut(page.getByTestId('pg-total-params'))).toEqual(uncut);
    await expectNoScroll(page);
    await shot(page, info, `${size.width}-layer-error-after-flatten`, { fullPage: false });
    expect(errors).toEqual([]);
  });
}

// The test strip's title keeps its height as evaluations come and go: in projector mode at 1024×768
// it was two lines at rest ("… 80.7 % right of / 1,000") and three while training ("… · refreshed
// every 300 batches while training"), and the picture above shrank and grew with it.
test('the test strip title keeps one height at rest and while training (projector, 1024×768)', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await gotoView(page, '/?backend=cpu', 'play');
  await page.getByTestId('projector-toggle').click();
  const accuracy = page.getByTestId('pg-test-accuracy');
  const titleHeight = () => page.locator('#pg-strip-title').evaluate((element) => Math.round(element.getBoundingClientRect().height));
  await expect(accuracy).toContainText('right of 1,000', { timeout: 90_000 });
  await expect(accuracy).toHaveAttribute('data-evaluating', 'false');
  const atRest = await titleHeight();
  await page.getByTestId('pg-play').click();
  await expect(accuracy).toContainText('while training', { timeout: 90_000 });
  const training = await titleHeight();
  await shot(page, info, 'strip-title-training', { fullPage: false });
  await page.getByTestId('pg-play').click();
  expect(training, 'the title while training').toBe(atRest);
});
