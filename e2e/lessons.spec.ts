/**
 * The guided lessons: each opened by its own URL (?lesson=<id>&step=<n>), its task performed the way
 * a learner does it, the app saying it is done (checked from its own state and the worker's answers),
 * and, after a reload, the progress still there (IndexedDB). A bad lesson link opens the list with a
 * message. The panel keeps clear of what the step asks the learner to look at, at 1280×720 and 1024×768.
 */
import { expect, type Page, test } from '@playwright/test';
import { gotoView, shot, typeInto, watchConsole } from './helpers';

/** Opens a lesson step by its URL and waits for its panel. */
async function openStep(page: Page, lesson: string, step: number): Promise<void> {
  await page.goto(`/?lesson=${lesson}&step=${step}`);
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toHaveAttribute('data-lesson', lesson);
  await expect(panel).toHaveAttribute('data-step', String(step));
  await expect(panel).toHaveAttribute('data-done', 'false');
}

async function expectDone(page: Page): Promise<void> {
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-done', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('lesson-status')).toContainText('✓ Done!');
}

/** The panel does not cover the step's target (what the learner must look at). */
async function expectPanelClearOf(page: Page, targetTestId: string): Promise<void> {
  const target = page.getByTestId(targetTestId);
  await expect(target).toBeVisible({ timeout: 90_000 });
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toHaveAttribute('data-clear', 'true');
  // The panel follows the layout within a frame of any change (it observes its target's size), so
  // one look, taken in the page a few frames on, sees both where they are now.
  const { a, b, viewport } = await page.evaluate(async (testId) => {
    for (let frame = 0; frame < 3; frame++) await new Promise((resolve) => requestAnimationFrame(resolve));
    const rect = (selector: string) => {
      const r = document.querySelector(selector)!.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    };
    return { a: rect('[data-testid="lesson-panel"]'), b: rect(`[data-testid="${testId}"]`), viewport: { width: innerWidth, height: innerHeight } };
  }, targetTestId);
  const covers = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(covers, `the lesson panel covers ${targetTestId}: ${JSON.stringify({ panel: a, target: b })}`).toBe(false);
  expect(a.x + a.width).toBeLessThanOrEqual(viewport.width);
  expect(a.y + a.height).toBeLessThanOrEqual(viewport.height);
}

/** The home view's column editor: one select of one layer. */
async function editColumn(page: Page, index: number, field: string, value: string): Promise<void> {
  await page.getByTestId(`pg-edit-${index}`).click();
  await page.getByTestId(`layer-${index}-${field}`).selectOption(value);
  await page.getByTestId(`pg-editor-done-${index}`).click();
}

