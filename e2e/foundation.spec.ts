/**
 * The foundation: real samples of both datasets, and the backend the engine picks. The automatic
 * choice is checked against the rule, applied to the adapter this browser actually reports (a laptop's
 * real GPU → WebGPU; a software adapter or none → WebAssembly); the software and no-WebGPU worlds are
 * each forced in a browser of their own, so every branch runs on every machine.
 */
import { expect, type Page, test } from '@playwright/test';
import { adapterSeen, backendLine, expectedAutomaticChoice, gotoView, launchChromium, openBackendDetails, picturePixels, testLabels, watchConsole } from './helpers';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** The automatic choice, checked against the rule for the adapter this page's browser reports. */
async function expectAutomaticChoiceFollowsTheAdapter(page: Page): Promise<string> {
  const adapter = await adapterSeen(page);
  test.info().annotations.push({ type: 'WebGPU adapter', description: JSON.stringify(adapter) });
  const expected = expectedAutomaticChoice(adapter);
  const line = await backendLine(page);
  expect(line).toContain(`Backend: ${expected.backend}`);
  expect(line).toMatch(expected.because);
  return expected.backend;
}

test('shows real samples of both datasets, and picks the backend the rule says for this browser’s adapter', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/');
  await expectAutomaticChoiceFollowsTheAdapter(page);

  for (const [dataset, names] of [
    ['mnist', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']],
    ['fashion-mnist', FASHION],
  ] as const) {
    await page.getByTestId(`dataset-${dataset}`).check({ force: true });
    const samples = page.locator('[data-testid="sample"]');
    await expect(samples).toHaveCount(24);
    const labels = testLabels(dataset);
    const shown = await samples.evaluateAll((figures) =>
      figures.map((f) => ({ index: Number(f.getAttribute('data-index')), caption: f.querySelector('figcaption')?.textContent })),
    );
    expect(shown).toHaveLength(24);
    for (const { index, caption } of shown) expect(caption).toBe(names[labels[index]]);
    // The pictures hold real pixels, not blank squares.
    const data = await picturePixels(samples.first().locator('img'));
    expect(data).toHaveLength(28 * 28 * 4);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 50) ink++;
    const inkRatio = ink / 784;
    expect(inkRatio).toBeGreaterThan(0.05);
  }
  expect(errors).toEqual([]);
});

test('on the software adapter (forced): WebGPU runs when asked for and says it is software; automatic picks WebAssembly', async () => {
  const browser = await launchChromium('software');
  try {
    const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
    const errors = watchConsole(page);
    await gotoView(page, '/');
    expect(await adapterSeen(page)).toMatchObject({ available: true, fallback: true });
    expect(await expectAutomaticChoiceFollowsTheAdapter(page)).toBe('wasm');

    await gotoView(page, '/?backend=webgpu');
    const line = await backendLine(page);
    expect(line).toContain('Backend: webgpu');
    expect(line).toContain('webgpu was chosen by you — the WebGPU adapter is a software adapter');
    await expect(page.locator('[data-testid="sample"]')).toHaveCount(24);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('with WebGPU off: automatic picks WebAssembly, and a forced WebGPU falls back and says so', async () => {
  const browser = await launchChromium('off');
  try {
    const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
    const errors = watchConsole(page);
    await gotoView(page, '/');
    expect(await adapterSeen(page)).toMatchObject({ available: false });
    expect(await expectAutomaticChoiceFollowsTheAdapter(page)).toBe('wasm');

    await gotoView(page, '/?backend=webgpu');
    const line = await backendLine(page);
    expect(line).not.toContain('Backend: webgpu');
    expect(line).toMatch(/Backend: (webgl|wasm|cpu)/);
    expect(line).toMatch(/you chose webgpu, but it failed \(WebGPU unavailable: .+\); fell back to/);
    await expect(page.locator('[data-testid="sample"]')).toHaveCount(24);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('measuring speed remembers the fastest backend on this machine across a reload', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/');
  await backendLine(page);
  await openBackendDetails(page);
  await page.getByTestId('measure-backends').click();
  await expect(page.getByTestId('measure-backends')).toHaveText('Measure speed', { timeout: 120_000 });
  const speeds = (await page.getByTestId('backend-speeds').textContent()) ?? '';
  const measured = Object.fromEntries([...speeds.matchAll(/(\w+) ([\d,]+)\/s/g)].map((m) => [m[1], Number(m[2].replaceAll(',', ''))]));
  test.info().annotations.push({ type: 'measured examples/s', description: JSON.stringify(measured) });
  // WebAssembly and plain JavaScript run everywhere; the GPU backends only where the browser has them.
  expect(measured.wasm).toBeGreaterThan(0);
  expect(measured.cpu).toBeGreaterThan(0);
  const fastest = Object.entries(measured).sort((a, b) => b[1] - a[1])[0][0];
  await expect(page.getByTestId('backend-name')).toHaveText(`Backend: ${fastest}`);

  // Remembered across a reload: the reason now cites the measurement.
  await page.reload();
  const line = await backendLine(page);
  expect(line).toContain(`Backend: ${fastest}`);
  expect(line).toContain('fastest measured on this machine');
  expect(errors).toEqual([]);
});
