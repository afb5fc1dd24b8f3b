/**
 * Layouts for the screens a classroom has, on every view: a phone (390×844), an iPad in portrait
 * (768×1024) and landscape (1024×768), all three with touch, and a laptop (1280×720) and a large
 * screen (1920×1080) with a mouse. On each: no horizontal scroll, every control inside the screen's
 * width; with touch, every control at least 44×44 px; on the phone and tablets, axe finds nothing
 * serious or critical.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { gotoView, shot, type View } from './helpers';

interface Device {
  name: string;
  width: number;
  height: number;
  touch: boolean;
}

const DEVICES: Device[] = [
  { name: 'phone 390×844', width: 390, height: 844, touch: true },
  { name: 'iPad portrait 768×1024', width: 768, height: 1024, touch: true },
  { name: 'iPad landscape 1024×768', width: 1024, height: 768, touch: true },
  { name: 'laptop 1280×720', width: 1280, height: 720, touch: false },
  { name: 'large screen 1920×1080', width: 1920, height: 1080, touch: false },
];

const VIEWS: { view: View; ready: string }[] = [
  { view: 'play', ready: 'pg-learning' },
  { view: 'build', ready: 'summary-total-params' },
  { view: 'inside', ready: 'inside-no-model' },
  { view: 'explorer', ready: 'step-position' },
];

/** Everything a learner can press, pick or type into, as the page lays it out now. */
const CONTROLS = 'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="tab"], [role="button"], [role="slider"], [tabindex="0"]';

interface ControlBox {
  what: string;
  left: number;
  right: number;
  width: number;
  height: number;
}

/** The visible controls' boxes; a radio or checkbox counts as its label (what the finger presses). */
function controlBoxes(page: Page): Promise<ControlBox[]> {
  return page.evaluate((selector) => {
    const boxes: ControlBox[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (element.closest('[hidden], [inert], details:not([open]) > :not(summary)')) continue;
      const style = getComputedStyle(element);
      // A scroll box made focusable so that a keyboard can scroll it is a region, not a control.
      if (element.matches('[tabindex="0"]') && /auto|scroll/.test(style.overflowX + style.overflowY)) continue;
      let target: Element = element;
      if (element.matches('input[type="checkbox"], input[type="radio"]')) target = element.closest('label') ?? element;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      const name = element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? '';
      boxes.push({ what: `${element.tagName.toLowerCase()} "${name}"`, left: box.left, right: box.right, width: box.width, height: box.height });
    }
    return boxes;
  }, CONTROLS);
}

async function openReady(page: Page, view: View, ready: string): Promise<void> {
  await gotoView(page, '/?backend=cpu', view);
  await expect(page.getByTestId(ready)).toBeVisible();
  await expect(page.getByTestId('backend-name')).toHaveText(/Backend: \w+/, { timeout: 90_000 });
}

for (const device of DEVICES) {
  test.describe(device.name, () => {
    test.use({ viewport: { width: device.width, height: device.height }, hasTouch: device.touch, isMobile: device.touch });

    for (const { view, ready } of VIEWS) {
      test(`${view}: fits the width${device.touch ? ', 44 px targets, axe' : ''}`, async ({ page }, testInfo) => {
        await openReady(page, view, ready);
        const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
        expect(size.width).toBe(device.width);
        expect(size.scrollWidth, 'no horizontal scroll').toBeLessThanOrEqual(device.width);

        const boxes = await controlBoxes(page);
        expect(boxes.length).toBeGreaterThan(5);
        const outside = boxes.filter((b) => b.left < -0.5 || b.right > device.width + 0.5).map((b) => `${b.what} ${Math.round(b.left)}–${Math.round(b.right)}`);
        expect(outside, 'controls outside the screen width').toEqual([]);

        if (device.touch) {
          const small = boxes.filter((b) => b.width < 44 || b.height < 44).map((b) => `${b.what} ${Math.round(b.width)}×${Math.round(b.height)}`);
          expect(small, 'controls smaller than 44×44 px on a touch screen').toEqual([]);
          const result = await new AxeBuilder({ page }).analyze();
          const serious = result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
          expect(serious).toEqual([]);
        }
        await shot(page, testInfo, `${device.width}x${device.height}-${view}`, { fullPage: false });
      });
    }
  });
}

test.describe('laptop 1280×720', () => {
  test('the home view fits the screen without scrolling', async ({ page }) => {
    await openReady(page, 'play', 'pg-learning');
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    expect(size).toEqual({ w: 1280, h: 720 });
  });
});

// With a mouse at 1280 and 1024 px the header is one row: its parts share one line (none wraps
// below another) and nothing in it scrolls sideways; the buttons shown as their icon keep a name.
async function headerLayout(page: Page) {
  return page.locator('header.app__header').evaluate((element) => {
    const parts = Array.from(element.children)
      .map((child) => child.getBoundingClientRect())
      .filter((box) => box.width > 0 && box.height > 0);
    return {
      parts: parts.length,
      oneLine: Math.max(...parts.map((box) => box.top)) < Math.min(...parts.map((box) => box.bottom)),
      overflow: element.scrollWidth - element.clientWidth,
      height: Math.round(element.getBoundingClientRect().height),
    };
  });
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`the header is one row at ${size.width}×${size.height}, its icon-only buttons named`, async ({ page }) => {
    await page.setViewportSize(size);
    await openReady(page, 'play', 'pg-learning');
    const layout = await headerLayout(page);
    expect(layout).toMatchObject({ oneLine: true, overflow: 0 });
    expect(layout.parts).toBeGreaterThanOrEqual(3);
    expect(layout.height).toBeLessThanOrEqual(56);
    await expect(page.getByRole('button', { name: 'Projector', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Switch to the (dark|light) theme$/ })).toBeVisible();
  });

  test(`the header is one row at ${size.width}×${size.height} while the engine starts`, async ({ page }) => {
    await page.setViewportSize(size);
    // The worker's script never arrives, so the engine stays "starting" (the longest badge it had
    // pushed the Projector button off the header).
    await page.route('**/assets/worker-*.js', () => {});
    await page.goto('/?view=play');
    await expect(page.getByTestId('backend-name')).toHaveText('Starting the engine…');
    expect(await headerLayout(page)).toMatchObject({ oneLine: true, overflow: 0 });
    await expect(page.getByRole('button', { name: 'Projector', exact: true })).toBeInViewport({ ratio: 1 });
  });
}

