/** Real samples of the chosen dataset with their class names, loaded through the worker. */
import { useEffect, useMemo } from 'react';
import { DATASET_NAMES, datasetMeta, imageAt, parseDatasetName } from '../../engine/data/datasets';
import { ClassFilter } from './ClassFilter';
import type { DatasetName } from '../../engine/spec/types';
import { ImageGrid, type ImageGridItem } from '../../viz/ImageGrid';
import { loadSamples } from '../../store/engineBridge';
import { useAppStore } from '../../store';
import { useViz } from '../common/useViz';
import { ProgressBar } from '../common/ProgressBar';
import './SampleGallery.css';
import { Segmented } from '../common/Segmented';
import { pickOwnDataset, useOwnDatasets } from './useOwnDatasets';

export function DatasetPicker() {
  const dataset = useAppStore((s) => s.dataset);
  const setDataset = useAppStore((s) => s.setDataset);
  const own = useOwnDatasets();
  return (
    <Segmented
      name="dataset"
      label="Dataset"
      options={[
        ...DATASET_NAMES.map((name: DatasetName) => ({ key: name, label: datasetMeta(name).title, testId: `dataset-${name}` })),
        // The learner's own datasets (Your data), each sent to the worker when picked.
        ...own.map((d) => ({ key: d.name, label: d.title, testId: `dataset-${d.name}` })),
      ]}
      value={parseDatasetName(dataset)?.base ?? dataset}
      onChange={(name) => pickOwnDataset(name) || setDataset(name)}
    />
  );
}

/** `strip`: one horizontally scrolling row (above the training dashboard). */
export function SampleGallery({
  count = 24,
  itemSize = 76,
  strip = false,
}: {
  count?: number;
  itemSize?: number;
  strip?: boolean;
}) {
  const dataset = useAppStore((s) => s.dataset);
  const samples = useAppStore((s) => s.samples);
  const load = useAppStore((s) => s.datasets[dataset]);
  const engineReady = useAppStore((s) => s.engineStatus === 'ready');

  useEffect(() => {
    if (engineReady) void loadSamples(dataset, count);
  }, [dataset, engineReady, count]);

  const items = useMemo<ImageGridItem[]>(() => {
    if (!samples || samples.dataset !== dataset) return [];
    return samples.indices.map((index, k) => {
      const label = samples.labels[k];
      const name = datasetMeta(dataset).classNames[label];
      return {
        index,
        ...imageAt(dataset, samples.images, k),
        caption: name,
        data: { testid: 'sample', label: String(label), className: name },
      };
    });
  }, [samples, dataset]);

  const ref = useViz(
    (element) => new ImageGrid(element, { itemSize, scrollable: strip, ariaLabel: `${datasetMeta(dataset).title} test images` }),
    items,
  );

  return (
    <section className="panel" aria-labelledby="gallery-title">
      <header className="panel__header">
        <h2 id="gallery-title">Dataset</h2>
        <DatasetPicker />
      </header>
      <ClassFilter />
      {load?.error ? (
        <p className="banner banner--error" role="alert" data-testid="dataset-error">
          Could not load {datasetMeta(dataset).title}: {load.error}
        </p>
      ) : items.length === 0 ? (
        <ProgressBar
          label={`Loading ${datasetMeta(dataset).title}: ${load?.phase ?? 'waiting for the engine'}`}
          value={load?.fraction ?? 0}
        />
      ) : (
        <p className="panel__note">
          The first {items.length} of {load?.info?.testCount.toLocaleString() ?? '10,000'} test images, with
          their labels
          {load?.info ? ` (decoded in ${Math.round(load.info.decodeMs)} ms in the worker)` : ''}.
        </p>
      )}
      <div
        ref={ref}
        className={`sample-gallery${strip ? ' sample-gallery--strip' : ''}`}
        data-testid="sample-gallery"
      />
    </section>
  );
}
