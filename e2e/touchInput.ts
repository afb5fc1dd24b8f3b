/**
 * Finger input for the touch journeys. Playwright's `page.touchscreen` only taps, so drags and
 * strokes are sent as raw touch sequences through the Chrome DevTools Protocol, the way a finger
 * reaches the page (Chromium derives the pointer events from them, as on a tablet).
 */
import type { CDPSession, Locator, Page } from '@playwright/test';

export interface Point {
  x: number;
  y: number;
}

const sessions = new WeakMap<Page, CDPSession>();

async function cdp(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

/**
 * How long a finger rests at the end of a stroke before it lifts. A finger lifted while still moving is
 * a flick: Chromium starts a fling, and a tap that comes within a moment can be taken as the one that
 * stops the fling and be swallowed (a Fit tap 40 ms after a pan did nothing, twice in CI). A hand pans
 * and then stops; past 40 ms without a move Chromium counts the pointer as stopped.
 */
const REST_MS = 80;

/** One finger down at the first point, moved through the others (`steps` moves per leg), rested, then lifted. */
export async function touchStroke(page: Page, points: Point[], steps = 8): Promise<void> {
  const session = await cdp(page);
  const at = (p: Point) => [{ x: Math.round(p.x), y: Math.round(p.y), id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]) });
  for (let leg = 1; leg < points.length; leg++) {
    const from = points[leg - 1];
    const to = points[leg];
    for (let i = 1; i <= steps; i++) {
      const p = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
      await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
      // A frame between moves, as a real finger gives: a drag library measures and animates per frame.
      await page.evaluate(() => new Promise(requestAnimationFrame));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, REST_MS));
  await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** The centre of an element, or a point at fractions of its box. */
export async function pointIn(locator: Locator, fx = 0.5, fy = 0.5): Promise<Point> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element has no box (not visible)');
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/**
 * Drags a sortable item by touch, holding it by `handle`, until the item's centre lies on the
 * centre of `target` (where a sortable list drops it in the target's place), then lets go.
 */
export async function touchDragOnto(page: Page, handle: Locator, item: Locator, target: Locator): Promise<void> {
  await handle.scrollIntoViewIfNeeded();
  const from = await pointIn(handle);
  const itemCentre = await pointIn(item);
  const targetCentre = await pointIn(target);
  const to = { x: from.x + targetCentre.x - itemCentre.x, y: from.y + targetCentre.y - itemCentre.y };
  // A short first leg (past the drag threshold), then the way to the target.
  await touchStroke(page, [from, { x: from.x, y: from.y + 10 }, to], 10);
}

/** Two fingers on either side of `centre`, moved from `from` px apart to `to` px apart, then lifted. */
export async function touchPinch(page: Page, centre: Point, from: number, to: number, steps = 10): Promise<void> {
  const session = await cdp(page);
  const fingers = (apart: number) => [
    { x: Math.round(centre.x - apart / 2), y: Math.round(centre.y), id: 1 },
    { x: Math.round(centre.x + apart / 2), y: Math.round(centre.y), id: 2 },
  ];
  await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(from) });
  for (let i = 1; i <= steps; i++) {
    await session.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(from + ((to - from) * i) / steps) });
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
  await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
