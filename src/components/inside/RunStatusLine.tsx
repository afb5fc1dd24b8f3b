/**
 * One line saying whether the maps follow a training run (and how far it is), so a learner knows the
 * pictures are live. Its own component: while training it changes with the maps, not with each
 * progress event.
 */
import { useAppStore } from '../../store';
import { LIVE_ACTIVATIONS_MS } from '../../store/inspectionBridge';
import { UNTIL_PAUSED_EPOCHS } from '../../store/playgroundBridge';

/** "epoch 3 of 5", or "epoch 3" for a home-view run that trains until it is paused. */
function epochText(epoch: number, epochs: number | undefined): string {
  if (epochs === undefined) return `epoch ${epoch}`;
  return epochs >= UNTIL_PAUSED_EPOCHS ? `epoch ${epoch}, until paused` : `epoch ${epoch} of ${epochs}`;
}

export function RunStatusLine() {
  const state = useAppStore((s) => s.runState);
  // While a run trains, the line counts as far as the maps on screen (they arrive a few times a
  // second), not at every progress event: each change of the line was a frame of its own, and on a
  // 2-core machine those frames (≈ 4 a second, each re-layering the view's canvases) were time the
  // training lost. Before the first maps of a run, and when it is not training, the run's own count.
  const live = useAppStore((s) => {
    const snapshot = s.activations?.progress;
    return s.runState === 'running' && snapshot && snapshot.runId === s.progress?.runId ? snapshot : null;
  });
  const own = useAppStore((s) => (live ? null : s.progress));
  const progress = live ?? own;
  const examples = progress?.examplesSeen ?? 0;
  const text =
    state === 'running'
      ? `Training: ${epochText((progress?.epoch ?? 0) + 1, progress?.epochs)}, ${examples.toLocaleString()} examples seen — the maps refresh up to ${(1000 / LIVE_ACTIVATIONS_MS).toFixed(1)} times a second.`
      : state === 'paused'
        ? `Training paused after ${examples.toLocaleString()} examples.`
        : 'Not training: the maps show the current model.';
  return (
    <p className="panel__note inside__status" role="status" data-testid="inside-run-status" data-examples={examples}>
      {text}
    </p>
  );
}
