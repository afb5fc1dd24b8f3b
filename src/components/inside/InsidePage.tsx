/**
 * The "Inside the network" tab: choose an input (test image, drawing, upload), see the prediction,
 * every layer's feature maps, the learned filters and one channel up close. Live while a run trains,
 * but only while this tab is on screen (the tab mounts it) and the page is visible.
 */
import { useEffect } from 'react';
import { startLiveInspection } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import { HierarchyPanel } from '../insight/HierarchyPanel';
import { WhyPanel } from '../insight/WhyPanel';
import { ChannelDetail } from './ChannelDetail';
import { FeatureMapsPanel } from './FeatureMapsPanel';
import { FiltersPanel } from './FiltersPanel';
import { InputChooser } from './InputChooser';
import { PredictionPanel } from './PredictionPanel';
import { RunStatusLine } from './RunStatusLine';
import { RunsButton } from '../runs/RunsButton';
import './inside.css';

export function InsidePage() {
  const hasModel = useAppStore((s) => s.currentModel !== null);
  const hasActivations = useAppStore((s) => s.activations !== null);
  const error = useAppStore((s) => s.inspectionError);
  const noModel = useAppStore((s) => s.inspectionErrorKind === 'no-model');
  const setSection = useAppStore((s) => s.setSection);

  useEffect(() => startLiveInspection(), []);

  if (noModel || (!hasModel && !hasActivations)) {
    return (
      <section className="panel inside__empty" data-testid="inside-no-model">
        <h2>Train or load a model first</h2>
        <p className="panel__note">
          The feature maps, filters and predictions here are those of a trained network. Train one on the
          “Build &amp; train” tab (the Tiny CNN trains in seconds), or load a saved one there; this tab then
          follows it live.
        </p>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setSection('build')}
          data-testid="go-build"
        >
          Go to Build &amp; train
        </button>
      </section>
    );
  }

  return (
    <div className="inside" data-testid="inside-page">
      <div className="inside__error inside__status-row">
        <RunStatusLine />
        <RunsButton />
      </div>
      {error && (
        <p className="banner banner--error inside__error" role="alert" data-testid="inside-error">
          {error}
        </p>
      )}
      <div className="inside__side">
        <InputChooser />
        <PredictionPanel />
        <WhyPanel />
      </div>
      <div className="inside__main">
        <FeatureMapsPanel />
      </div>
      <div className="inside__channel-area">
        <ChannelDetail />
      </div>
      <div className="inside__filters-area">
        <FiltersPanel />
      </div>
      <HierarchyPanel />
    </div>
  );
}
