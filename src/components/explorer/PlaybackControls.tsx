/** Play, pause, step, scrub and speed for the sliding window; every control is a real, labelled input. */
import { useId, type ReactNode } from 'react';
import { SPEEDS } from './explorerState';
import { PauseIcon } from '../common/PauseIcon';

interface Props {
  step: number;
  steps: number;
  playing: boolean;
  speed: number;
  onPlay(): void;
  onPause(): void;
  onStep(delta: number): void;
  onSeek(step: number): void;
  onSpeed(speed: number): void;
}

export function PlaybackControls(p: Props): ReactNode {
  const scrubId = useId();
  const speedId = useId();
  const atStart = p.step < 0;
  const atEnd = p.step >= p.steps - 1;
  return (
    <div className="xplay" role="group" aria-label="Animation">
      <button type="button" className="xplay__btn" onClick={() => p.onSeek(-1)} disabled={atStart} aria-label="Back to the start" title="Back to the start (Home)">
        « Start
      </button>
      <button type="button" className="xplay__btn" onClick={() => p.onStep(-1)} disabled={atStart} aria-label="Step back" title="Step back (←)" data-testid="step-back">
        ◀ Step
      </button>
      {p.playing ? (
        <button type="button" className="xplay__btn xplay__btn--main" onClick={p.onPause} aria-label="Pause" title="Pause (Space)" data-testid="play-pause">
          <PauseIcon /> Pause
        </button>
      ) : (
        <button type="button" className="xplay__btn xplay__btn--main" onClick={p.onPlay} aria-label="Play" title="Play (Space)" data-testid="play-pause">
          ▶ Play
        </button>
      )}
      <button type="button" className="xplay__btn" onClick={() => p.onStep(1)} disabled={atEnd} aria-label="Step forward" title="Step forward (→)" data-testid="step-forward">
        Step ▶
      </button>
      <button type="button" className="xplay__btn" onClick={() => p.onSeek(p.steps - 1)} disabled={atEnd} aria-label="Jump to the last position" title="Last position (End)">
        End »
      </button>
      <label className="xplay__scrub" htmlFor={scrubId}>
        <span>Position</span>
        <input
          id={scrubId}
          type="range"
          min={-1}
          max={p.steps - 1}
          step={1}
          value={p.step}
          data-testid="scrubber"
          aria-valuetext={p.step < 0 ? 'before the first step' : `step ${p.step + 1} of ${p.steps}`}
          onChange={(e) => p.onSeek(Number(e.target.value))}
        />
        <span className="xplay__count mono">
          {Math.max(p.step + 1, 0)} / {p.steps}
        </span>
      </label>
      <label className="xplay__speed" htmlFor={speedId}>
        <span>Speed</span>
        <select id={speedId} value={p.speed} onChange={(e) => p.onSpeed(Number(e.target.value))} data-testid="speed-select">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s} step{s === 1 ? '' : 's'}/s
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
