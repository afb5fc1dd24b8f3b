/** Shared helpers for the browser journeys. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type ConsoleMessage, expect, type Page } from '@playwright/test';

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
