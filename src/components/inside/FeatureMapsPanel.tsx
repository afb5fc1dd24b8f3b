/**
 * Every layer's activations for the chosen input, live while training. The colour scale is shared by
 * a layer's channels or set per channel; clicking a channel selects it (its filter and the images
 * that excite it appear in the channel panel).
 */
import { useMemo } from 'react';
import { datasetMeta, inputShapeOf } from '../../engine/data/datasets';
import { ConceptButton } from '../teach/ConceptButton';
import { modelDataset, selectChannel } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import type { ColourScaleMode } from '../../store/inspectionSlice';
import { FeatureMaps, type FeatureMapsData } from '../../viz/FeatureMaps';
import { useViz } from '../common/useViz';
import { layerTitles } from './layerTitles';
import { Segmented } from '../common/Segmented';

const SCALES: { key: ColourScaleMode; label: string }[] = [
  { key: 'shared', label: 'One scale per layer' },
  { key: 'perChannel', label: 'Each channel its own' },
];

export function FeatureMapsPanel() {
  const activations = useAppStore((s) => s.activations);
  const scale = useAppStore((s) => s.colourScale);
  const setScale = useAppStore((s) => s.setColourScale);
  const selected = useAppStore((s) => s.selectedChannel);
  const spec = useAppStore((s) => s.currentModel?.spec ?? null);
  const dataset = useAppStore(() => modelDataset());

  const data = useMemo<FeatureMapsData | null>(() => {
    if (!activations) return null;
    const input = activations.input;
    return {
      input: { pixels: activations.pixels, shape: spec?.inputShape ?? inputShapeOf(dataset) },
      layers: activations.layers,
      titles: layerTitles(activations.layers, spec),
      classNames: datasetMeta(dataset).classNames,
      probabilities: activations.probabilities,
      trueLabel: input.kind === 'test' ? input.label : undefined,
      scale,
      selected,
    };
  }, [activations, spec, dataset, scale, selected]);

  const ref = useViz((element) => new FeatureMaps(element, { onSelect: selectChannel }), data);

  return (
    <section className="panel inside__maps" aria-labelledby="inside-maps-title">
      <header className="panel__header">
        <h3 id="inside-maps-title">Feature maps of every layer</h3>
        <ConceptButton concept="hierarchy" />
        <Segmented
          name="fmap-scale"
          label="Colour scale"
          options={SCALES.map((s) => ({ key: s.key, label: s.label, testId: `scale-${s.key}` }))}
          value={scale}
          onChange={setScale}
        />
        <span
          className="fmaps__legend"
          aria-label="Colour legend: negative values blue, zero black, positive values white"
        >
          <span className="fmaps__legend-bar" aria-hidden="true" /> negative · 0 · positive
        </span>
      </header>
      {!activations && <p className="panel__note">Asking the engine for the activations…</p>}
      <div ref={ref} />
    </section>
  );
}