/** Each lesson's tasks, done as a learner would, in the order of their steps; the step number is the one with the task. */
const LESSON_TASKS: { lesson: string; step: number; target: string; act: (page: Page) => Promise<void> }[] = [
  {
    lesson: 'filters',
    step: 1,
    target: 'sliding-view',
    act: async (page) => {
      // The explorer opens on the first window: 0.5·(2.0 + 3.0 + 2.0 + 1.5) = 4.25.
      await expect(page.getByTestId('lesson-status')).toContainText('This window gives 4.25.');
      await page.getByTestId('step-forward').click();
    },
  },
  {
    lesson: 'stride',
    step: 1,
    target: 'sliding-view',
    act: async (page) => {
      await typeInto(page, 'stride-y', '2');
      await typeInto(page, 'stride-x', '2');
    },
  },
  { lesson: 'stride', step: 2, target: 'pg-column-0', act: (page) => editColumn(page, 0, 'strides', '2') },
  { lesson: 'padding', step: 1, target: 'sliding-view', act: (page) => page.getByTestId('padding-select').selectOption('same').then(() => undefined) },
  { lesson: 'padding', step: 2, target: 'pg-column-0', act: (page) => editColumn(page, 0, 'padding', 'same') },
  {
    lesson: 'pooling',
    step: 1,
    target: 'sliding-view',
    act: async (page) => {
      await page.getByTestId('op-select').selectOption('avgPool');
      await page.getByTestId('step-forward').click();
    },
  },
  {
    lesson: 'pooling',
    step: 2,
    target: 'summary-table',
    act: async (page) => {
      await expect(page.getByTestId('lesson-status')).toContainText('The flatten receives 3,136 values.');
      await page.getByTestId('layer-3-remove').click();
    },
  },
  { lesson: 'parameters', step: 2, target: 'summary-table', act: (page) => typeInto(page, 'layer-0-filters', '64') },
  { lesson: 'dense', step: 2, target: 'summary-table', act: (page) => typeInto(page, 'layer-5-units', '16') },
  {
    lesson: 'slow-notebook',
    step: 2,
    target: 'pg-picture',
    act: async (page) => {
      await expect(page.getByTestId('pg-counter')).toBeVisible();
      await typeInto(page, 'pg-learning-rate', '0.001');
    },
  },
  {
    lesson: 'hierarchy',
    step: 1,
    target: 'pg-picture',
    act: async (page) => {
      const map = page.locator('[data-testid="pg-map"][data-layer="2"]').first();
      await expect(map).toBeVisible({ timeout: 90_000 });
      await map.click();
    },
  },
  {
    lesson: 'mistakes',
    step: 1,
    target: 'pg-test-strip',
    act: async (page) => {
      await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'untrained', { timeout: 90_000 });
      // The first visit's hint lies over the strip until Play is pressed: put it away as a learner would.
      await page.getByRole('button', { name: 'Dismiss this hint' }).click();
      await page.getByTestId('pg-step').click();
      const wrong = page.locator('[data-testid="pg-strip-image"][data-right="false"]').first();
      await expect(wrong).toBeVisible({ timeout: 90_000 });
      await wrong.click();
    },
  },
  {
    lesson: 'training',
    step: 2,
    target: 'pg-learning',
    act: async (page) => {
      // Train in short bursts until the app says the test accuracy passed 90 % (a few hundred batches of 64).
      const panel = page.getByTestId('lesson-panel');
      for (let burst = 0; burst < 20 && (await panel.getAttribute('data-done')) !== 'true'; burst++) {
        const before = Number(await page.getByTestId('pg-counter').getAttribute('data-examples'));
        await page.getByTestId('pg-play').click();
        await expect.poll(async () => Number(await page.getByTestId('pg-counter').getAttribute('data-examples')), { timeout: 120_000 }).toBeGreaterThan(before + 6000);
        await page.getByTestId('pg-play').click();
        await expect(page.getByTestId('pg-counter')).toHaveAttribute('data-state', 'paused');
        // The app evaluates the paused network: judge this burst by that answer, not the last one.
        await expect(page.getByTestId('pg-test-accuracy')).toHaveAttribute('data-evaluating', 'false', { timeout: 60_000 });
        await expect(page.getByTestId('lesson-status')).toContainText(/Test accuracy/, { timeout: 60_000 });
      }
    },
  },
];

/** The lessons of LESSON_TASKS, each with its tasks in the order of its steps. */
const BY_LESSON = [...new Set(LESSON_TASKS.map((task) => task.lesson))].map((lesson) => ({ lesson, tasks: LESSON_TASKS.filter((task) => task.lesson === lesson) }));

// The steps of one lesson share a page: each is still opened by its own URL (a fresh load of the
// app, which also finds the steps done before it still done), and one reload at the end finds them all.
for (const { lesson, tasks } of BY_LESSON) {
  const steps = tasks.map((task) => task.step);
  test(`lesson ${lesson}, step${steps.length > 1 ? 's' : ''} ${steps.join(' and ')}: opened by its URL, its task checked by the app, the progress kept over a reload`, async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    for (const { step, target, act } of tasks) {
      await openStep(page, lesson, step);
      await expectPanelClearOf(page, target);
      await act(page);
      await expectDone(page);
      // The address still names the step (a share link made now carries it).
      expect(new URL(page.url()).searchParams.get('lesson')).toBe(lesson);
      expect(new URL(page.url()).searchParams.get('step')).toBe(String(step));
      await shot(page, testInfo, `${lesson}-${step}`, { fullPage: false });
    }
    await page.reload();
    await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-done', 'true');
    await page.getByTestId('lessons-button').click();
    const total = Number(await page.getByTestId(`lesson-item-${lesson}`).getAttribute('data-tasks'));
    await expect(page.getByTestId(`lesson-progress-${lesson}`)).toHaveText(tasks.length === total ? '✓ done' : `${tasks.length} of ${total} done`);
    expect(errors).toEqual([]);
  });
}

