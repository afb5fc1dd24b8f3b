/**
 * The learner's own dataset, end to end in a real Chromium with real IndexedDB and the real worker:
 * three classes made from uploaded pictures (PNGs written by the test from real MNIST digits), bad
 * files named one by one, trained for one epoch, exported, deleted and imported again; and pictures
 * recorded from Chromium's fake webcam by holding a button (mouse and keyboard).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gunzipSync } from 'node:zlib';
import { chromium, expect, type Page, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config';
import { readDatasetFile } from '../src/engine/data/customFile';
import { gotoView, openView, shot, typeInto, watchConsole } from './helpers';

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A grey PNG (8-bit, filter 0 on every row) of `width` × `height` bytes. */
function greyPng(pixels: Uint8Array, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/** `perClass` real MNIST test digits of each of 0, 1 and 2, written as PNGs (enlarged ×2, padded wide so the crop matters). */
function writeDigitPngs(folder: string, perClass: number): string[][] {
  const images = gunzipSync(readFileSync('public/datasets/mnist/t10k-images-idx3-ubyte.gz')).subarray(16);
  const labels = gunzipSync(readFileSync('public/datasets/mnist/t10k-labels-idx1-ubyte.gz')).subarray(8);
  const files: string[][] = [[], [], []];
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < labels.length && files.some((f) => f.length < perClass); i++) {
    const c = labels[i];
    if (c > 2 || files[c].length >= perClass) continue;
    // 56 × 80: the digit doubled in the middle, 12 black columns on each side.
    const width = 80;
    const big = new Uint8Array(width * 56);
    for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) big[y * width + x + 12] = images[i * 784 + Math.floor(y / 2) * 28 + Math.floor(x / 2)];
    const path = join(folder, `digit-${c}-${files[c].length}.png`);
    writeFileSync(path, greyPng(big, width, 56));
    files[c].push(path);
  }
  return files;
}

// Chromium's fake camera (a moving test pattern) and an automatic yes to the camera question, in this
// spec only: the webcam journey records from it; the upload journey never asks for it.
test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] },
});

async function makeDataset(page: Page, names: string[]): Promise<void> {
  await page.getByTestId('own-format-grey28').check();
  await page.getByTestId('own-new').click();
  await expect(page.getByTestId('own-maker')).toBeVisible();
  await typeInto(page, 'own-title', 'Zero one two');
  for (let c = 2; c < names.length; c++) await page.getByTestId('own-add-class').click();
  for (let c = 0; c < names.length; c++) await page.getByTestId(`own-class-name-${c}`).fill(names[c]);
}

