/**
 * "What this channel looks for": an image made in the worker by gradient ascent, from grey noise or
 * from the input on screen, drawn as it forms with a progress bar and a Cancel button, and one or
 * two sentences saying what it is. Shown beside a channel's top-activating test images.
 */
import { useMemo } from 'react';
import { climbStart } from '../../store/insightBridge';
import { LooksForGrid, type LooksForGridData } from '../../viz/LooksForGrid';
import { ProgressBar } from '../common/ProgressBar';
import { useViz } from '../common/useViz';
import { useClimb } from './useClimb';
import './insight.css';

export interface LooksForProps {
  /** The spec index of the layer. */
  layerIndex: number;
  channel: number;
  /** "channel" for a conv or pooling layer, "unit" for a dense one. */
  noun?: string;
  tileSize?: number;
}

export function LooksFor({ layerIndex, channel, noun = 'channel', tileSize = 112 }: LooksForProps) {
  const [climb, start, cancel] = useClimb();
  const data = useMemo<LooksForGridData>(
    () => ({
      images: climb.images?.images ?? null,
      shape: climb.images?.shape ?? [1, 1, 1],
      units: [channel],
      activations: climb.images?.activations ?? [],
      selected: null,
      noun,
    }),
    [climb.images, channel, noun],
  );
  const ref = useViz((element) => new LooksForGrid(element, { tileSize, ariaLabel: `What ${noun} ${channel + 1} looks for`, testId: 'looks-for-image' }), data);
  const progress = climb.images ? climb.images.step / climb.images.steps : 0;
  return (
    <section className="insight-looks-for" data-testid="looks-for" aria-label={`What ${noun} ${channel + 1} looks for`}>
      <div className="insight__actions">
        <button type="button" className="button insight__button" disabled={climb.running} onClick={() => void start(layerIndex, [channel], { kind: 'noise' })} data-testid="looks-for-noise">
          What does it look for?
        </button>
        <button type="button" className="button insight__button" disabled={climb.running} onClick={() => void start(layerIndex, [channel], climbStart(true))} data-testid="looks-for-input">
          …starting from this input
        </button>
        {climb.running && (
          <button type="button" className="button button--ghost insight__button" onClick={cancel} data-testid="looks-for-cancel">
            Cancel
          </button>
        )}
      </div>
      {climb.running && <ProgressBar label={`Gradient ascent: step ${climb.images?.step ?? 0} of ${climb.images?.steps ?? '…'}`} value={progress} testId="looks-for-progress" />}
      {climb.error && (
        <p className="banner banner--error" role="alert">
          {climb.error}
        </p>
      )}
      <div className="insight-looks-for__body" hidden={!climb.images}>
        <div ref={ref} />
        <p className="insight__explain" data-testid="looks-for-explain">
          An image nudged {climb.images?.steps ?? 128} times, in the worker, in whichever direction raised this {noun}&apos;s mean
          activation{climb.images ? ` (now ${climb.images.activations[0].toFixed(2)})` : ''}: this is the pattern it responds to.
          {climb.cancelled ? ' Cancelled: the image so far.' : ''}
        </p>
      </div>
    </section>
  );
}
