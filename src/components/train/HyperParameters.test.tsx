// @vitest-environment happy-dom
/**
 * What a field shows is what runs: typing a value out of range (1e6 as the learning rate, batch 2000,
 * 500 epochs, 600,000 training images) keeps the last valid value in the spec, so Start must be
 * disabled, with the field's reason, until the field is valid again.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../store';
import { HyperParameters } from './HyperParameters';
import { RunControls } from './RunControls';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
const initial = useAppStore.getState();

beforeEach(async () => {
  useAppStore.setState({ ...initial, engineStatus: 'ready', fieldProblems: {} }, true);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () =>
    root.render(
      <>
        <HyperParameters />
        <RunControls />
      </>,
    ),
  );
});

afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
});

const field = (testId: string) => host.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;
const start = () => field('train-start') as unknown as HTMLButtonElement;
const reason = () => host.querySelector('[data-testid="train-disabled-reason"]')!.textContent;

/** Types `text` key by key, as a person does: every prefix passes through the field. */
async function type(testId: string, text: string): Promise<void> {
  const input = field(testId);
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  for (let i = 0; i <= text.length; i++) {
    await act(async () => {
      setValue.call(input, text.slice(0, i));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}

describe('hyper-parameter fields', () => {
  it.each([
    ['hp-learning-rate', '1e6', 'Learning rate must be above 0 and at most 10'],
    ['hp-batch-size', '2000', 'Batch size must be a whole number from 1 to 1,024.'],
    ['hp-epochs', '500', 'Epochs must be a whole number from 1 to 200.'],
    ['hp-train-limit', '600000', 'Training images must be a whole number from 1 to 60,000.'],
  ])('%s = %s disables Start with the reason, and a valid value enables it again', async (testId, text, message) => {
    expect(start().disabled).toBe(false);
    await type(testId, text);
    expect(field(testId).getAttribute('aria-invalid')).toBe('true');
    expect(start().disabled).toBe(true);
    expect(field('train-step').disabled).toBe(true);
    expect(reason()).toContain(`Cannot train yet: ${message}`);
    await type(testId, text.slice(0, 1));
    expect(start().disabled).toBe(false);
    expect(reason()).not.toContain('Cannot train yet');
  });

  it('forgets the problem when an outside change (a preset, undo) replaces the value', async () => {
    await type('hp-epochs', '500');
    expect(start().disabled).toBe(true);
    await act(async () => useAppStore.getState().setTraining({ epochs: 3 }));
    expect(field('hp-epochs').value).toBe('3');
    expect(start().disabled).toBe(false);
  });
});