test('moving through a lesson keeps the step in the address; a bad link opens the list with a message', async ({ page }) => {
  await page.goto('/?lesson=padding&step=1');
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '1');
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
  await expect.poll(() => new URL(page.url()).search).toContain('lesson=padding&step=2');
  await expect(page.getByTestId('pg-column-0')).toBeVisible();
  await page.getByTestId('lesson-back').click();
  await expect.poll(() => new URL(page.url()).search).toContain('step=1');
  await page.getByTestId('lesson-leave').click();
  await expect(page.getByTestId('lesson-panel')).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).search).not.toContain('lesson=');

  await page.goto('/?lesson=no-such-lesson&step=2');
  await expect(page.getByTestId('lesson-list')).toBeVisible();
  await expect(page.getByTestId('lesson-message')).toContainText('There is no lesson "no-such-lesson"');
  await expect(page.getByTestId('lesson-panel')).toHaveCount(0);
  await page.goto('/?lesson=stride&step=9');
  await expect(page.getByTestId('lesson-message')).toContainText('has steps 1 to 2, not "9"');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson-list')).toHaveCount(0);
  // The list is reachable from the header, and starts a lesson at its first step.
  await page.getByTestId('lessons-button').click();
  await page.getByTestId('lesson-start-dense').click();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', 'dense');
  await expect.poll(() => new URL(page.url()).search).toContain('lesson=dense&step=1');
});

test('at 1024×768 the lesson panel keeps clear of what it asks the learner to look at', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  for (const [lesson, step, target] of [['stride', 2, 'pg-column-0'], ['training', 2, 'pg-learning'], ['hierarchy', 1, 'pg-picture'], ['dense', 1, 'summary-table'], ['filters', 1, 'sliding-view']] as const) {
    await openStep(page, lesson, step);
    await expectPanelClearOf(page, target);
    await shot(page, testInfo, `${lesson}-${step}-1024`, { fullPage: false });
  }
});

// Lessons 1 and 2 open in the explorer and send the learner to the step panel and the formula
// under it: at 1280×720 the card covered both (it sat in the band right of the grids).
test('at 1280×720 the explorer lessons keep clear of the grids and of the step and formula panels', async ({ page }, testInfo) => {
  // Lesson 2's task is done in the stride fields: they stay in sight too.
  for (const [lesson, step, fields] of [['filters', 1, []], ['stride', 1, ['stride-y', 'stride-x']]] as const) {
    await openStep(page, lesson, step);
    await expectPanelClearOf(page, 'sliding-view');
    await expectPanelClearOf(page, 'explorer-aside');
    for (const field of fields) await expectPanelClearOf(page, field);
    await shot(page, testInfo, `${lesson}-${step}-1280`, { fullPage: false });
  }
});

// Debian's Chromium has no emoji font (nor have many classroom Linux PCs): an emoji there is an
// empty box, so the Lessons button's icon is drawn, and no control's label is an emoji.
test('the Lessons button and the controls show drawn icons or words, never an emoji', async ({ page }) => {
  await gotoView(page, '/?backend=cpu', 'play');
  const button = page.getByTestId('lessons-button');
  await expect(button).toBeVisible();
  await expect(button).toHaveAccessibleName('Lessons');
  await expect(button.locator('svg')).toHaveCount(1);
  await expect(button).toHaveText('Lessons');
  const emoji = await page.locator('button, [role="button"], [role="tab"], summary, a[href]').evaluateAll((controls) =>
    controls.map((c) => c.textContent ?? '').filter((text) => /[\u{1F000}-\u{1FAFF}]/u.test(text)),
  );
  expect(emoji).toEqual([]);
});
