/**
 * The home view: one live picture of the network learning. The control bar on top, the picture
 * (input → every layer's live maps → output probabilities) in the middle, the loss and accuracy
 * curves and the test strip underneath, a channel's close-up over the picture. It fits 1280×720
 * and 1024×768 without scrolling, and stacks on a narrow screen. It keeps the worker holding a
 * model of the pictured network and the maps live (the Inside tab's pacing) while it is on screen.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { startLiveInspection } from '../../store/inspectionBridge';
import { chooseTestImage, followPlaygroundRuns, preparePlayground, releaseHeldRun } from '../../store/playgroundBridge';
import { CloseUp } from './CloseUp';
import { ControlBar } from './ControlBar';
import { DiscardDialog } from './DiscardDialog';
import { LearningPanel } from './LearningPanel';
import { NetworkPicture } from './NetworkPicture';
import './playground.css';

/** How long the home view is on screen before it asks the worker for a model of its network. */
const HOLD_DELAY_MS = 400;

export function PlaygroundView() {
  const engineReady = useAppStore((s) => s.engineStatus === 'ready');
  const projector = useAppStore((s) => s.projector);
  const modelDataset = useAppStore((s) => s.currentModel?.dataset ?? s.dataset);

  useEffect(() => {
    const stop = startLiveInspection();
    const unfollow = followPlaygroundRuns();
    return () => {
      stop();
      unfollow();
      // Build's Start (and the backend switch) must not find the untrained run held for the picture.
      releaseHeldRun();
    };
  }, []);

  // The input needs its true class for the picture ("true class: 7"): the default test image has
  // none, and after a change of dataset the same index is another image with another class.
  useEffect(() => {
    if (!engineReady) return;
    const input = useAppStore.getState().inspectionInput;
    if (input.kind === 'test') void chooseTestImage(input.index);
  }, [engineReady, modelDataset]);

  // Hold a model only once the view has been on screen a moment: a visit that goes straight on to
  // another view (a link to Build, a quick click on its tab) then never finds a run it did not start.
  useEffect(() => {
    if (!engineReady) return;
    const timer = setTimeout(preparePlayground, HOLD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [engineReady]);

  return (
    <div className={`playground${projector ? ' playground--projector' : ''}`} data-testid="playground">
      <ControlBar />
      <div className="playground__stage">
        <NetworkPicture />
        <CloseUp />
      </div>
      <LearningPanel />
      <DiscardDialog />
    </div>
  );
}
