/**
 * What a channel looks for and why the network decided, on a Tiny CNN trained briefly on the home
 * view: from the picture's close-up (gradient ascent with its progress, the image drawn; saliency and
 * Grad-CAM for the predicted class and for a picked one), then in Inside (the same beside a channel's
 * top images, every layer's grid, the class picked by keyboard). At 1280×720 and 1024×768.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { backendLine, shot, watchConsole } from './helpers';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

/** Records whether an element matching `selector` ever appears (a fast climb's progress bar may flash). */
async function watchFor(page: Page, selector: string, key: string): Promise<void> {
  await page.evaluate(
    ([sel, name]) => {
      const w = window as unknown as Record<string, boolean>;
      w[name] = false;
      new MutationObserver(() => {
        if (document.querySelector(sel)) w[name] = true;
      }).observe(document.body, { childList: true, subtree: true, attributes: true });
    },
    [selector, key],
  );
}
const seen = (page: Page, key: string) => page.evaluate((name) => (window as unknown as Record<string, boolean>)[name], key);

/** Serious or critical accessibility violations inside `selector`. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** How many distinct grey levels a canvas holds (a blank or flat canvas has one). */
function distinctLevels(canvas: Locator): Promise<number> {
  return canvas.evaluate((c) => {
    const el = c as HTMLCanvasElement;
    const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) levels.add(data[i] * 65536 + data[i + 1] * 256 + data[i + 2]);
    return levels.size;
  });
}

const dataUrl = (canvas: Locator) => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());

/** Checks the "why" panel in `scope`: predicted class first, then `other` picked with the pointer. */
async function checkWhy(scope: Locator): Promise<void> {
  const why = scope.getByTestId('why-panel');
  await expect(why).toHaveAttribute('data-predicted', /^\d$/, { timeout: 60_000 });
  const predicted = Number(await why.getAttribute('data-predicted'));
  await expect(why).toHaveAttribute('data-class', String(predicted));
  await expect(why.getByTestId('why-class-predicted')).toHaveAttribute('aria-pressed', 'true');
  const saliency = why.getByTestId('saliency-canvas');
  const gradCam = why.getByTestId('gradcam-canvas');
  await expect(saliency).toHaveAttribute('data-drawn', 'true');
  await expect(gradCam).toHaveAttribute('data-drawn', 'true');
  expect(await distinctLevels(saliency)).toBeGreaterThan(10);
  expect(await distinctLevels(gradCam)).toBeGreaterThan(10);
  await expect(why).toContainText('a 26×26 grid');
  const [salBefore, camBefore] = [await dataUrl(saliency), await dataUrl(gradCam)];
  // Both maps carry information (Grad-CAM or, where its averaged gradients cancel, HiResCAM).
  expect(Number(await why.getAttribute('data-saliency-peak'))).toBeGreaterThan(0);
  expect(Number(await why.getAttribute('data-gradcam-peak'))).toBeGreaterThan(0);
  await expect(why).toHaveAttribute('data-gradcam-method', /^(grad-cam|hires-cam)$/);
  const other = (predicted + 1) % 10;
  await why.getByTestId(`why-class-${other}`).click();
  await expect(why).toHaveAttribute('data-class', String(other));
  await expect(why.getByTestId(`why-class-${other}`)).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => dataUrl(saliency)).not.toBe(salBefore);
  await expect.poll(() => dataUrl(gradCam)).not.toBe(camBefore);
}

/** Asks the "looks for" section in `scope` for its image and checks that progress showed and it drew. */
async function checkLooksFor(page: Page, scope: Locator, key: string): Promise<void> {
  const section = scope.getByTestId('looks-for');
  await watchFor(page, '[data-testid="looks-for-progress"]', key);
  await section.getByTestId('looks-for-noise').click();
  const tile = section.getByTestId('looks-for-image').getByTestId('looks-for-tile');
  await expect(tile).toHaveAttribute('data-drawn', 'true', { timeout: 90_000 });
  await expect(section.getByTestId('looks-for-noise')).toBeEnabled({ timeout: 90_000 });
  expect(await seen(page, key)).toBe(true);
  // Ascent images often saturate to black and white (the channel's optimum): a pattern, not a flat fill.
  expect(await distinctLevels(tile.locator('canvas'))).toBeGreaterThan(1);
  await expect(section.getByTestId('looks-for-explain')).toContainText('mean activation');
  await expect(section.getByTestId('looks-for-image')).toBeVisible();
}

