/**
 * The one helper module of the browser journeys: navigation between views, typing, screenshots (as
 * attachments only), console watching, and the hardware rule (what the app should pick, derived from
 * the adapter the browser reports). Journeys assert what is deterministic; speed and timing budgets
 * live in `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { CHROMIUM_PATH, NO_WEBGPU_ARGS, SOFTWARE_WEBGPU_ARGS } from '../playwright.config';
import { gunzipSync } from 'node:zlib';

/** Collects console errors and uncaught page errors (also from the worker) for a final assertion. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  return errors;
}

/** The label bytes of a test set, read straight from the files the app serves. */
export function testLabels(dataset: 'mnist' | 'fashion-mnist'): Uint8Array {
  const raw = gunzipSync(readFileSync(`public/datasets/${dataset}/t10k-labels-idx1-ubyte.gz`));
  return new Uint8Array(raw.subarray(8));
}

/** Waits until the engine has chosen a backend and returns the backend line's text. */
export async function backendLine(page: Page): Promise<string> {
  await expect(page.getByTestId('backend-name')).toHaveText(/Backend: \w+/, { timeout: 90_000 });
  return (await page.getByTestId('backend-line').textContent()) ?? '';
}

export type View = 'play' | 'build' | 'inside' | 'explorer';

const VIEW_TABS: Record<View, string> = {
  play: 'Playground',
  build: 'Build & train',
  inside: 'Inside the network',
  explorer: 'Convolution explorer',
};

/** Shows one of the app's views. Every journey navigates through here, so a new layout changes one place. */
export async function openView(page: Page, view: View): Promise<void> {
  await page.getByRole('tab', { name: VIEW_TABS[view], exact: true }).click();
}

/**
 * Opens the app at `url` (a query such as `/?backend=cpu`, or a shared link; its hash kept) straight
 * on `view` with `?view=`, so that the home view (the default) never holds a model before a journey
 * written for another view starts.
 */
export async function gotoView(page: Page, url: string, view: View = 'build'): Promise<void> {
  const parsed = new URL(url, 'http://app.invalid/');
  parsed.searchParams.set('view', view);
  const relative = url.startsWith('./') ? `.${parsed.pathname}` : parsed.pathname;
  await page.goto(`${relative}${parsed.search}${parsed.hash}`);
}

/** Opens the backend badge's details (the backend choice and "Measure speed"). */
export async function openBackendDetails(page: Page): Promise<void> {
  const details = page.getByTestId('backend-line');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

/** Types a value into a field as a learner does: focus, select everything, type. */
export async function typeInto(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(value);
}

/** Attaches a screenshot (of the page, or of one element) to the test's report. */
export async function shot(page: Page, testInfo: TestInfo, name: string, options: { fullPage?: boolean; testId?: string } = {}): Promise<void> {
  const body = options.testId ? await page.getByTestId(options.testId).screenshot() : await page.screenshot({ fullPage: options.fullPage ?? true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

/** Examples the run has seen, as the dashboard's progress reports them. */
export async function examplesSeen(page: Page): Promise<number> {
  return Number(await page.getByTestId('train-progress').getAttribute('data-examples'));
}

/** Training set size, epochs and test set size of the next run; no validation split. */
/** The RGBA bytes of a picture on the page (an <img> at its natural size, or a canvas), once decoded. */
export function picturePixels(picture: Locator): Promise<number[]> {
  return picture.evaluate(async (element) => {
    if (element instanceof HTMLCanvasElement) return Array.from(element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data);
    const image = element as HTMLImageElement;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data);
  });
}

export async function setRunSize(page: Page, trainLimit: string, epochs: string, testLimit = '200'): Promise<void> {
  for (const [testId, value] of [['hp-train-limit', trainLimit], ['hp-epochs', epochs], ['hp-test-limit', testLimit], ['hp-validation-split', '0']]) {
    await typeInto(page, testId, value);
    // Accepted as typed: a refused value would leave the previous one in force.
    await expect(page.getByTestId(testId)).toHaveValue(value);
    await expect(page.getByTestId(testId)).not.toHaveAttribute('aria-invalid', 'true');
  }
}

// ---------------------------------------------------------------------------------------------------
// The hardware rule.

/** What this browser reports about WebGPU, asked the way the app asks (a high-performance adapter). */
export interface AdapterSeen {
  available: boolean;
  /** The browser's own word: a fallback adapter is a software one (the CPU pretending to be a GPU). */
  fallback: boolean;
  description: string;
}

export async function adapterSeen(page: Page): Promise<AdapterSeen> {
  return page.evaluate(async () => {
    type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string } };
    const gpu = (navigator as { gpu?: { requestAdapter(o: object): Promise<Adapter | null> } }).gpu;
    const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
    if (!adapter) return { available: false, fallback: false, description: gpu ? 'no adapter granted' : 'no navigator.gpu' };
    return {
      available: true,
      fallback: adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true,
      description: [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' '),
    };
  });
}

/**
 * What the automatic choice must be for that adapter, and the reason the page must give: a hardware
 * adapter → WebGPU; a software adapter or none → WebAssembly (it trains several times faster on the CPU).
 */
export function expectedAutomaticChoice(adapter: AdapterSeen): { backend: 'webgpu' | 'wasm'; because: RegExp } {
  if (!adapter.available) return { backend: 'wasm', because: /no WebGPU adapter/ };
  if (adapter.fallback) return { backend: 'wasm', because: /software rasteriser/ };
  return { backend: 'webgpu', because: /hardware GPU/ };
}

/**
 * For `test.use(...)` in a journey that must train on WebGPU on every machine: Chromium's software
 * adapter, forced, so that it runs the same on a laptop's real GPU, on CI and with the suite's WebGPU off.
 */
export const FORCE_SOFTWARE_WEBGPU = { launchOptions: { executablePath: CHROMIUM_PATH, args: SOFTWARE_WEBGPU_ARGS } };

/** A browser of its own for a journey that needs WebGPU off or the software adapter, whatever the suite runs with. */
export function launchChromium(webgpu: 'off' | 'software'): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: webgpu === 'off' ? NO_WEBGPU_ARGS : SOFTWARE_WEBGPU_ARGS });
}
