/**
 * Links a teacher hands out: a classroom link opened in a fresh browser finds exactly the controls
 * it allows; the QR code, as the screen shows it, decodes to the same link; a tampered compact link
 * opens the default with a message, and a broken link opened on the home view says so there; the pre-trained Fashion-MNIST CNN opens in one click and shows a
 * prediction without training, scoring its recorded test accuracy. At 1280×720 and 1024×768.
 */
import { expect, type Page, test } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { HIDEABLE_CONTROLS, type ControlId } from '../src/store/classroomControls';
import { PRETRAINED_MODELS } from '../src/store/pretrained';
import { hashOfDocument, linkDocument } from '../src/store/urlState';
import { gotoView, openView, shot, watchConsole } from './helpers';

/** Where each hideable control is found on the home view (the views by their tabs). */
const LOCATORS: Record<ControlId, (page: Page) => ReturnType<Page['locator']>> = {
  play: (p) => p.getByTestId('pg-play'),
  step: (p) => p.getByTestId('pg-step'),
  reset: (p) => p.getByTestId('pg-reset'),
  network: (p) => p.getByTestId('pg-preset'),
  pretrained: (p) => p.locator('[data-testid^="pretrained-"]'),
  dataset: (p) => p.getByTestId('pg-dataset'),
  learningRate: (p) => p.getByTestId('pg-learning-rate'),
  batchSize: (p) => p.getByTestId('pg-batch-size'),
  trainLength: (p) => p.getByTestId('pg-epochs'),
  editLayers: (p) => p.locator('[data-testid^="pg-edit-"], [data-testid^="pg-remove-"], [data-testid^="pg-insert-"], [data-testid^="pg-plus-"]'),
  'view:build': (p) => p.getByRole('tab', { name: 'Build & train', exact: true }),
  'view:inside': (p) => p.getByRole('tab', { name: 'Inside the network', exact: true }),
  'view:explorer': (p) => p.getByRole('tab', { name: 'Convolution explorer', exact: true }),
  'view:data': (p) => p.getByRole('tab', { name: 'Your data', exact: true }),
  share: (p) => p.getByTestId('share-open'),
};

