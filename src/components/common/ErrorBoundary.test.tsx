// @vitest-environment happy-dom
/**
 * A view that throws while rendering shows its message in its own place; its sibling views and the
 * state they show stay mounted, and "Draw it again" renders the view anew once the bug is gone.
 */
import { act, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let broken = true;

function Fragile() {
  if (broken) throw new Error("Cannot read properties of null (reading 'epoch')");
  return <p data-testid="fragile">fine now</p>;
}

function Counter() {
  const [count, setCount] = useState(0);
  return (
    <button type="button" data-testid="counter" onClick={() => setCount(count + 1)}>
      {count}
    </button>
  );
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('ErrorBoundary', () => {
  it('keeps the rest of the page when one view throws, and draws it again on request', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    await act(async () => {
      root.render(
        <>
          <ErrorBoundary view="Training">
            <Counter />
          </ErrorBoundary>
          <ErrorBoundary view="Results">
            <Fragile />
          </ErrorBoundary>
        </>,
      );
    });
    const counter = host.querySelector<HTMLButtonElement>('[data-testid="counter"]')!;
    await act(async () => counter.click());
    expect(counter.textContent).toBe('1');
    const error = host.querySelector('[data-testid="view-error"]')!;
    expect(error.getAttribute('data-view')).toBe('Results');
    expect(error.textContent).toContain('The “Results” view stopped working');
    expect(error.textContent).toContain("reading 'epoch'");
    expect(consoleError).toHaveBeenCalled();

    broken = false;
    await act(async () => host.querySelector<HTMLButtonElement>('[data-testid="view-error-retry"]')!.click());
    expect(host.querySelector('[data-testid="fragile"]')?.textContent).toBe('fine now');
    expect(host.querySelector('[data-testid="view-error"]')).toBeNull();
    // The sibling kept its state throughout.
    expect(host.querySelector('[data-testid="counter"]')!.textContent).toBe('1');
    await act(async () => root.unmount());
  });
});
