/**
 * Getting to a view in the browser journeys. The home view (the playground) is the default; the
 * journeys written for the Build view open the app straight on it with `?view=build`, so that the
 * home view never holds a model before they start.
 */
import type { Page } from '@playwright/test';

export type View = 'play' | 'build' | 'inside' | 'explorer';

const TAB_NAMES: Record<View, string> = {
  play: 'Playground',
  build: 'Build & train',
  inside: 'Inside the network',
  explorer: 'Convolution explorer',
};

/** Opens `url` (its query and hash kept) on `view`. */
export async function gotoView(page: Page, url: string, view: View): Promise<void> {
  const parsed = new URL(url, 'http://app.invalid/');
  parsed.searchParams.set('view', view);
  const relative = url.startsWith('./') ? `.${parsed.pathname}` : parsed.pathname;
  await page.goto(`${relative}${parsed.search}${parsed.hash}`);
}

/** Switches to `view` with its tab in the header. */
export async function openView(page: Page, view: View): Promise<void> {
  await page.getByRole('tab', { name: TAB_NAMES[view], exact: true }).click();
}

/** Opens the backend badge's details (the backend choice and "Measure speed"). */
export async function openBackendDetails(page: Page): Promise<void> {
  const details = page.getByTestId('backend-line');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}
