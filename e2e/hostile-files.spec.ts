/**
 * Hostile model files: a model is trained, downloaded, then each damaged copy of its files is uploaded
 * in turn. Every one is refused with a message in the upload area naming what is wrong, the page stays
 * whole (no view replaced by an error, no uncaught error) and the trained model stays the current one
 * with the same accuracy; the undamaged files still load at the end.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { backendLine, gotoView, typeInto, watchConsole } from './helpers';


// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tampered JSON of any shape
type Json = Record<string, any>;
const DEEP = '"<deep>"';

/** The trained model's files with `edit` applied to model.json and/or the weights. */
function variant(json: string, weights: Buffer, edit: (j: Json, w: Float32Array) => void) {
  const parsed = JSON.parse(json) as Json;
  const values = new Float32Array(
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  );
  edit(parsed, values);
  // 20,000 nested lists are too deep for JSON.stringify: spliced into the text instead.
  const text = JSON.stringify(parsed).replace(DEEP, '['.repeat(20_000) + ']'.repeat(20_000));
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(values.buffer) },
  ];
}

const meta = (j: Json) => j.userDefinedMetadata.cnnPlayground;

const BAD: { name: string; edit: (j: Json, w: Float32Array) => void; message: RegExp }[] = [
  {
    name: 'null history entries',
    edit: (j) => (meta(j).history = [null, null]),
    message: /history\[0\] is null where an object was expected/,
  },
  {
    name: 'a 20,000-deep history',
    edit: (j) => (meta(j).history = JSON.parse(DEEP)),
    message: /history\[0\] is a list where an object was expected/,
  },
  {
    name: 'duplicate weight names',
    edit: (j) => (j.weightsManifest[0].weights[1].name = j.weightsManifest[0].weights[0].name),
    message: /lists the weight ".+" twice/,
  },
  { name: 'a NaN weight', edit: (_, w) => (w[3] = NaN), message: /holds NaN or infinite values/ },
  {
    name: 'an infinite weight',
    edit: (_, w) => (w[w.length - 1] = -Infinity),
    message: /holds NaN or infinite values/,
  },
  {
    name: 'a negative shape',
    edit: (j) => (j.weightsManifest[0].weights[0].shape[0] = -1),
    message: /shape\[0\] is the number -1/,
  },
];

test('every damaged model file is refused in the upload area and the trained model stays', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=wasm');
  expect(await backendLine(page)).toContain('Backend: wasm');
  await typeInto(page, 'hp-train-limit', '320');
  await typeInto(page, 'hp-epochs', '1');
  await typeInto(page, 'hp-test-limit', '200');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/finished/, { timeout: 180_000 });
  await expect(page.getByTestId('test-accuracy')).toContainText('on 200 test images');
  const accuracy = (await page.getByTestId('test-accuracy').getAttribute('data-accuracy'))!;
  const model = (await page.getByTestId('results-model').textContent())!;

  const folder = testInfo.outputPath('model');
  mkdirSync(folder, { recursive: true });
  const downloads: Promise<string>[] = [];
  page.on('download', (download) =>
    downloads.push(
      download.saveAs(`${folder}/${download.suggestedFilename()}`).then(() => download.suggestedFilename()),
    ),
  );
  await page.getByTestId('download-model').click();
  await expect.poll(() => downloads.length).toBe(2);
  await Promise.all(downloads);
  const json = readFileSync(`${folder}/model.json`, 'utf8');
  const weights = readFileSync(`${folder}/weights.bin`);

  const message = page.getByTestId('library-message');
  for (const bad of BAD) {
    await test.step(bad.name, async () => {
      await page.getByTestId('upload-model').setInputFiles(variant(json, weights, bad.edit));
      await expect(message).toContainText('Could not load those files:');
      await expect(message).toContainText(bad.message);
      await expect(message).toHaveClass(/banner--error/);
      // The page is whole and the trained model is still the current one.
      await expect(page.getByRole('heading', { name: 'Saved models' })).toBeVisible();
      await expect(page.getByTestId('view-error')).toHaveCount(0);
      await expect(page.getByTestId('results-model')).toHaveText(model);
      await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-accuracy', accuracy);
      // Clear the message so that the next file's refusal is its own.
      await page
        .getByTestId('upload-model')
        .setInputFiles([{ name: 'x.txt', mimeType: 'text/plain', buffer: Buffer.from('x') }]);
      await expect(message).toContainText('Could not open x.txt');
    });
  }

  // A picture is refused by what it is (it was read as TFANN text and refused for a stray byte).
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  await page.getByTestId('upload-model').setInputFiles([{ name: 'seven.png', mimeType: 'image/png', buffer: png }]);
  await expect(message).toContainText('seven.png is a PNG picture, not a model file. Pictures to train on go in the Your data view');

  // The undamaged files still load.
  await page.getByTestId('upload-model').setInputFiles(variant(json, weights, () => undefined));
  await expect(page.getByTestId('results-model')).toContainText('loaded from files');
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-accuracy', accuracy);
  expect(errors).toEqual([]);
});
