/**
 * The selected channel: the filter that produced it (for a conv layer, every input-channel slice and
 * its bias), the test images that excite it most — edges and strokes early, parts and shapes later —
 * and a way into the convolution explorer with the layer's real numbers.
 */
import { useMemo } from 'react';
import { datasetMeta, imageAt } from '../../engine/data/datasets';
import { explainLayer } from '../../store/explainLayer';
import { chooseInput, modelDataset, selectChannel } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import { colourLayerIndex, FilterGrid, type FilterGridData } from '../../viz/FilterGrid';
import { ImageGrid, type ImageGridItem } from '../../viz/ImageGrid';
import { useViz } from '../common/useViz';
import { LooksFor } from '../insight/LooksFor';
import { titlesByIndex } from './layerTitles';

export function ChannelDetail() {
  const selected = useAppStore((s) => s.selectedChannel);
  const hasLayer = useAppStore((s) =>
    s.selectedChannel ? s.activations?.layers[s.selectedChannel.layer] !== undefined : false,
  );
  if (!selected || !hasLayer) {
    return (
      <section className="panel inside__channel" aria-labelledby="inside-channel-title">
        <h3 id="inside-channel-title">A channel up close</h3>
        <p className="panel__note">
          Click a channel in the feature maps (or focus it and press Enter) to see the filter that made it and
          the test images that excite it most.
        </p>
      </section>
    );
  }
  // Keyed by layer so that the viz classes are built for the element that is on screen.
  return <SelectedChannel key={selected.layer} />;
}

function SelectedChannel() {
  const selected = useAppStore((s) => s.selectedChannel);
  const activations = useAppStore((s) => s.activations);
  const kernels = useAppStore((s) => s.kernels);
  const top = useAppStore((s) => s.topImages);
  const spec = useAppStore((s) => s.currentModel?.spec ?? null);
  const dataset = useAppStore(() => modelDataset());
  const layer = selected && activations ? activations.layers[selected.layer] : undefined;
  const specIndex = layer ? layer.layerIndex : -1;

  const filterData = useMemo<FilterGridData | null>(() => {
    if (!selected || !activations || !kernels) return null;
    const kernel = kernels.find((k) => k.layerIndex === specIndex);
    if (!kernel) return null;
    return {
      kernels: [kernel],
      titles: titlesByIndex(activations.layers, spec),
      selected: { layerIndex: specIndex, filter: selected.channel },
      moment: 'now',
      colourLayer: colourLayerIndex(spec),
    };
  }, [selected, activations, kernels, spec, specIndex]);
  const filterRef = useViz(
    (element) =>
      new FilterGrid(element, { onSelect: (_, filter) => selected && selectChannel(selected.layer, filter) }),
    filterData,
  );

  const topItems = useMemo<ImageGridItem[]>(() => {
    if (
      !top?.images ||
      !top.labels ||
      !selected ||
      top.layer !== selected.layer ||
      top.channel !== selected.channel
    )
      return [];
    return top.indices.map((index, k) => ({
      index,
      ...imageAt(dataset, top.images!, k),
      caption: datasetMeta(dataset).classNames[top.labels![k]] ?? String(top.labels![k]),
      detail: `#${index} · mean ${top.scores[k].toFixed(2)}`,
      data: { testid: 'top-image', label: String(top.labels![k]) },
    }));
  }, [top, selected, dataset]);
  const topRef = useViz(
    (element) =>
      new ImageGrid(element, {
        itemSize: 56,
        ariaLabel: 'Test images that excite this channel most',
        onSelect: (item) => chooseInput({ kind: 'test', index: item.index, label: Number(item.data?.label) }),
      }),
    topItems,
  );

  if (!selected || !layer) return null;
  const isConv = layer.layerType === 'Conv2D';
  const isPool = /Pooling2D$/.test(layer.layerType);
  return (
    <section
      className="panel inside__channel"
      aria-labelledby="inside-channel-title"
      data-testid="channel-detail"
    >
      <header className="panel__header">
        <h3 id="inside-channel-title">
          Layer {specIndex + 1} ({layer.layerType}), channel {selected.channel + 1}
        </h3>
        {(isConv || isPool) && (
          <button
            type="button"
            className="button"
            data-testid="explain-channel"
            onClick={() =>
              void explainLayer(
                specIndex,
                isConv ? { outChannel: selected.channel } : { channel: selected.channel },
              )
            }
          >
            Explain in the convolution explorer
          </button>
        )}
        <button
          type="button"
          className="button button--ghost"
          onClick={() => useAppStore.getState().selectChannel(null)}
        >
          Close
        </button>
      </header>
      {isConv && !filterData && <p className="panel__note">Fetching this layer&apos;s filters…</p>}
      <div ref={filterRef} hidden={!isConv} />
      {!isConv && (
        <p className="panel__note">
          {isPool
            ? `A pooling layer has no weights: channel ${selected.channel + 1} is channel ${selected.channel + 1} of the layer before, each window reduced to one number.`
            : 'This layer has no filters of its own.'}
        </p>
      )}
      <h4 className="inside__subtitle">
        Test images that excite it most (top {topItems.length || 8} of the first 1,000 by mean activation)
      </h4>
      {topItems.length === 0 && <p className="panel__note">Ranking test images…</p>}
      <div ref={topRef} data-testid="top-images" />
      {/* Insight (issue 19): what the channel itself responds to, beside the images that excite it. */}
      <h4 className="inside__subtitle">What this channel looks for</h4>
      <LooksFor key={`${specIndex}-${selected.channel}`} layerIndex={specIndex} channel={selected.channel} />
    </section>
  );
}