/** Decodes the QR code in a screenshot of `testId` (what a phone's camera would see). */
async function decodeQr(page: Page, testId: string): Promise<string | null> {
  const png = PNG.sync.read(await page.getByTestId(testId).screenshot());
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null;
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('a classroom link shows exactly the controls it allows, and its QR code decodes to it', async ({ page, browser }, info) => {
      const errors = watchConsole(page);
      await gotoView(page, '/?backend=cpu', 'play');
      await expect(page.getByTestId('pg-play')).toBeEnabled({ timeout: 90_000 });
      await page.getByTestId('share-open').click();
      const dialog = page.getByTestId('share-dialog');
      await expect(dialog).toBeVisible();
      await page.getByTestId('share-classroom').check();
      // The suggestion is Play and the learning rate; the teacher also allows the Inside view.
      await expect(page.getByTestId('share-allow-play')).toBeChecked();
      await expect(page.getByTestId('share-allow-learningRate')).toBeChecked();
      await page.getByTestId('share-allow-view:inside').check();
      const allowed: ControlId[] = ['play', 'learningRate', 'view:inside'];
      // The link opens on the view the teacher picks (this one by default).
      await page.getByTestId('share-view').selectOption('inside');
      expect(new URL(await page.getByTestId('share-dialog-url').inputValue()).searchParams.get('view')).toBe('inside');
      await page.getByTestId('share-view').selectOption('play');
      const url = await page.getByTestId('share-dialog-url').inputValue();
      await shot(page, info, 'share-dialog', { fullPage: false });
      expect(url).toMatch(/^http:\/\/localhost:\d+\/\?backend=cpu#z=[A-Za-z0-9_-]+$/);
      expect(url.length).toBeLessThan(250);
      expect(linkDocument(new URL(url).hash).c).toEqual(allowed);

      // The dialog fits the screen with its QR code (qrcode's own 720 px once made it scroll).
      expect(await dialog.evaluate((d) => d.scrollHeight <= d.clientHeight + 1), 'the share dialog needs no scrolling').toBe(true);
      // The QR code in the dialog and the full-screen one both read back as the link.
      expect(await decodeQr(page, 'share-qr')).toBe(url);
      await page.getByTestId('share-qr-fullscreen').click();
      const full = page.getByTestId('share-qr-full-canvas');
      await expect(full).toBeVisible();
      const box = (await full.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(0.6 * Math.min(viewport.width, viewport.height));
      expect(box.y >= 0 && box.y + box.height <= viewport.height, 'the full-screen code is on the screen whole').toBe(true);
      expect(await decodeQr(page, 'share-qr-full-canvas')).toBe(url);
      await shot(page, info, 'qr-full-screen', { fullPage: false });
      // Keyboard: Escape leaves full screen, then the dialog.
      await page.keyboard.press('Escape');
      await expect(full).toHaveCount(0);
      await expect(dialog).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);

      // A student: a fresh browser context with nothing stored.
      const student = await browser.newContext({ viewport });
      const pupil = await student.newPage();
      const pupilErrors = watchConsole(pupil);
      await pupil.goto(url);
      await expect(pupil.getByTestId('classroom-banner')).toContainText('Classroom link: some controls are hidden');
      await expect(pupil.getByTestId('pg-play')).toBeEnabled({ timeout: 90_000 });
      await expect(pupil.getByTestId('pg-picture')).toBeVisible();
      for (const control of HIDEABLE_CONTROLS) {
        const found = LOCATORS[control.id](pupil);
        // The trained networks are options of the network picker: present or absent, never "visible".
        if (control.id === 'pretrained') await expect(found, control.id).toHaveCount(allowed.includes(control.id) ? PRETRAINED_MODELS.length : 0);
        else if (allowed.includes(control.id)) await expect(found.first(), control.id).toBeVisible();
        else await expect(found, control.id).toHaveCount(0);
      }
      expect(await pupil.getByRole('tab').allTextContents()).toEqual(['Playground', 'Inside the network']);
      await shot(pupil, info, 'classroom-home', { fullPage: false });
      // The home view still fits the screen.
      const scroll = await pupil.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
      expect(scroll[0]).toBeLessThanOrEqual(scroll[1]);

      // The plain link leaves classroom mode: every control is back.
      await pupil.getByTestId('classroom-leave').click();
      await expect(pupil.getByTestId('classroom-banner')).toHaveCount(0);
      for (const control of HIDEABLE_CONTROLS) {
        if (control.id === 'pretrained') await expect(LOCATORS.pretrained(pupil)).toHaveCount(PRETRAINED_MODELS.length);
        else await expect(LOCATORS[control.id](pupil).first(), control.id).toBeVisible();
      }
      await student.close();
      expect([...errors, ...pupilErrors]).toEqual([]);
    });

    test('a tampered or cut-short compact link opens the default model with a message', async ({ page }) => {
      const errors = watchConsole(page);
      await gotoView(page, '/?backend=cpu', 'build');
      await page.getByTestId('share-open').click();
      const url = await page.getByTestId('share-dialog-url').inputValue();
      await page.keyboard.press('Escape');
      const doc = linkDocument(new URL(url).hash);
      (doc.m as { layers: { filters?: number }[] }).layers[0].filters = -3;
      await gotoView(page, `/?backend=cpu#${hashOfDocument(doc)}`, 'build');
      await expect(page.getByTestId('url-banner')).toContainText(/could not be used: its model is invalid .*filters/);
      await expect(page.locator('[data-testid^="layer-card-"]')).toHaveCount(4);

      const cut = url.slice(0, url.length - 6);
      await gotoView(page, new URL(cut).pathname + new URL(cut).search + new URL(cut).hash, 'build');
      await expect(page.getByTestId('url-banner')).toContainText("The link's setup could not be used");
      await expect(page.getByTestId('summary-total-params')).toBeVisible();
      expect(errors).toEqual([]);
    });

    test('a broken link opened on the home view says so there: readable, dismissible, Play left free', async ({ page }, info) => {
      const errors = watchConsole(page);
      await page.goto('/?backend=cpu');
      await expect(page.getByTestId('playground')).toBeVisible();
      await expect.poll(() => page.url()).toMatch(/#z=[A-Za-z0-9_-]+$/);
      const good = new URL(page.url());
      const links = [
        { hash: '#z=garbage!!!', says: "The link's setup could not be used" },
        { hash: '#hello-world', says: '"#hello-world", which holds no playground setup' },
        { hash: good.hash.slice(0, good.hash.length - 6), says: "The link's setup could not be used" },
      ];
      for (const [k, link] of links.entries()) {
        // A fresh load of the link (not a same-page hash change), on the view links open on.
        await page.goto('about:blank');
        await page.goto(`/?backend=cpu${link.hash}`);
        await expect(page.getByTestId('playground')).toBeVisible();
        const banner = page.getByTestId('url-banner');
        await expect(banner).toContainText(link.says);
        await expect(banner).toContainText('The default model is open instead.');
        await expect(page.getByTestId('pg-play')).toBeEnabled({ timeout: 90_000 });
        // Readable: the whole sentence inside the window, nothing clipped; the page does not scroll.
        const fit = await banner.evaluate((element) => {
          const text = element.querySelector('p')!;
          const box = element.getBoundingClientRect();
          return {
            clipped: text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1,
            inside: box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight,
            pageScrolls: document.documentElement.scrollHeight > window.innerHeight,
          };
        });
        expect(fit).toEqual({ clipped: false, inside: true, pageScrolls: false });
        // Play is not covered: what lies at its centre is Play itself.
        const play = (await page.getByTestId('pg-play').boundingBox())!;
        const atPlay = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid]')?.getAttribute('data-testid'), [play.x + play.width / 2, play.y + play.height / 2]);
        expect(atPlay).toBe('pg-play');
        if (k === 0) await shot(page, info, 'broken-link-home', { fullPage: false });
        await page.getByTestId('url-banner-dismiss').click();
        await expect(banner).toHaveCount(0);
        // The address now holds the default setup's link.
        expect(new URL(page.url()).hash).toMatch(/^#z=[A-Za-z0-9_-]+$/);
      }
      expect(errors).toEqual([]);
    });

    test('the pre-trained Fashion-MNIST CNN opens in one click and predicts without training', async ({ page }, info) => {
      test.setTimeout(300_000);
      const errors = watchConsole(page);
      const entry = PRETRAINED_MODELS.find((m) => m.presetId === 'fashion-cnn')!;
      await gotoView(page, '/?backend=wasm', 'play');
      await expect(page.getByTestId('pg-play')).toBeEnabled({ timeout: 90_000 });
      await page.getByTestId('pg-preset').selectOption('trained:fashion-cnn');
      // Judged on all 10,000 test images, as `npm run train` recorded it.
      const strip = page.getByTestId('pg-test-accuracy');
      await expect(strip).toContainText('right of 10,000', { timeout: 240_000 });
      const percent = Number(/([\d.]+) %/.exec((await strip.textContent()) ?? '')![1]);
      expect(Math.abs(percent / 100 - entry.testAccuracy)).toBeLessThanOrEqual(0.005);
      await expect(page.getByTestId('pg-preset')).toHaveValue('fashion-cnn');
      await expect(page.getByTestId('pg-dataset')).toHaveValue('fashion-mnist');
      await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-examples', '0');
      await expect(page.getByTestId('pg-verdict')).toContainText(/\w/);
      await shot(page, info, 'pretrained-home', { fullPage: false });

      await openView(page, 'inside');
      await expect(page.getByTestId('inside-prediction')).toContainText(/%/, { timeout: 60_000 });
      await openView(page, 'play');
      await page.getByTestId('pg-explain-0').click();
      await expect(page.getByRole('tab', { name: 'Convolution explorer', exact: true })).toHaveAttribute('aria-selected', 'true');
      // The trained layer's real weights: no "untrained, fell back" notice.
      await expect(page.getByTestId('explorer-label')).toContainText('conv2d', { timeout: 60_000 });
      await expect(page.getByTestId('explain-notice')).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  });
}
