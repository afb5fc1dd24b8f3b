import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { backendLine, testLabels, watchConsole } from './helpers';
import { gotoView, openBackendDetails } from './navigation';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

test('loads on the WebGPU software adapter and shows real samples of both datasets', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/?backend=webgpu', 'build');
  const line = await backendLine(page);
  expect(line).toContain('Backend: webgpu');
  expect(line.toLowerCase()).toContain('swiftshader');

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
    expect(shown.length).toBeGreaterThanOrEqual(16);
    for (const { index, caption } of shown) expect(caption).toBe(names[labels[index]]);
    // The canvases hold real pixels, not blank squares.
    const inkRatio = await samples.first().locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 50) ink++;
      return ink / 784;
    });
    expect(inkRatio).toBeGreaterThan(0.05);
  }
  expect(errors).toEqual([]);
});

test('falls back to another backend when WebGPU is unavailable, and says so', async () => {
  const browser = await chromium.launch({
    executablePath: test.info().project.use.launchOptions?.executablePath,
    args: CHROMIUM_ARGS.filter((arg) => arg !== '--enable-unsafe-webgpu').concat('--disable-webgpu'),
  });
  try {
    const page = await browser.newPage({ baseURL: test.info().project.use.baseURL });
    const errors = watchConsole(page);
    await gotoView(page, '/?backend=webgpu', 'build');
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

test('automatic choice prefers WebAssembly over the software WebGPU adapter, and measuring remembers the fastest', async ({ page }) => {
  const errors = watchConsole(page);
  await gotoView(page, '/', 'build');
  const line = await backendLine(page);
  expect(line).toContain('Backend: wasm');
  expect(line).toContain('software rasteriser');

  await openBackendDetails(page);
  await page.getByTestId('measure-backends').click();
  await expect(page.getByTestId('measure-backends')).toHaveText('Measure speed', { timeout: 120_000 });
  const speeds = (await page.getByTestId('backend-speeds').textContent()) ?? '';
  const measured = Object.fromEntries([...speeds.matchAll(/(\w+) (\d+)\/s/g)].map((m) => [m[1], Number(m[2])]));
  expect(measured.wasm).toBeGreaterThan(0);
  const fastest = Object.entries(measured).sort((a, b) => b[1] - a[1])[0][0];
  await expect(page.getByTestId('backend-name')).toHaveText(`Backend: ${fastest}`);

  // Remembered across a reload: the reason now cites the measurement.
  await page.reload();
  expect(await backendLine(page)).toContain('fastest measured on this machine');
  expect(errors).toEqual([]);
});
