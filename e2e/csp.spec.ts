/**
 * The built app under its own Content-Security-Policy: the served page carries the policy and the
 * security headers, the policy is really enforced (an injected inline script is refused and reported),
 * and then every view loads and a model trains on the WebAssembly backend with no violation reported,
 * neither as a `securitypolicyviolation` event in the page nor as a console error from the page or
 * its workers.
 */
import { expect, test } from '@playwright/test';
import { backendLine, typeInto, watchConsole } from './helpers';

declare global {
  interface Window {
    __cspViolations: string[];
    __inlineRan?: boolean;
  }
}

test('every view loads and trains on wasm under the CSP with no violation', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = watchConsole(page);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__cspViolations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
      ),
    );
  });
  const response = (await page.goto('/?backend=wasm&view=build'))!;
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval' blob:");
  for (const directive of [
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ]) {
    expect(headers['content-security-policy']).toContain(directive);
  }
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // The policy is enforced and the listener hears it: an injected inline script does not run.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
  });
  await expect.poll(() => page.evaluate(() => window.__cspViolations.length)).toBe(1);
  expect(await page.evaluate(() => window.__inlineRan)).toBeUndefined();
  expect(errors.filter((e) => /Content Security Policy/i.test(e))).toHaveLength(1);
  await page.evaluate(() => (window.__cspViolations = []));
  errors.length = 0;

  expect(await backendLine(page)).toContain('Backend: wasm');
  // A dataset comes as gzip with its content type, and its samples draw.
  const gz = await page.request.get('/datasets/mnist/t10k-labels-idx1-ubyte.gz');
  expect(gz.headers()['content-type']).toBe('application/gzip');

  await typeInto(page, 'hp-train-limit', '320');
  await typeInto(page, 'hp-epochs', '1');
  await typeInto(page, 'hp-test-limit', '200');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/finished/, { timeout: 180_000 });
  await expect(page.getByTestId('test-accuracy')).toContainText('on 200 test images');

  // Every view, with the trained model in it.
  const tabs = page.getByRole('tab');
  const count = await tabs.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i++) {
    await tabs.nth(i).click();
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel')).not.toBeEmpty();
    await expect(page.getByTestId('view-error')).toHaveCount(0);
    // Let each view fetch and draw what it shows.
    await page.waitForLoadState('networkidle');
  }
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(errors).toEqual([]);
});
