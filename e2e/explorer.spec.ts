/**
 * The convolution explorer in the browser: sizes and the formula, one animation step read back from
 * the page and added up, SAME padding's ring, keyboard control, and "explain this layer".
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { gotoView, shot } from './helpers';

async function openExplorer(page: Page): Promise<void> {
  await gotoView(page, '/', 'explorer');
  await expect(page.getByTestId('conv-explorer')).toBeVisible();
}

async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).fill(String(value));
}

const attachScreenshot = (page: Page, testInfo: TestInfo, name: string) => shot(page, testInfo, name, { testId: 'conv-explorer' });

/** Turns "−1.5" (the page writes a real minus sign) into a number. */
function parseShown(text: string): number {
  return Number(text.trim().replace('−', '-'));
}

test('7×7 input, 3×3 kernel, stride 2, valid: 3×3 output, the formula, one step added up, then SAME', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openExplorer(page);

  await page.getByTestId('op-select').selectOption('conv');
  await setNumber(page, 'input-height', 7);
  await setNumber(page, 'input-width', 7);
  await setNumber(page, 'kernel-height', 3);
  await setNumber(page, 'kernel-width', 3);
  await setNumber(page, 'stride-y', 2);
  await setNumber(page, 'stride-x', 2);
  await page.getByTestId('padding-select').selectOption('valid');
  await page.getByTestId('fill-image').click();

  await expect(page.getByTestId('output-size')).toHaveText('Output 3×3×1');
  await expect(page.getByTestId('formula-rows-textbook')).toContainText('(7 − 3 + 2·0) / 2 + 1 = 3');
  await expect(page.getByTestId('formula-cols-tf')).toContainText('VALID: floor((7 − 3) / 2) + 1 = 3');
  await expect(page.getByTestId('output-cell').or(page.getByTestId('output-current'))).toHaveCount(9);
  await expect(page.getByTestId('pad-cell')).toHaveCount(0);

  // Give the kernel and bias numbers of our own, then walk to the fifth window (row 1, column 1).
  const weights = [
    [1, 0, -1],
    [2, 0.5, -2],
    [1, 0, -1],
  ];
  for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) await page.getByTestId(`kernel-weight-${ky}-${kx}`).fill(String(weights[ky][kx]));
  await page.getByTestId('kernel-bias').fill('0.25');
  await page.getByTestId('scrubber').fill('-1');
  for (let i = 0; i < 5; i++) await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('step-position')).toContainText('Step 5 of 9: output row 1, column 1');

  // Read the step's numbers as the page shows them and redo the arithmetic.
  const products = page.getByTestId('step-product');
  await expect(products).toHaveCount(9);
  const terms = await products.evaluateAll((items) =>
    items.map((li) => ({ input: Number(li.getAttribute('data-input')), weight: Number(li.getAttribute('data-weight')), product: Number(li.getAttribute('data-value')), text: li.textContent ?? '' })),
  );
  let sum = 0;
  terms.forEach((t, i) => {
    expect(t.weight).toBeCloseTo(weights[Math.floor(i / 3)][i % 3], 6);
    expect(t.product).toBeCloseTo(t.input * t.weight, 6);
    // The text on the page says the same: "a × w = p".
    const shown = t.text.split('=').pop() ?? '';
    expect(parseShown(shown)).toBeCloseTo(t.product, 3);
    sum += t.product;
  });
  // A window of the digit with real ink in it, or the check proves little.
  expect(terms.some((t) => t.input > 0)).toBe(true);
  const shownSum = Number(await page.getByTestId('step-sum').getAttribute('data-value'));
  expect(shownSum).toBeCloseTo(sum, 6);
  const result = Number(await page.getByTestId('step-result').getAttribute('data-value'));
  expect(result).toBeCloseTo(sum + 0.25, 6);
  // The output grid holds the same number in the current cell (a 3×3 grid has room for numbers).
  const cellText = page.getByTestId('output-current').locator('text');
  await expect(cellText).toHaveText(/\d/);
  expect(parseShown((await cellText.textContent()) ?? '')).toBeCloseTo(result, 1);
  await attachScreenshot(page, testInfo, 'valid stride 2, mid-step');

  // SAME: ceil(7 / 2) = 4, one ring of zeros all round (2 in total per axis).
  await page.getByTestId('padding-select').selectOption('same');
  await expect(page.getByTestId('output-size')).toHaveText('Output 4×4×1');
  await expect(page.getByTestId('formula-rows-tf')).toContainText('SAME: ceil(7 / 2) = 4; padding 1 before, 1 after');
  await expect(page.getByTestId('pad-cell')).toHaveCount(9 * 9 - 7 * 7);
  await page.getByTestId('scrubber').fill('-1');
  await page.getByTestId('step-forward').click();
  // The first window sits on the corner of the ring: five of its nine cells are padding.
  await expect(page.locator('[data-testid="step-product"].xstep__term--pad')).toHaveCount(5);
  await attachScreenshot(page, testInfo, 'same padding, first step on the ring');
  expect(errors).toEqual([]);
});

test('keyboard: arrows step, Space plays and pauses, focus is visible', async ({ page }) => {
  await openExplorer(page);
  await page.getByTestId('preset-select').selectOption('halves');
  const position = page.getByTestId('step-position');
  await page.getByTestId('step-forward').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(position).toContainText('Step 1 of 16');
  await expect(page.getByTestId('step-result')).toHaveAttribute('data-value', '4.25');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-result')).toHaveAttribute('data-value', '2.5');
  await page.keyboard.press('ArrowLeft');
  await expect(position).toContainText('Step 1 of 16');
  const outline = await page.getByTestId('step-forward').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');

  await page.getByTestId('speed-select').selectOption('16');
  await page.getByTestId('scrubber').focus();
  await page.getByTestId('sliding-view').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press(' ');
  await expect(page.getByTestId('play-pause')).toHaveText(/Pause/);
  await expect(position).toContainText('Step 16 of 16', { timeout: 10_000 });
  await expect(page.getByTestId('play-pause')).toHaveText(/Play/);
});