test('a dataset of three classes from uploaded pictures: bad files named, trained for an epoch, exported, deleted, imported', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  const folder = testInfo.outputPath('pictures');
  mkdirSync(folder, { recursive: true });
  const pngs = writeDigitPngs(folder, 8);
  const bad = {
    svg: join(folder, 'drawing.svg'),
    text: join(folder, 'notes.png'),
    empty: join(folder, 'empty.png'),
    huge: join(folder, 'huge.png'),
  };
  writeFileSync(bad.svg, '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="8" fill="white"/></svg>');
  writeFileSync(bad.text, 'this is a shopping list, not a picture');
  writeFileSync(bad.empty, '');
  // Only the start of a PNG whose header says 20,000 × 20,000: refused before any decoder runs.
  const huge = Buffer.from(greyPng(new Uint8Array(4), 2, 2).subarray(0, 33));
  huge.writeUInt32BE(20000, 16);
  huge.writeUInt32BE(20000, 20);
  writeFileSync(bad.huge, huge);

  await gotoView(page, '/?backend=wasm');
  await page.getByRole('tab', { name: 'Your data', exact: true }).click();
  await makeDataset(page, ['zero', 'one', 'two']);

  // Too few images: each class is flagged with how many to add, and Use is disabled.
  await expect(page.getByTestId('own-class-flag-0')).toHaveText('⚠ “zero” has 0 images: add at least 5 more (5 is the least a class can be learnt from, and one of them is kept for testing).');
  await expect(page.getByTestId('own-use')).toBeDisabled();

  // Class 0: its pictures plus four bad files, each refused by name; the good ones are all kept.
  await page.getByTestId('own-files-0').setInputFiles([...pngs[0], bad.svg, bad.text, bad.empty, bad.huge]);
  await expect(page.getByTestId('own-class-count-0')).toHaveText('8 images (2 for testing)');
  const problems = page.getByTestId('own-problem');
  await expect(problems).toHaveCount(4);
  await expect(problems.filter({ hasText: 'drawing.svg is an SVG drawing' })).toHaveCount(1);
  await expect(problems.filter({ hasText: 'notes.png is not a picture this page can read' })).toHaveCount(1);
  await expect(problems.filter({ hasText: 'empty.png is empty (0 bytes)' })).toHaveCount(1);
  await expect(problems.filter({ hasText: 'huge.png is 20,000×20,000 pixels' })).toHaveCount(1);
  await expect(page.getByTestId('own-info')).toHaveText('Added 8 of 12 pictures to “zero”.');

  await page.getByTestId('own-files-1').setInputFiles(pngs[1]);
  await expect(page.getByTestId('own-class-count-1')).toHaveText('8 images (2 for testing)');
  await page.getByTestId('own-files-2').setInputFiles(pngs[2].slice(0, 3));
  await expect(page.getByTestId('own-class-flag-2')).toContainText('“two” has 3 images: add at least 2 more');
  await page.getByTestId('own-files-2').setInputFiles(pngs[2].slice(3));
  await expect(page.getByTestId('own-class-count-2')).toHaveText('8 images (2 for testing)');
  await expect(page.getByTestId('own-class-flag-2')).toHaveCount(0);
  await expect(page.getByTestId('own-save-state')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('own-list-item')).toHaveAttribute('data-count', '24');
  await shot(page, testInfo, 'own-dataset-1280x720');

  // The same view at 1024 × 768: nothing of it wider than the window (the header's tabs are the
  // header's own: they wrap below 1,100 px).
  await page.setViewportSize({ width: 1024, height: 768 });
  const overflowing = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.own-page *')).filter((el) => el.getBoundingClientRect().right > window.innerWidth).map((el) => el.className),
  );
  expect(overflowing).toEqual([]);
  await shot(page, testInfo, 'own-dataset-1024x768');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Use it: every view works with it; train one epoch on Build & train.
  await page.getByTestId('own-use').click();
  await expect(page.getByTestId('own-info')).toContainText('Every view now works with “Zero one two” (24 images, 3 classes); the network was fitted to it: output layer: 10 → 3 units');
  await openView(page, 'build');
  await expect(page.getByRole('radio', { name: 'Zero one two' })).toBeChecked();
  await expect(page.getByTestId('sample-gallery').locator('[data-testid="sample"]')).toHaveCount(6);
  await typeInto(page, 'hp-epochs', '1');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/finished/, { timeout: 120_000 });
  await expect(page.getByTestId('per-class-accuracy')).toContainText('zero');
  await expect(page.getByTestId('per-class-accuracy')).toContainText('two');
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-accuracy', /^[01](\.\d+)?$/);
  await shot(page, testInfo, 'own-dataset-trained');
  // The Python project's train.py cannot read a learner's own images yet: it says so where it is offered.
  await expect(page.getByTestId('download-python')).toBeDisabled();
  await expect(page.getByTestId('python-project-refusal')).toContainText(
    /^No Python project for this model yet: the Python code reads the IDX files of MNIST and Fashion-MNIST; custom:\S+ is not one of them/,
  );
  await expect(page.getByTestId('download-keras')).toBeEnabled();

  // Export, delete, import: the same 24 images come back.
  await page.getByRole('tab', { name: 'Your data', exact: true }).click();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('own-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Zero-one-two.cnnp-dataset.zip');
  const exported = testInfo.outputPath('exported.cnnp-dataset.zip');
  await download.saveAs(exported);
  const file = readDatasetFile(new Uint8Array(readFileSync(exported)));
  expect(file.classNames).toEqual(['zero', 'one', 'two']);
  expect(file.labels.length).toBe(24);
  expect([file.height, file.width, file.channels]).toEqual([28, 28, 1]);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('own-delete').click();
  await expect(page.getByTestId('own-list-item')).toHaveCount(0);
  await page.reload();
  await page.getByRole('tab', { name: 'Your data', exact: true }).click();
  await expect(page.getByText('None yet: make one, or import a file.')).toBeVisible();

  await page.getByTestId('own-import').setInputFiles(exported);
  await expect(page.getByTestId('own-list-item')).toHaveAttribute('data-count', '24');
  await expect(page.getByTestId('own-info')).toHaveText('Imported “Zero one two”: 24 images in 3 classes.');

  // A tampered file is refused with what is wrong with it.
  const tampered = testInfo.outputPath('tampered.cnnp-dataset.zip');
  writeFileSync(tampered, readFileSync(exported).subarray(0, 200));
  await page.getByTestId('own-import').setInputFiles(tampered);
  await expect(page.getByTestId('own-problem')).toContainText('Could not import tampered.cnnp-dataset.zip: the file: the zip is damaged or truncated');
  await expect(page.getByTestId('own-list-item')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a folder of class folders becomes one class per folder, and drawings on the pad are added to a class', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  const root = testInfo.outputPath('animals');
  const made = writeDigitPngs(testInfo.outputPath('digits'), 5);
  for (const [c, folder] of ['cat', 'dog'].entries()) {
    mkdirSync(join(root, folder), { recursive: true });
    made[c].forEach((path, k) => writeFileSync(join(root, folder, `${folder}-${k}.png`), readFileSync(path)));
  }
  await gotoView(page, '/?backend=wasm');
  await page.getByRole('tab', { name: 'Your data', exact: true }).click();
  await page.getByTestId('own-new').click();
  await page.getByTestId('own-folder').setInputFiles(root);
  await expect(page.getByTestId('own-class-name-0')).toHaveValue('cat');
  await expect(page.getByTestId('own-class-name-1')).toHaveValue('dog');
  await expect(page.getByTestId('own-class-count-0')).toHaveText('5 images (1 for testing)');
  await expect(page.getByTestId('own-class-count-1')).toHaveText('5 images (1 for testing)');

  await page.getByTestId('own-source-pad').click();
  await expect(page.getByTestId('own-pad-add-0')).toBeDisabled();
  const pad = await page.getByTestId('drawing-pad').boundingBox();
  if (!pad) throw new Error('the pad is not on screen');
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.8, { steps: 8 });
  await page.mouse.up();
  await page.getByTestId('own-pad-add-0').click();
  await expect(page.getByTestId('own-class-count-0')).toHaveText('6 images (1 for testing)');
  // The pad is cleared for the next drawing.
  await expect(page.getByTestId('own-pad-add-0')).toBeDisabled();
  await shot(page, testInfo, 'own-dataset-folder-and-pad');
  expect(errors).toEqual([]);
});

