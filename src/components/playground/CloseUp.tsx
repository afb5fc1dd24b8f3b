/**
 * A channel up close, over the picture (in view, not below the fold): the channel large and live,
 * for a conv layer its filter now and at initialisation side by side, the test images that excite
 * it most, and the way into the convolution explorer with this channel's real numbers. "+ N more"
 * opens the same panel on every channel of a layer. Escape or Close returns to the picture.
 */
import { useEffect, useMemo, useRef } from 'react';
import { datasetMeta, imageAt } from '../../engine/data/datasets';
import { specIndexOfLayerName } from '../../engine/spec/layer-names';
import { useAppStore } from '../../store';
import { explainLayer } from '../../store/explainLayer';
import { chooseInput, modelDataset, selectChannel } from '../../store/inspectionBridge';
import { ImageGrid, type ImageGridItem } from '../../viz/ImageGrid';
import { ChannelView, type ChannelViewData } from '../../viz/network/ChannelView';
import { FilterPair, type FilterPairData } from '../../viz/network/FilterPair';
import { MapTiles, type MapTilesData } from '../../viz/network/MapTiles';
import { useViz } from '../common/useViz';
import { LooksFor } from '../insight/LooksFor';
import { WhyPanel } from '../insight/WhyPanel';
import { columnName } from './columnText';
import { ConceptButton } from '../teach/ConceptButton';

function close(): void {
  const s = useAppStore.getState();
  s.selectChannel(null);
  s.setAllChannelsOf(null);
}

function useLayerAt(position: number | null) {
  const activations = useAppStore((s) => s.activations);
  const spec = useAppStore((s) => s.spec);
  const layer = position === null ? undefined : activations?.layers[position];
  const specIndex = layer ? (specIndexOfLayerName(layer.name) ?? position ?? 0) : -1;
  const specLayer = spec.layers[specIndex];
  const title = specLayer ? `Layer ${specIndex + 1} · ${columnName(specLayer)}` : layer ? layer.name : '';
  return { layer, specIndex, specLayer, title };
}

function AllChannels({ position }: { position: number }) {
  const { layer, title } = useLayerAt(position);
  const data = useMemo<MapTilesData | null>(
    () => (layer && layer.shape.length === 3 ? { values: layer.data, shape: layer.shape as [number, number, number], selected: null, minTile: 28, label: title } : null),
    [layer, title],
  );
  const ref = useViz(
    (element) => new MapTiles(element, { layer: position, onSelect: (channel) => (useAppStore.getState().setAllChannelsOf(null), selectChannel(position, channel)), onMore: () => undefined }),
    data ?? { values: new Float32Array(1), shape: [1, 1, 1], selected: null, minTile: 28, label: '' },
  );
  return (
    <>
      <header className="pg-closeup__head">
        <h2 className="pg-closeup__title">
          {title}: all {layer?.shape[2] ?? ''} channels
        </h2>
        <button type="button" className="button" onClick={close} data-testid="pg-closeup-close">
          Close
        </button>
      </header>
      <p className="pg-closeup__note">Choose a channel to see it up close.</p>
      <div ref={ref} className="pg-closeup__all" />
    </>
  );
}