for (const size of SIZES) {
  test(`insight at ${size.width}×${size.height}: what a channel looks for, every layer's grid, saliency and Grad-CAM, from the close-up and in Inside`, async ({ page }, info) => {
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    const errors = watchConsole(page);
    await page.goto('/');
    await backendLine(page);
    const tag = `${size.width}x${size.height}`;

    // Train the Tiny CNN briefly on the home view, then pause.
    await expect(page.locator('[data-testid="pg-map"][data-layer="0"]').first()).toBeVisible({ timeout: 90_000 });
    await page.getByTestId('pg-play').click();
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'training');
    await expect.poll(async () => Number(await page.getByTestId('pg-counter').getAttribute('data-examples')), { timeout: 90_000 }).toBeGreaterThan(1500);
    await page.getByTestId('pg-play').click();
    await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'paused');

    // The picture's close-up: what channel 2 looks for, and why the network decided.
    await page.locator('[data-testid="pg-map"][data-layer="0"]').nth(1).click();
    const closeUp = page.getByTestId('pg-closeup');
    await expect(page.getByTestId('pg-closeup-title')).toContainText('channel 2 of 8');
    await checkLooksFor(page, closeUp, 'closeUpProgress');
    await checkWhy(closeUp);
    await shot(page, info, `${tag}-closeup-insight`, { fullPage: false });
    expect(await seriousViolations(page, '[data-testid="pg-closeup"]')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(closeUp).toHaveCount(0);

    // Inside: the same beside the channel's top images.
    await page.getByRole('tab', { name: 'Inside the network', exact: true }).click();
    await expect(page.getByTestId('fmap-layer-0')).toBeVisible();
    await page.locator('[data-testid="fmap-channel"][data-layer="0"][data-channel="3"]').click();
    const detail = page.getByTestId('channel-detail');
    await expect(detail).toContainText('channel 4');
    await expect(page.getByTestId('top-images').locator('[data-testid="top-image"]')).toHaveCount(8, { timeout: 60_000 });
    await checkLooksFor(page, detail, 'insideProgress');
    await shot(page, info, `${tag}-inside-looks-for`, { fullPage: false });

    const inside = page.getByTestId('inside-page');
    await checkWhy(inside);
    // The keyboard picks a class too, and "Predicted" goes back.
    const why = inside.getByTestId('why-panel');
    await why.getByTestId('why-class-5').focus();
    await page.keyboard.press('Enter');
    await expect(why).toHaveAttribute('data-class', '5');
    await why.getByTestId('why-class-predicted').focus();
    await page.keyboard.press('Space');
    await expect(why).toHaveAttribute('data-class', await why.getAttribute('data-predicted') ?? '');

    // Every layer's grid: 8 conv channels, then the 10 classes of the output layer.
    await watchFor(page, '[data-testid="hierarchy-progress"]', 'hierarchyProgress');
    await page.getByTestId('hierarchy-run').click();
    const conv = page.getByTestId('hierarchy-grid-0').getByTestId('looks-for-tile');
    const output = page.getByTestId('hierarchy-grid-3').getByTestId('looks-for-tile');
    await expect(conv).toHaveCount(8);
    await expect(output).toHaveCount(10, { timeout: 90_000 });
    await expect(page.getByTestId('hierarchy-run')).toBeEnabled({ timeout: 90_000 });
    expect(await seen(page, 'hierarchyProgress')).toBe(true);
    for (const tiles of [conv, output]) {
      const drawn = await tiles.evaluateAll((all) => all.map((t) => (t as HTMLElement).dataset.drawn));
      expect(drawn.every((d) => d === 'true')).toBe(true);
    }
    // Choosing a conv tile opens that channel up close.
    await conv.nth(5).click();
    await expect(detail).toContainText('channel 6');
    await page.getByTestId('hierarchy-panel').scrollIntoViewIfNeeded();
    await shot(page, info, `${tag}-inside-hierarchy`, { fullPage: false });
    for (const panel of ['why-panel', 'hierarchy-panel', 'looks-for']) expect(await seriousViolations(page, `[data-testid="${panel}"]`)).toEqual([]);
    expect(errors).toEqual([]);
  });
}
