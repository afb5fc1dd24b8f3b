// @vitest-environment happy-dom
/**
 * The Inside view's run line names the epoch as the run counts it: "of 5" for a run of five epochs,
 * and no "of 1000" for a home-view run that trains until it is paused.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { useAppStore } from '../../store';
import type { InspectionActivations } from '../../store/inspectionSlice';
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

it('while training, counts as far as the maps on screen, not at every progress event', async () => {
  const at = (examplesSeen: number, runId = 7) => ({ ...(initial.progress ?? {}), runId, epoch: 0, epochs: 5, examplesSeen }) as NonNullable<typeof initial.progress>;
  const maps = (examplesSeen: number, runId = 7): InspectionActivations => ({
    input: { kind: 'test', index: 0 },
    pixels: new Float32Array(0),
    layers: [],
    probabilities: new Float32Array(0),
    receivedAt: 0,
    progress: { runId, epoch: 0, epochs: 5, examplesSeen },
  });
  // Maps of an earlier run: the line keeps to this run's own count.
  useAppStore.setState({ runState: 'running', progress: at(64), activations: maps(60000, 6) });
  await act(async () => root.render(<RunStatusLine />));
  expect(host.textContent).toContain('64 examples seen');
  useAppStore.setState({ activations: maps(128) });
  await act(async () => undefined);
  expect(host.textContent).toContain('128 examples seen');
  // Progress alone does not move it…
  useAppStore.setState({ progress: at(192) });
  await act(async () => undefined);
  expect(host.textContent).toContain('128 examples seen');
  // …the next maps do, and a pause shows the run's last count at once.
  useAppStore.setState({ activations: maps(256), progress: at(320) });
  await act(async () => undefined);
  expect(host.textContent).toContain('256 examples seen');
  useAppStore.setState({ runState: 'paused' });
  await act(async () => undefined);
  expect(host.textContent).toContain('paused after 320 examples');
});
