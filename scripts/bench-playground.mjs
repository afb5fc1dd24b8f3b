// The home view's row of `npm run bench`: how long from page load until a feature map visibly changes
// after Play (Play pressed the moment it can be), and what keeping the maps live costs the training
// (examples/s with the home view on screen ÷ with the Build view on screen, alternating windows of
// the same run). Used by scripts/bench.mjs; needs the built app served at `baseUrl`.

/** Pixels of the first tile of the first conv layer, as a data URL (null before it is drawn). */
function firstTile(page) {
  return page.evaluate(() => document.querySelector('[data-testid="pg-map"][data-layer="0"]')?.toDataURL() ?? null);
}

async function examplesSeen(page, onHome) {
  const selector = onHome ? '[data-testid="pg-counter"]' : '[data-testid="train-progress"]';
  return Number((await page.locator(selector).getAttribute('data-examples')) ?? NaN);
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseUrl e.g. http://localhost:4317/
 * @param {{ windows?: number, windowMs?: number }} options
 */
export async function playgroundMetrics(browser, baseUrl, { windows = 3, windowMs = 3000 } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.goto(baseUrl);
    const play = page.getByTestId('pg-play');
    await page.locator('[data-testid="pg-map"][data-layer="0"]').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid="pg-play"]')?.hasAttribute('disabled'), null, { timeout: 120_000 });
    const before = await firstTile(page);
    const playReadyMs = await page.evaluate(() => performance.now());
    await play.click();
    // Poll in the page, every animation frame, so the measurement is not limited by round trips.
    const changedMs = await page.evaluate(
      (initial) =>
        new Promise((resolve, reject) => {
          const started = performance.now();
          const look = () => {
            const now = document.querySelector('[data-testid="pg-map"][data-layer="0"]')?.toDataURL();
            if (now && now !== initial) resolve(performance.now());
            else if (performance.now() - started > 120_000) reject(new Error('no feature map changed within 120 s of Play'));
            else requestAnimationFrame(look);
          };
          look();
        }),
      before,
    );

    // The cost of the live maps: the same run, alternately watched on the home view and on Build.
    const home = [];
    const build = [];
    for (let w = 0; w < windows * 2; w++) {
      const onHome = w % 2 === 0;
      await page.getByRole('tab', { name: onHome ? 'Playground' : 'Build & train', exact: true }).click();
      await page.waitForTimeout(500);
      const start = await examplesSeen(page, onHome);
      await page.waitForTimeout(windowMs);
      const end = await examplesSeen(page, onHome);
      (onHome ? home : build).push(((end - start) * 1000) / windowMs);
    }
    const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
    return {
      loadToPlayReadyMs: Math.round(playReadyMs),
      playToFirstMapChangeMs: Math.round(changedMs - playReadyMs),
      loadToFirstMapChangeMs: Math.round(changedMs),
      examplesPerSecondOnHome: Math.round(mean(home)),
      examplesPerSecondOnBuild: Math.round(mean(build)),
      liveMapsThroughputRatio: mean(build) > 0 ? mean(home) / mean(build) : null,
    };
  } finally {
    await page.close();
  }
}

/** One line for the bench's table. */
export function describePlayground(metrics) {
  if (!metrics) return 'Home view: not measured';
  const ratio = metrics.liveMapsThroughputRatio == null ? '—' : metrics.liveMapsThroughputRatio.toFixed(2);
  return (
    `Home view: Play ready ${metrics.loadToPlayReadyMs} ms after load; first feature-map change ${metrics.playToFirstMapChangeMs} ms after Play ` +
    `(${metrics.loadToFirstMapChangeMs} ms after load); training with the live maps on screen ${metrics.examplesPerSecondOnHome}/s vs ` +
    `${metrics.examplesPerSecondOnBuild}/s on Build (ratio ${ratio})`
  );
}
