// @vitest-environment happy-dom
/**
 * The Inside view's run line names the epoch as the run counts it: "of 5" for a run of five epochs,
 * and no "of 1000" for a home-view run that trains until it is paused.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { useAppStore } from '../../store';
import { UNTIL_PAUSED_EPOCHS } from '../../store/playgroundBridge';
import { RunStatusLine } from './RunStatusLine';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
const initial = useAppStore.getState();

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
  useAppStore.setState(initial, true);
});

async function lineFor(epochs: number): Promise<string> {
  const progress = { ...(initial.progress ?? {}), epoch: 2, epochs, examplesSeen: 1234 } as NonNullable<typeof initial.progress>;
  useAppStore.setState({ runState: 'running', progress });
  await act(async () => root.render(<RunStatusLine />));
  return host.textContent ?? '';
}

it('says "epoch 3 of 5" for a five-epoch run', async () => {
  expect(await lineFor(5)).toContain('epoch 3 of 5, 1,234 examples seen');
});

it('says "until paused" instead of "of 1000" for a home-view run', async () => {
  const text = await lineFor(UNTIL_PAUSED_EPOCHS);
  expect(text).toContain('epoch 3, until paused');
  expect(text).not.toContain(`of ${UNTIL_PAUSED_EPOCHS}`);
});
