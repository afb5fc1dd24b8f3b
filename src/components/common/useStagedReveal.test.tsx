// @vitest-environment happy-dom
/** Blocks appear one animation frame apart when the view first shows, and all go when it hides. */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStagedReveal } from './useStagedReveal';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let frames: FrameRequestCallback[] = [];

function Probe({ active }: { active: boolean }) {
  return <p data-testid="shown">{useStagedReveal(3, active)}</p>;
}

function runFrame() {
  const pending = frames;
  frames = [];
  act(() => pending.forEach((callback) => callback(0)));
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('useStagedReveal', () => {
  it('shows one more block per frame, stops at the last, and resets when hidden', () => {
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => (frames = []));
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    const shown = () => host.textContent;

    act(() => root.render(<Probe active={false} />));
    expect(shown()).toBe('0');
    expect(frames).toHaveLength(0);

    act(() => root.render(<Probe active />));
    expect(shown()).toBe('1');
    runFrame();
    expect(shown()).toBe('2');
    runFrame();
    expect(shown()).toBe('3');
    expect(frames).toHaveLength(0);

    // A later update of a shown view renders everything at once.
    act(() => root.render(<Probe active />));
    expect(shown()).toBe('3');

    act(() => root.render(<Probe active={false} />));
    expect(shown()).toBe('0');
    act(() => root.render(<Probe active />));
    expect(shown()).toBe('1');
    act(() => root.unmount());
  });
});
