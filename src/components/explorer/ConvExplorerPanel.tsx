/**
 * The convolution explorer: settings on the left, the sliding window in the middle, the numbers of
 * the current step and the output-size formula on the right. State is local to the panel; `initial`
 * opens it on a given setup (a preset or "explain this layer").
 */
import { useEffect, useMemo, useReducer, useRef, type JSX, type KeyboardEvent, type ReactNode } from 'react';
import { explorerGeometry, stepCount, stepDetail } from '../../engine/explorer/compute';
import { syntheticDigit, type SampleImage } from '../../engine/explorer/imageKernels';
import { EXPLORER_PRESETS, defaultSetup } from '../../engine/explorer/presets';
import { setupWarnings, type ExplorerSetup } from '../../engine/explorer/setup';
import { FeatureMapImage, type FeatureMapImageState } from '../../viz/explorer/FeatureMapImage';
import { SlidingWindowView, type SlidingWindowState } from '../../viz/explorer/SlidingWindowView';
import { useViz } from '../common/useViz';
import { useInputDevice } from '../layout/useInputDevice';
import { ExplorerControls } from './ExplorerControls';
import { explorerReducer, initialState } from './explorerState';
import { FormulaPanel } from './FormulaPanel';
import { InputFillBar } from './InputFillBar';
import { KernelEditor } from './KernelEditor';
import { PlaybackControls } from './PlaybackControls';
import { StepDetailPanel } from './StepDetailPanel';
import { useExplorerReport } from '../teach/useExplorerReport';
import './explorer.css';

export type { ExplorerSetup } from '../../engine/explorer/setup';

export interface ConvExplorerPanelProps {
  /** Opens the explorer on this setup; a new object reloads it (e.g. "explain this layer"). */
  initial?: ExplorerSetup;
  /** A real dataset image for the image-kernel presets; a synthetic digit is used without one. */
  sampleImage?: SampleImage;
  /** Told the setup on screen whenever it changes (the share link carries it). */
  onValidSetup?: (setup: ExplorerSetup) => void;
}

const FORM_FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