// The home view on a touch tablet: its height stays put (the flatten strip's drawing once sized
// itself to its column while the column grew to fit the drawing, so the page got taller every frame,
// 2,015 px after 3 s and 13,679 px after 18 s at 1024×768) and the picture stays inside the screen.
// `sideBySide`: the columns sit side by side (1024 px wide) and the picture must end on the first
// screen; stacked (768 px) the page scrolls, but to an end.
for (const { sideBySide, ...size } of [
  { width: 1024, height: 768, sideBySide: true },
  { width: 768, height: 1024, sideBySide: false },
  { width: 1024, height: 1366, sideBySide: true },
]) {
  test.describe(`touch ${size.width}×${size.height}`, () => {
    test.use({ viewport: size, hasTouch: true, isMobile: true });

    test('the home view keeps one height and its picture fits', async ({ page }, testInfo) => {
      await openReady(page, 'play', 'pg-learning');
      await expect(page.getByTestId('pg-vector').first()).toBeVisible();
      const measure = () =>
        page.evaluate(() => {
          const strip = document.querySelector<HTMLElement>('.vector-view__canvas')!.getBoundingClientRect();
          const columns = document.querySelector<HTMLElement>('.pg-picture__columns')!.getBoundingClientRect();
          return { page: document.documentElement.scrollHeight, strip: Math.round(strip.height), columns: Math.round(columns.height), columnsBottom: Math.round(columns.bottom + window.scrollY) };
        });
      // A feedback loop grows the page on every frame (2,000 px in 5 s). What may still move it is the test
      // strip's title changing length as evaluations come and go ("evaluating the test images…", "… right
      // of 1,000 · evaluating again…"), one line of text (18 px); so each of two windows may differ by at
      // most one line from the one before.
      const LINE = 24;
      const near = (a: Record<string, number>, b: Record<string, number>) => Object.keys(a).every((k) => Math.abs(a[k] - b[k]) <= LINE);
      const first = await measure();
      await page.waitForTimeout(5000);
      const later = await measure();
      await shot(page, testInfo, `${size.width}x${size.height}-play-after-5s`);
      expect(near(later, first), `the home view did not grow: ${JSON.stringify(first)} → ${JSON.stringify(later)}`).toBe(true);
      await page.waitForTimeout(3000);
      const last = await measure();
      expect(near(last, later), `the home view did not grow: ${JSON.stringify(later)} → ${JSON.stringify(last)}`).toBe(true);
      // The strip sits inside its column. Side by side (1024 px wide), the whole picture is inside
      // the first screen (below it only the learning row); stacked (768 px) the page scrolls, but
      // to an end: 2,544 px with the Tiny CNN.
      expect(later.strip).toBeLessThanOrEqual(later.columns);
      expect(later.columnsBottom <= size.height, `the picture ends on the first screen (${later.columnsBottom} px)`).toBe(sideBySide);
      expect(later.page).toBeLessThanOrEqual(size.height * 3);
    });
  });
}

// Projector mode on a 1024×768 projector: each chart's title row (its name, Runs, "?") and its legend
// do not overlap, nor do its axis labels one another or the axis name ("?" once sat on "training",
// and "100%", "50%", "0%" touched on the 54 px tall plot).
test('projector mode at 1024×768: the charts\' help, legend and axis labels do not overlap', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openReady(page, 'play', 'pg-learning');
  await page.getByTestId('projector-toggle').click();
  await expect(page.locator('.pg-chart .tick text').first()).toBeVisible();
  const overlaps = await page.evaluate(() => {
    type Box = { what: string; r: DOMRect };
    // Two labels closer than GAP px read as one ("100%" on "50%").
    const GAP = 3;
    const hit = (a: DOMRect, b: DOMRect) => a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
    const found: string[] = [];
    const pairs = (xs: Box[], ys?: Box[]) => {
      for (const a of xs) for (const b of ys ?? xs) if ((ys || a.what < b.what) && hit(a.r, b.r)) found.push(`${a.what} × ${b.what}`);
    };
    const boxes = (root: Element, selector: string, name: string) =>
      Array.from(root.querySelectorAll(selector)).map((e, i) => ({ what: `${name}${i} "${e.textContent?.trim()}"`, r: e.getBoundingClientRect() })).filter((b) => b.r.width > 0);
    for (const chart of Array.from(document.querySelectorAll('.pg-chart'))) {
      const title = boxes(chart, '.pg-chart__title > button, .pg-chart__title > *', 'title');
      const legend = boxes(chart, '.line-chart__legend li', 'legend');
      pairs(title, legend);
      pairs(boxes(chart, '.line-chart__axis .tick text, .line-chart__label--x', 'axis'));
    }
    return found;
  });
  expect(overlaps).toEqual([]);
});
