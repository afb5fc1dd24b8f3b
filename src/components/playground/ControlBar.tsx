/**
 * The home view's one bar of controls: a large Play / Pause, Step one batch, Reset (new random
 * weights), the epoch and images-seen counter, the network and dataset pickers, learning rate,
 * batch size and how long Play trains. Every change that would discard a trained model asks first
 * (see playgroundBridge). The first-visit line sits under it until Play is pressed once, and a
 * failed run's message under Play (RunFailure).
 */
import { useMemo } from 'react';
import { DATASET_NAMES, datasetMeta } from '../../engine/data/datasets';
import { PRESETS, type PresetId } from '../../engine/spec/presets';
import type { DatasetName } from '../../engine/spec/types';
import { hasErrors, validateSpec } from '../../engine/spec/validate';
import { useAppStore } from '../../store';
import { changeNetwork, pause, play, resetWeights, stepOnce, UNTIL_PAUSED_EPOCHS } from '../../store/playgroundBridge';
import { StepIcon } from '../common/icons';
import { NumberField } from '../train/NumberField';
import { PRESET_SOURCES } from './presetSources';
import { RunFailure } from './RunFailure';
import { pickOwnDataset, useOwnDatasets } from '../dataset/useOwnDatasets';
import { Hideable } from '../share/Hideable';
import { choosePretrained, PretrainedOptions, PretrainedStatus } from '../share/PretrainedChoice';
import { ShareButton } from '../share/ShareDialog';


function usePlayBlocker(): string | null {
  const spec = useAppStore((s) => s.spec);
  const engineStatus = useAppStore((s) => s.engineStatus);
  const invalid = useMemo(() => hasErrors(validateSpec(spec)), [spec]);
  if (engineStatus === 'starting') return 'Starting the engine…';
  if (engineStatus === 'failed') return 'The engine failed to start.';
  if (invalid) return 'Fix the layer marked in red first.';
  return null;
}

function Counter() {
  const progress = useAppStore((s) => s.progress);
  const runState = useAppStore((s) => s.runState);
  const untilPaused = useAppStore((s) => s.run?.spec.training.epochs === UNTIL_PAUSED_EPOCHS);
  const seen = progress?.examplesSeen ?? 0;
  const epoch = progress ? progress.epoch + 1 : 1;
  const state = runState === 'running' ? 'training' : runState === 'paused' ? (seen > 0 ? 'paused' : 'untrained') : runState === 'idle' ? 'untrained' : runState;
  return (
    <p className="pg-counter" data-testid="pg-counter" data-examples={seen} data-state={state} aria-live="off">
      <span className="pg-counter__big">
        epoch {epoch}
        {progress && !untilPaused ? ` of ${progress.epochs}` : ''}
      </span>
      <span className="pg-counter__small">
        {seen.toLocaleString('en-US')} images seen{progress && progress.examplesPerSecond > 0 && runState === 'running' ? ` · ${Math.round(progress.examplesPerSecond).toLocaleString('en-US')}/s` : ''}
      </span>
    </p>
  );
}

