/**
 * Builder journeys: presets and the live summary (a), editing with errors on the exact field (b),
 * the shareable URL (d), an accessibility scan (e), and the main screen in both themes at 1280×720.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { gotoView, openView, shot, watchConsole } from './helpers';
import { hashOfDocument, linkDocument } from '../src/store/urlState';

const FASHION_CNN_SHAPES = ['28×28×32', '14×14×32', '14×14×64', '7×7×64', '3136', '128', '10'];

async function summaryShapes(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="summary-shape-"]').allTextContents();
}

async function pickFashionCnn(page: Page): Promise<void> {
  await page.getByTestId('preset-select').selectOption('fashion-cnn');
  await expect(page.getByTestId('summary-total-params')).toContainText('421,642');
}

test('(a) the Fashion CNN preset shows 421,642 parameters and the seed shapes', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu');
  await pickFashionCnn(page);
  expect(await summaryShapes(page)).toEqual(FASHION_CNN_SHAPES);
  await expect(page.getByTestId('layer-card-0')).toContainText('28×28×32');
  await expect(page.getByTestId('layer-0-params')).toContainText('320');
  // The first conv does 28·28·32·9 = 225,792 of the model's mult-adds: its share is shown on the card.
  await expect(page.locator('[data-testid^="layer-card-"]')).toHaveCount(7);
  await expect(page.getByTestId('dataset-fashion-mnist')).toBeChecked();
  await expect(page.getByTestId('spec-issues')).toContainText('valid');
  // Every preset loads and names itself; the empty start says what to add.
  const options = await page.getByTestId('preset-select').locator('option').allTextContents();
  expect(options).toEqual(expect.arrayContaining(['Fashion-MNIST MLP baseline', 'Fashion-MNIST CNN', 'LeNet-5', 'Empty (from scratch)']));
  await page.getByTestId('preset-select').selectOption('empty');
  await expect(page.getByTestId('layer-list-empty')).toBeVisible();
  await expect(page.getByTestId('spec-issues')).toContainText('no layers');
  expect(errors).toEqual([]);
});

test('(b) editing updates shapes and params; a kernel larger than its input marks the field and disables Train', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu');
  await pickFashionCnn(page);

  await page.getByTestId('layer-0-kernel').selectOption('5');
  await page.getByTestId('layer-0-padding').selectOption('valid');
  // 24×24×32 → 12 → 12×12×64 → 6×6×64 = 2304 → 128 → 10
  expect(await summaryShapes(page)).toEqual(['24×24×32', '12×12×32', '12×12×64', '6×6×64', '2304', '128', '10']);
  const params = 5 * 5 * 32 + 32 + (9 * 32 * 64 + 64) + (2304 * 128 + 128) + (128 * 10 + 10);
  await expect(page.getByTestId('summary-total-params')).toContainText(params.toLocaleString('en'));
  await expect(page.getByTestId('layer-0-params')).toContainText('832');

  // Undo twice returns to the preset's numbers; redo re-applies.
  await page.getByTestId('undo').click();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('summary-total-params')).toContainText('421,642');
  await page.getByTestId('redo').click();
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('summary-total-params')).toContainText(params.toLocaleString('en'));

  // A 29×29 kernel on the 28×28 input with valid padding cannot be applied.
  await page.getByTestId('layer-0-kernel').selectOption('29');
  const fieldError = page.getByTestId('layer-0-kernel-error');
  await expect(fieldError).toBeVisible();
  await expect(fieldError).toHaveAttribute('role', 'alert');
  await expect(fieldError).toContainText('larger than its 28×28 input');
  await expect(fieldError).toContainText("padding 'same'");
  await expect(page.getByTestId('layer-0-kernel')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('summary-total-params')).toContainText('fix the marked layer');
  await expect(page.getByTestId('spec-issues')).toContainText('training is disabled');
  // The list names the layer once: its link is the message's own first words, not said twice.
  const kernelIssue = page.getByTestId('spec-issue').filter({ hasText: '29×29 window' });
  await expect(kernelIssue).toHaveText(/^Layer 1 \(Conv2D\): its 29×29 window is larger than its 28×28 input/);
  expect((await kernelIssue.innerText()).split('Layer 1 (Conv2D)')).toHaveLength(2);
  await expect(kernelIssue.getByRole('button', { name: 'Layer 1 (Conv2D)' })).toBeVisible();
  // The dashboard's Train button, on the same view, reads the same validation.
  await expect(page.getByTestId('train-start')).toBeDisabled();
  await shot(page, test.info(), 'kernel-error', { fullPage: false });

  await page.getByTestId('layer-0-kernel').selectOption('3');
  // 26 → 13 → 13: the second 2×2 pooling leaves the last row and column of its 13×13 input unread,
  // and its warning says the equation once, not once for the rows and again for the columns.
  const strideWarning = page.getByTestId('spec-issue').filter({ hasText: 'never seen' });
  await expect(strideWarning).toHaveText(
    /^Layer 4 \(MaxPooling2D\): \(W − F \+ 2P\) \/ S \+ 1 = \(13 − 2 \+ 2·0\) \/ 2 \+ 1 = 6\.5 is not a whole number, for rows and columns alike, so the last row and the last column of its input are never seen\. Fix:/,
  );
  expect((await strideWarning.innerText()).match(/Layer 4 \(MaxPooling2D\)|W − F/g)).toHaveLength(2);

  // A non-number in a number field is refused on the field, the spec keeps its last value.
  await page.getByTestId('layer-0-filters').fill('');
  await expect(page.getByTestId('layer-0-filters-error')).toContainText('needs a number');
  await page.getByTestId('layer-0-filters').fill('16');
  await expect(page.getByTestId('layer-0-filters-error')).toHaveCount(0);
  await expect(page.getByTestId('layer-0-params')).toContainText(String(9 * 16 + 16));

  // Add a Conv2D: it goes before the Flatten (after the last image-shaped layer), not after the
  // Dense output where it could not work, and the network stays valid; its first field has focus.
  const cardTypes = () => page.locator('[data-testid^="layer-card-"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-layer-type')));
  await page.getByTestId('add-layer-type').selectOption('conv2d');
  await page.getByTestId('add-layer').click();
  await expect.poll(cardTypes).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'conv2d', 'flatten', 'dense', 'dense']);
  await expect(page.getByTestId('layer-4-filters')).toBeFocused();
  await expect(page.getByTestId('spec-issues')).not.toContainText('training is disabled');
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await page.getByTestId('layer-4-remove').click();

  // Add, duplicate, reorder by keyboard, remove. A Dropout goes before the output layer.
  await page.getByTestId('add-layer-type').selectOption('dropout');
  await page.getByTestId('add-layer').click();
  await expect(page.locator('[data-testid^="layer-card-"]')).toHaveCount(8);
  await expect(page.getByTestId('layer-card-6')).toHaveAttribute('data-layer-type', 'dropout');
  await expect(page.getByTestId('layer-card-7')).toHaveAttribute('data-layer-type', 'dense');
  await expect(page.getByTestId('layer-6-rate')).toBeFocused();
  await page.getByTestId('layer-6-move-up').click();
  await expect(page.getByTestId('layer-card-5')).toHaveAttribute('data-layer-type', 'dropout');
  await expect(page.getByTestId('layer-5-move-up')).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByTestId('layer-card-4')).toHaveAttribute('data-layer-type', 'dropout');
  await page.getByTestId('layer-4-duplicate').click();
  await expect(page.getByTestId('layer-card-5')).toHaveAttribute('data-layer-type', 'dropout');
  await page.getByTestId('layer-5-remove').click();
  await page.getByTestId('layer-4-remove').click();
  await expect(page.locator('[data-testid^="layer-card-"]')).toHaveCount(7);

  // Drag the first pooling layer by its handle below the second convolution (a mouse drag, in steps
  // as a hand moves: the drag starts after a few pixels, then follows the pointer).
  const layerTypes = () => page.locator('[data-testid^="layer-card-"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-layer-type')));
  // The pointer moves by as much as puts the dragged card's centre on the target's centre.
  await page.getByTestId('layer-card-1').scrollIntoViewIfNeeded();
  const handle = (await page.getByTestId('layer-1-handle').boundingBox())!;
  const card = (await page.getByTestId('layer-card-1').boundingBox())!;
  const target = (await page.getByTestId('layer-card-2').boundingBox())!;
  const start = { x: handle.x + handle.width / 2, y: handle.y + 10 };
  const dy = target.y + target.height / 2 - (card.y + card.height / 2);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x, start.y + 8, { steps: 4 });
  await page.mouse.move(start.x, start.y + dy, { steps: 12 });
  await page.mouse.up();
  await expect.poll(layerTypes).toEqual(['conv2d', 'conv2d', 'maxPool2d', 'maxPool2d', 'flatten', 'dense', 'dense']);
  // The first conv still has 3×3 'valid' padding from above: 28 → 26, then 13 and floor(13 / 2) = 6.
  expect(await summaryShapes(page)).toEqual(['26×26×16', '26×26×64', '13×13×64', '6×6×64', '2304', '128', '10']);

  // The handle's own keyboard drag: Space lifts the layer, ↑ moves it, Space drops it.
  // (Each key waits for the layer to be lifted or for the list's spoken answer: a busy machine may lag.)
  const spoken = page.locator('[id^="DndLiveRegion"]');
  await page.getByTestId('layer-2-handle').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('layer-card-2')).toHaveClass(/layer-card--dragging/);
  await page.keyboard.press('ArrowUp');
  await expect(spoken).toContainText('is over position 2 of 7');
  await page.keyboard.press('Space');
  await expect(spoken).toContainText('Dropped');
  await expect.poll(layerTypes).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'flatten', 'dense', 'dense']);
  expect(errors).toEqual([]);
});

test('(d) the URL carries the setup: a new page opens the same model and settings; a tampered link opens the default with a message', async ({ page, context }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu');
  await pickFashionCnn(page);
  await page.getByTestId('layer-2-filters').fill('48');
  await page.getByTestId('layer-5-units').fill('96');
  await page.getByTestId('layer-0-padding').selectOption('valid');
  await page.getByTestId('dataset-mnist').check({ force: true });
  const expectedParams = await page.getByTestId('summary-total-params').textContent();
  const expectedShapes = await summaryShapes(page);
  // The hash is written with history.replaceState after a short debounce; the query is kept.
  await expect.poll(() => page.url()).toMatch(/\?backend=cpu#z=[A-Za-z0-9_-]+$/);
  await page.waitForTimeout(400);
  const url = page.url();

  const other = await context.newPage();
  const otherErrors = watchConsole(other);
  await other.goto(url);
  await openView(other, 'build');
  await expect(other.getByTestId('summary-total-params')).toHaveText(expectedParams ?? '');
  expect(await summaryShapes(other)).toEqual(expectedShapes);
  await expect(other.getByTestId('layer-2-filters')).toHaveValue('48');
  await expect(other.getByTestId('layer-0-padding')).toHaveValue('valid');
  await expect(other.getByTestId('dataset-mnist')).toBeChecked();
  await expect(other.getByTestId('url-banner')).toHaveCount(0);
  expect(new URL(other.url()).search).toBe('?backend=cpu');

  // A cut-off link: the default model, and a banner that says what was wrong and can be dismissed.
  const broken = await context.newPage();
  const brokenErrors = watchConsole(broken);
  await broken.goto(url.slice(0, url.length - 40));
  await openView(broken, 'build');
  await expect(broken.getByTestId('url-banner')).toContainText("The link's setup could not be used");
  await expect(broken.locator('[data-testid^="layer-card-"]')).toHaveCount(4);
  await broken.getByTestId('url-banner-dismiss').click();
  await expect(broken.getByTestId('url-banner')).toHaveCount(0);

  // A tampered value: named in the message.
  const doc = linkDocument(new URL(url).hash) as { m: { layers: { filters?: number }[] } };
  doc.m.layers[0].filters = -3;
  await broken.goto(`/?backend=cpu#${hashOfDocument(doc)}`);
  await broken.reload();
  await openView(broken, 'build');
  await expect(broken.getByTestId('url-banner')).toContainText('filters');
  await expect(broken.getByTestId('summary-total-params')).toBeVisible();
  expect([...errors, ...otherErrors, ...brokenErrors]).toEqual([]);
});

test('(e) no serious or critical accessibility violations; screenshots in both themes', async ({ page }, info) => {
  await gotoView(page, '/?backend=cpu');
  await pickFashionCnn(page);
  await expect(page.getByTestId('backend-name')).toHaveText(/Backend: \w+/, { timeout: 90_000 });
  // Scan a settled page: the dataset samples load asynchronously and change the layout.
  await expect(page.locator('[data-testid="sample"]').first()).toBeVisible();
  await shot(page, info, 'main-light', { fullPage: false });
  await shot(page, info, 'builder-column', { testId: 'model-builder' });
  const light = await new AxeBuilder({ page }).analyze();
  const serious = (result: typeof light) =>
    result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(serious(light)).toEqual([]);

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shot(page, info, 'main-dark', { fullPage: false });
  const dark = await new AxeBuilder({ page }).analyze();
  expect(serious(dark)).toEqual([]);

  // The code dialog: the clipboard may be blocked here, the code is shown either way.
  await page.getByTestId('copy-keras').click();
  await expect(page.getByTestId('code-dialog-code')).toHaveValue(/421642|421,642/);
  await shot(page, info, 'code-dialog', { fullPage: false });
  await page.getByTestId('code-dialog-close').click();
  await page.getByTestId('copy-pytorch').click();
  await expect(page.getByTestId('code-dialog-code')).toHaveValue(/nn\.Conv2d/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('code-dialog')).not.toBeVisible();
});

test('"explain this layer" opens the convolution explorer', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=cpu');
  await pickFashionCnn(page);
  await expect(page.getByTestId('backend-name')).toHaveText(/Backend: \w+/, { timeout: 90_000 });
  await expect(page.getByTestId('explain-layer-4')).toHaveCount(0);
  await page.getByTestId('explain-layer-0').click();
  await expect(page.getByRole('tab', { name: 'Convolution explorer' })).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});