function Channel({ position, channel }: { position: number; channel: number }) {
  const { layer, specIndex, specLayer, title } = useLayerAt(position);
  const kernels = useAppStore((s) => s.kernels);
  const initialKernels = useAppStore((s) => s.initialKernels);
  const top = useAppStore((s) => s.topImages);
  const dataset = useAppStore(() => modelDataset());
  const isConv = specLayer?.type === 'conv2d';
  const isPool = specLayer?.type === 'maxPool2d' || specLayer?.type === 'avgPool2d';

  const mapData = useMemo<ChannelViewData>(
    () =>
      layer && layer.shape.length === 3
        ? { values: layer.data, shape: layer.shape as [number, number, number], channel, label: `${title}, channel ${channel + 1}, for the current input` }
        : { values: new Float32Array(1), shape: [1, 1, 1], channel: 0, label: '' },
    [layer, channel, title],
  );
  const mapRef = useViz((element) => new ChannelView(element), mapData);

  const filterData = useMemo<FilterPairData>(
    () => ({
      now: kernels?.find((k) => k.layerIndex === specIndex) ?? null,
      initial: initialKernels?.find((k) => k.layerIndex === specIndex) ?? null,
      filter: channel,
    }),
    [kernels, initialKernels, specIndex, channel],
  );
  const filterRef = useViz((element) => new FilterPair(element), filterData);

  const topItems = useMemo<ImageGridItem[]>(() => {
    if (!top?.images || !top.labels || top.layer !== position || top.channel !== channel) return [];
    return top.indices.map((index, k) => ({
      index,
      ...imageAt(dataset, top.images!, k),
      caption: datasetMeta(dataset).classNames[top.labels![k]] ?? String(top.labels![k]),
      data: { testid: 'pg-top-image', label: String(top.labels![k]) },
    }));
  }, [top, position, channel, dataset]);
  const topRef = useViz(
    (element) =>
      new ImageGrid(element, {
        itemSize: 44,
        ariaLabel: 'Test images that excite this channel most; choose one to feed it to the network',
        onSelect: (item) => chooseInput({ kind: 'test', index: item.index, label: Number(item.data?.label) }),
      }),
    topItems,
  );

  const depth = layer?.shape[2] ?? 0;
  return (
    <>
      <header className="pg-closeup__head">
        <h2 className="pg-closeup__title" data-testid="pg-closeup-title">
          {title}: channel {channel + 1} of {depth}
        </h2>
        <ConceptButton concept="invariance" layer={specIndex >= 0 ? specIndex : undefined} />
        {(isConv || isPool) && (
          <button type="button" className="button" onClick={() => void explainLayer(specIndex, isConv ? { outChannel: channel } : { channel })} data-testid="pg-closeup-explain">
            Explain step by step
          </button>
        )}
        <button type="button" className="button" onClick={close} data-testid="pg-closeup-close">
          Close
        </button>
      </header>
      <div className="pg-closeup__body">
        <figure className="pg-closeup__map">
          <div ref={mapRef} />
          <figcaption>this channel, for the input now</figcaption>
        </figure>
        <figure className="pg-closeup__filter" hidden={!isConv}>
          <div ref={filterRef} />
          <figcaption>the filter that makes it</figcaption>
        </figure>
        {!isConv && (
          <p className="pg-closeup__note">
            {isPool
              ? `Pooling has no weights: this is channel ${channel + 1} of the layer before, each window reduced to one number.`
              : 'This layer has no filters of its own.'}
          </p>
        )}
      </div>
      <h3 className="pg-closeup__subtitle">Test images that excite it most</h3>
      {topItems.length === 0 && <p className="pg-closeup__note">Ranking the first 1,000 test images…</p>}
      <div ref={topRef} className="pg-closeup__top" data-testid="pg-top-images" />
      {/* Insight (issue 19): what the channel looks for, and why the network decided for this input. */}
      <h3 className="pg-closeup__subtitle">What it looks for</h3>
      {layer && <LooksFor key={`${layer.layerIndex}-${channel}`} layerIndex={layer.layerIndex} channel={channel} tileSize={96} />}
      <WhyPanel size={128} headingLevel={4} />
    </>
  );
}

export function CloseUp() {
  const selected = useAppStore((s) => s.selectedChannel);
  const all = useAppStore((s) => s.allChannelsOf);
  const root = useRef<HTMLDivElement>(null);
  const open = selected !== null || all !== null;
  // What had the focus when the close-up opened (the map tile, for a keyboard user) gets it back when
  // it closes: it went to the page's body, and the next Tab started again from the top.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open) {
      if (opener.current === null && document.activeElement instanceof HTMLElement && !root.current?.contains(document.activeElement)) {
        opener.current = document.activeElement;
      }
      root.current?.querySelector<HTMLElement>('[data-testid="pg-closeup-close"]')?.focus();
    } else if (opener.current !== null) {
      if (opener.current.isConnected) opener.current.focus();
      opener.current = null;
    }
  }, [open, selected?.layer, all]);
  if (!open) return null;
  return (
    <div
      ref={root}
      className="pg-closeup"
      role="dialog"
      aria-label="A channel up close"
      data-testid="pg-closeup"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      {selected ? <Channel key={`${selected.layer}`} position={selected.layer} channel={selected.channel} /> : <AllChannels key={`all-${all}`} position={all!} />}
    </div>
  );
}