export function ControlBar() {
  const runState = useAppStore((s) => s.runState);
  const presetId = useAppStore((s) => s.presetId);
  const dataset = useAppStore((s) => s.dataset);
  const ownDatasets = useOwnDatasets();
  const training = useAppStore((s) => s.spec.training);
  const untilPaused = useAppStore((s) => s.untilPaused);
  const projector = useAppStore((s) => s.projector);
  const blocker = usePlayBlocker();
  const running = runState === 'running';
  const preset = PRESETS.find((p) => p.id === presetId);

  const onPlay = (): void => {
    useAppStore.getState().dismissFirstVisit();
    if (running) pause();
    else play();
  };
  const choosePreset = (id: string): void => {
    if (choosePretrained(id)) return;
    const chosen = PRESETS.find((p) => p.id === id);
    if (!chosen) return;
    changeNetwork(`switch to the ${chosen.title}`, () => {
      const s = useAppStore.getState();
      s.loadPreset(chosen.id as PresetId);
      s.setDataset(chosen.dataset);
    });
  };

  return (
    <div className="pg-bar">
      <div className="pg-bar__run" role="group" aria-label="Training">
        <Hideable id="play">
        <button
          type="button"
          className="button button--primary pg-play"
          onClick={onPlay}
          disabled={blocker !== null && !running}
          aria-describedby={blocker ? 'pg-play-blocker' : undefined}
          data-testid="pg-play"
          data-state={running ? 'pause' : 'play'}
        >
          <span aria-hidden="true">{running ? '❚❚' : '▶'}</span> {running ? 'Pause' : 'Play'}
        </button>
        </Hideable>
        <Hideable id="step">
        <button type="button" className="button pg-bar__button" onClick={stepOnce} disabled={running || blocker !== null} data-testid="pg-step" title="Train on one batch, then stop">
          <StepIcon /> Step
        </button>
        </Hideable>
        <Hideable id="reset">
        <button type="button" className="button pg-bar__button" onClick={resetWeights} disabled={blocker !== null} data-testid="pg-reset" title="New random weights: start learning again">
          <span aria-hidden="true">↺</span> Reset
        </button>
        </Hideable>
        <Counter />
        <ShareButton />
      </div>
      <div className="pg-bar__model">
        <Hideable id="network">
        <label className="pg-field pg-field--preset">
          <span className="pg-field__label">Network</span>
          <select value={presetId ?? ''} onChange={(event) => choosePreset(event.target.value)} aria-label="Network" data-testid="pg-preset">
            {presetId === null && <option value="">Your network</option>}
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
            <PretrainedOptions />
          </select>
          <small className="pg-field__source" data-testid="pg-preset-source">
            <PretrainedStatus>{preset ? PRESET_SOURCES[preset.id] : 'edited on this page'}</PretrainedStatus>
          </small>
        </label>
        </Hideable>
        <Hideable id="dataset">
        <label className="pg-field">
          <span className="pg-field__label">Dataset</span>
          <select
            value={dataset}
            onChange={(event) => {
              const next = event.target.value as DatasetName;
              if (pickOwnDataset(next)) return;
              changeNetwork(`train on ${datasetMeta(next).title}`, () => useAppStore.getState().setDataset(next));
            }}
            aria-label="Dataset"
            data-testid="pg-dataset"
          >
            {!(DATASET_NAMES as readonly string[]).includes(dataset) && !ownDatasets.some((d) => d.name === dataset) && <option value={dataset}>{datasetMeta(dataset).shortTitle}</option>}
            {DATASET_NAMES.map((d) => (
              <option key={d} value={d}>
                {datasetMeta(d).shortTitle}
              </option>
            ))}
            {ownDatasets.map((d) => (
              <option key={d.name} value={d.name}>
                {d.title}
              </option>
            ))}
          </select>
          <small className="pg-field__source">{datasetMeta(dataset).subject}</small>
        </label>
        </Hideable>
      </div>
      {!projector && (
        <div className="pg-bar__settings">
          <Hideable id="learningRate">
          <NumberField
            label="Learning rate"
            value={training.learningRate}
            check={(v) => (v > 0 && v <= 10 ? null : 'From above 0 to 10 (try 0.001).')}
            onCommit={(v) => v !== undefined && changeNetwork(`use learning rate ${v}`, () => useAppStore.getState().setTraining({ learningRate: v }))}
            testId="pg-learning-rate"
          />
          </Hideable>
          <Hideable id="batchSize">
          <NumberField
            label="Batch"
            value={training.batchSize}
            step={1}
            min={1}
            check={(v) => (Number.isInteger(v) && v >= 1 && v <= 1024 ? null : 'A whole number from 1 to 1,024.')}
            onCommit={(v) => v !== undefined && changeNetwork(`use batches of ${v}`, () => useAppStore.getState().setTraining({ batchSize: v }))}
            testId="pg-batch-size"
          />
          </Hideable>
          <Hideable id="trainLength">
          <label className="number-field">
            <span className="number-field__label">Train</span>
            <select
              value={untilPaused ? 'until' : 'epochs'}
              onChange={(event) => {
                const until = event.target.value === 'until';
                changeNetwork(until ? 'train until paused' : `train for ${training.epochs} epochs`, () => useAppStore.getState().setUntilPaused(until));
              }}
              data-testid="pg-epochs"
            >
              <option value="until">until I pause</option>
              <option value="epochs">
                {training.epochs} epoch{training.epochs === 1 ? '' : 's'}
              </option>
            </select>
          </label>
          </Hideable>
        </div>
      )}
      {blocker && (
        <p id="pg-play-blocker" className="pg-bar__blocker" role="status">
          {blocker}
        </p>
      )}
      <RunFailure />
    </div>
  );
}