export function ConvExplorerPanel({ initial, sampleImage, onValidSetup }: ConvExplorerPanelProps): JSX.Element {
  const [state, dispatch] = useReducer(explorerReducer, initial, (init) => initialState(init ?? defaultSetup(), init ? null : EXPLORER_PRESETS[0].id));
  const device = useInputDevice();
  const { valid: setup, result, step, playing, speed } = state;
  const geometry = result.geometry;
  const steps = stepCount(geometry);
  const image = useMemo(() => sampleImage ?? syntheticDigit(), [sampleImage]);
  const outChannel = setup.focusOutChannel ?? 0;
  // Pooling reads input channel c to make output channel c.
  const focusChannel = setup.op === 'conv' ? (setup.focusChannel ?? 0) : outChannel;

  // A new `initial` (another layer explained) replaces whatever is on screen.
  const firstInitial = useRef(initial);
  useEffect(() => {
    if (initial && initial !== firstInitial.current) dispatch({ type: 'load', setup: initial });
  }, [initial]);

  useEffect(() => {
    onValidSetup?.(setup);
  }, [setup, onValidSetup]);

  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => dispatch({ type: 'tick' }), 1000 / speed);
    return () => window.clearInterval(id);
  }, [playing, speed]);

  const detail = useMemo(() => {
    if (step < 0 || steps === 0) return null;
    return stepDetail(setup, explorerGeometry(setup), Math.floor(step / geometry.outWidth), step % geometry.outWidth, outChannel);
  }, [setup, step, steps, geometry.outWidth, outChannel]);

  useExplorerReport(setup, geometry, step, detail);

  const viewState = useMemo<SlidingWindowState>(
    () => ({ setup, result, step, outChannel, focusChannel, detail }),
    [setup, result, step, outChannel, focusChannel, detail],
  );
  const viewRef = useViz((el) => new SlidingWindowView(el, { onPick: (s) => dispatch({ type: 'seek', step: s }) }), viewState);

  const preset = EXPLORER_PRESETS.find((p) => p.id === state.presetId);
  const showImages = (preset?.showsImage ?? false) || (setup.inputHeight >= 14 && setup.inputWidth >= 14);
  const mapState = useMemo<FeatureMapImageState>(() => {
    const inputValues = Array.from({ length: setup.inputHeight * setup.inputWidth }, (_, i) => setup.input[i * setup.inChannels + focusChannel]);
    const outputValues = Array.from({ length: geometry.outHeight * geometry.outWidth }, (_, i) => result.output[i * setup.outChannels + outChannel]);
    return {
      input: { values: inputValues, height: setup.inputHeight, width: setup.inputWidth, caption: `Input ${setup.inputHeight}×${setup.inputWidth}` },
      output: { values: outputValues, height: geometry.outHeight, width: geometry.outWidth, caption: `Feature map ${geometry.outHeight}×${geometry.outWidth}` },
    };
  }, [setup, result, geometry, focusChannel, outChannel]);
  const mapRef = useViz((el) => new FeatureMapImage(el), mapState);

  const warnings = setupWarnings(setup);
  const edit = (patch: Partial<ExplorerSetup>) => dispatch({ type: 'edit', patch });

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (FORM_FIELDS.has(target.tagName)) return;
    const onButton = target.tagName === 'BUTTON';
    switch (e.key) {
      case ' ':
      case 'k':
        if (onButton && e.key === ' ') return;
        dispatch({ type: playing ? 'pause' : 'play' });
        break;
      case 'ArrowRight':
      case 'l':
        dispatch({ type: 'step', delta: 1 });
        break;
      case 'ArrowLeft':
      case 'j':
        dispatch({ type: 'step', delta: -1 });
        break;
      case 'Home':
        dispatch({ type: 'seek', step: -1 });
        break;
      case 'End':
        dispatch({ type: 'seek', step: steps - 1 });
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <section className="xpanel" aria-labelledby="xpanel-title" onKeyDown={onKeyDown} data-testid="conv-explorer">
      <header className="xpanel__header">
        <h2 id="xpanel-title">Convolution explorer</h2>
        <label className="xpanel__preset">
          <span>Example</span>
          <select
            value={state.presetId ?? ''}
            data-testid="preset-select"
            onChange={(e) => e.target.value && dispatch({ type: 'preset', id: e.target.value, image: sampleImage })}
          >
            <option value="">{state.presetId ? '—' : 'your own setup'}</option>
            {EXPLORER_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        {setup.label && (
          <p className="xpanel__label" data-testid="explorer-label">
            {setup.label}
          </p>
        )}
      </header>
      {preset && <p className="xpanel__teaches">{preset.teaches}</p>}
      {state.errors.length > 0 && (
        <ul className="xpanel__errors" role="alert" data-testid="explorer-errors">
          {state.errors.map((m) => (
            <li key={m}>{m}</li>
          ))}
          <li className="xpanel__errors-note">Still showing the last valid setup.</li>
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="xpanel__warnings">
          {warnings.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <div className="xpanel__body">
        <div className="xpanel__side">
          <ExplorerControls setup={state.setup} onEdit={edit} />
          <KernelEditor setup={setup} focusChannel={focusChannel} outChannel={outChannel} onEdit={edit} />
          <InputFillBar setup={setup} image={image} usingSynthetic={!sampleImage} onEdit={edit} />
        </div>
        <div className="xpanel__main">
          <PlaybackControls
            step={step}
            steps={steps}
            playing={playing}
            speed={speed}
            onPlay={() => dispatch({ type: 'play' })}
            onPause={() => dispatch({ type: 'pause' })}
            onStep={(delta) => dispatch({ type: 'step', delta })}
            onSeek={(s) => dispatch({ type: 'seek', step: s })}
            onSpeed={(s) => dispatch({ type: 'speed', speed: s })}
          />
          <ChannelPickers setup={setup} onEdit={edit} />
          <div
            ref={viewRef}
            className="xpanel__view"
            data-testid="sliding-view"
            tabIndex={0}
            role="group"
            aria-label="Sliding window animation. Space plays or pauses, left and right arrows step, Home and End jump."
          />
          <p className="xpanel__hint" data-testid="explorer-help">
            {device.hover
              ? 'Hover an output cell to see the inputs it reads; hover an input cell to see every output it feeds. Click an output cell to jump there.'
              : 'Tap an output cell to jump there and see the inputs it reads; tap an input cell to see every output it feeds.'}
            {device.touch ? ' Drag the Position slider to scrub.' : ' Keys: Space play/pause, ← → step, Home/End.'}
          </p>
          <div ref={mapRef} className="xpanel__maps" hidden={!showImages} />
        </div>
        <div className="xpanel__aside" data-testid="explorer-aside">
          <StepDetailPanel setup={setup} detail={detail} step={step} steps={steps} focusChannel={focusChannel} />
          <FormulaPanel setup={setup} geometry={geometry} />
        </div>
      </div>
    </section>
  );
}

function ChannelPickers({ setup, onEdit }: { setup: ExplorerSetup; onEdit(patch: Partial<ExplorerSetup>): void }): ReactNode {
  if (setup.inChannels === 1 && setup.outChannels === 1) return null;
  const isConv = setup.op === 'conv';
  return (
    <div className="xpanel__channels" role="group" aria-label="Channels shown">
      {setup.inChannels > 1 && (
        <label>
          <span>{isConv ? 'Input channel in front' : 'Channel'}</span>
          <select
            value={isConv ? (setup.focusChannel ?? 0) : (setup.focusOutChannel ?? 0)}
            data-testid="focus-channel"
            onChange={(e) => {
              const c = Number(e.target.value);
              // Pooling pairs input channel c with output channel c.
              onEdit(isConv ? { focusChannel: c } : { focusChannel: c, focusOutChannel: c });
            }}
          >
            {Array.from({ length: setup.inChannels }, (_, c) => (
              <option key={c} value={c}>
                {c + 1}
              </option>
            ))}
          </select>
        </label>
      )}
      {isConv && setup.outChannels > 1 && (
        <label>
          <span>Filter (output channel)</span>
          <select value={setup.focusOutChannel ?? 0} data-testid="out-channel" onChange={(e) => onEdit({ focusOutChannel: Number(e.target.value) })}>
            {Array.from({ length: setup.outChannels }, (_, o) => (
              <option key={o} value={o}>
                {o + 1}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
