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

export function PlaygroundView() {
  const engineReady = useAppStore((s) => s.engineStatus === 'ready');
  const projector = useAppStore((s) => s.projector);

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

  // The input needs its true class for the picture ("true: 7"); the default test image has none.
  useEffect(() => {
    if (!engineReady) return;
    const input = useAppStore.getState().inspectionInput;
    if (input.kind === 'test' && input.label === undefined) void chooseTestImage(input.index);
  }, [engineReady]);

  useEffect(() => {
    if (engineReady) preparePlayground();
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