test('max-pooling marks the picked maximum and never picks the padding after relu', async ({ page }, testInfo) => {
  await openExplorer(page);
  await page.getByTestId('preset-select').selectOption('maxpool-padded');
  await expect(page.getByTestId('output-size')).toHaveText('Output 3×3×1');
  await page.getByTestId('scrubber').fill('2');
  await expect(page.getByTestId('pool-padding-note')).toBeVisible();
  const picked = page.locator('[data-testid="step-value"][data-picked="true"]');
  await expect(picked).toHaveCount(1);
  await expect(picked).not.toHaveClass(/xstep__term--pad/);
  await expect(page.getByTestId('picked-marker')).toHaveCount(1);
  await attachScreenshot(page, testInfo, 'max pool with the picked value marked');
});

test('hovering links inputs and outputs', async ({ page }) => {
  await openExplorer(page);
  await page.getByTestId('preset-select').selectOption('stride-2');
  await page.locator('[data-testid="output-cell"][data-y="1"][data-x="1"]').hover();
  // Output (1, 1) with stride 2 reads rows 2–4, columns 2–4.
  await expect(page.locator('.xcell--linked')).toHaveCount(9);
  await expect(page.locator('.xcell--linked[data-y="2"][data-x="2"]')).toHaveCount(1);
  await page.locator('[data-testid="input-cell"][data-y="2"][data-x="2"]').hover();
  // Input (2, 2) is shared by the four windows starting at rows/columns 0 and 2.
  await expect(page.locator('.ycell--linked')).toHaveCount(4);
});

test('explain this layer opens the explorer on a real layer', async ({ page }, testInfo) => {
  await gotoView(page, '/');
  // The builder's conv / pool cards carry the button; the first layer of the default model is a conv.
  const explain = page.getByTestId('explain-layer-0');
  await expect(explain).toHaveAccessibleName(/explain .* in the convolution explorer/i);
  await expect(explain).toBeVisible();
  await explain.click();
  await expect(page.getByTestId('conv-explorer')).toBeVisible();
  // The label names the layer, and the sizes are a layer's sizes, not a preset's.
  await expect(page.getByTestId('explorer-label')).toContainText(/filter|channel/);
  // The default model's first layer: Conv2D 8 filters 3×3, stride 1, valid, over the 28×28 image.
  await expect(page.getByTestId('input-height')).toHaveValue('28');
  await expect(page.getByTestId('input-width')).toHaveValue('28');
  await expect(page.getByTestId('output-size')).toHaveText(/Output 26×26×1/);
  await page.getByTestId('step-forward').click();
  await attachScreenshot(page, testInfo, 'explain this layer');
});

// The kernel's weights are read from the back of a room: each in a readable font with a gap to its
// neighbours ("0.04" was 12 px in 32 px cells, 3 px apart, on the seed CNN's 5×5 kernel at 1280 px).
for (const size of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`the kernel's weights are large and apart at ${size.width}×${size.height}`, async ({ page }, testInfo) => {
    await page.setViewportSize(size);
    await openExplorer(page);
    for (const preset of ['seed-cnn-conv', 'image-edge-vertical', 'halves']) {
      await page.getByTestId('preset-select').selectOption(preset);
      await expect(page.getByTestId('kernel-cell').first()).toBeVisible();
      const cells = await page.getByTestId('kernel-cell').evaluateAll((groups) =>
        groups.map((g) => {
          const text = g.querySelector('text')!;
          return { label: text.textContent, font: Number(text.getAttribute('font-size')), text: text.getBBox().width, cell: Number(g.querySelector('rect')!.getAttribute('width')) };
        }),
      );
      const cramped = cells.filter((c) => c.font < 14 || c.cell - c.text < 8).map((c) => `${preset} "${c.label}" ${c.font} px, ${c.text.toFixed(1)} px in ${c.cell} px`);
      expect(cramped).toEqual([]);
      await shot(page, testInfo, `kernel-${preset}-${size.width}`, { testId: 'conv-explorer' });
    }
  });
}

// Filters and channels are named counting from 1, as the home view's close-up does ("channel 1 of
// 8"): the explorer said "filter 0" and "channel 0" for the same first one.
test('the explorer names filters and channels from 1', async ({ page }, testInfo) => {
  await openExplorer(page);
  await page.getByTestId('preset-select').selectOption('depth');
  const names = async (testId: string) => page.getByTestId(testId).locator('option').allTextContents();
  expect(await names('out-channel')).toEqual(['1', '2']);
  expect(await names('focus-channel')).toEqual(['1', '2', '3']);
  await expect(page.getByTestId('kernel-editor').locator('legend')).toHaveText('Weights of filter 1, input channel 1');
  await expect(page.getByTestId('step-position')).toContainText(', channel 1');
  await expect(page.locator('.xstep__channels li').first()).toContainText('channel 1:');
  await page.getByTestId('out-channel').selectOption({ label: '2' });
  await expect(page.getByTestId('kernel-editor').locator('legend')).toHaveText('Weights of filter 2, input channel 1');
  await attachScreenshot(page, testInfo, 'depth-named-from-1');
});