test('a refused camera says what to do instead', async ({ baseURL }) => {
  // A browser with a camera but no automatic yes: headless Chromium refuses getUserMedia
  // (NotAllowedError), as when a learner answers Block.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] });
  const page = await (await browser.newContext({ baseURL })).newPage();
  await gotoView(page, '/?backend=wasm');
  await page.getByRole('tab', { name: 'Your data', exact: true }).click();
  await page.getByTestId('own-new').click();
  await page.getByTestId('own-source-webcam').click();
  await page.getByTestId('own-webcam-start').click();
  await expect(page.getByTestId('own-webcam-problem')).toHaveText(/^The camera was not allowed\. Allow it for this site .* or add pictures from files or the pad\.$/);
  await expect(page.getByTestId('own-webcam-start')).toBeEnabled();
  await browser.close();
});

test.describe('the webcam', () => {
  test.use({ permissions: ['camera'] });
  test('pictures are recorded from the webcam while a class button is held, by mouse and by keyboard', async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    await gotoView(page, '/?backend=wasm');
    await page.getByRole('tab', { name: 'Your data', exact: true }).click();
    await page.getByTestId('own-format-colour32').check();
    await page.getByTestId('own-new').click();
    await page.getByTestId('own-source-webcam').click();
    await page.getByTestId('own-webcam-start').click();
    await expect(page.getByTestId('own-webcam-preview')).toBeVisible();

    // Held with the mouse until at least six frames are in.
    await page.getByTestId('own-hold-0').hover();
    await page.mouse.down();
    await expect.poll(async () => Number(await page.getByTestId('own-class-0').getAttribute('data-count')), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    await page.mouse.up();
    await expect(page.getByTestId('own-hold-0')).toHaveAttribute('aria-pressed', 'false');
    const afterRelease = Number(await page.getByTestId('own-class-0').getAttribute('data-count'));
    // Nothing more arrives once it is let go.
    await page.waitForTimeout(600);
    expect(Number(await page.getByTestId('own-class-0').getAttribute('data-count'))).toBe(afterRelease);

    // Held with the keyboard (Space) for the second class.
    await page.getByTestId('own-hold-1').focus();
    await page.keyboard.down('Space');
    await expect.poll(async () => Number(await page.getByTestId('own-class-1').getAttribute('data-count')), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    await page.keyboard.up('Space');
    await expect(page.getByTestId('own-hold-1')).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('own-use')).toBeEnabled();
    // The recorded pictures are 32×32 colour: the fake camera's frames are not grey.
    const thumb = page.getByTestId('own-class-0').locator('canvas').first();
    const colourful = await thumb.evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let differs = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2]) differs++;
      return { width: canvas.width, height: canvas.height, differs };
    });
    expect(colourful.width).toBe(32);
    expect(colourful.height).toBe(32);
    expect(colourful.differs).toBeGreaterThan(0);
    await shot(page, testInfo, 'own-dataset-webcam');
    expect(errors).toEqual([]);
  });
});
