/**
 * The learned filters of every conv layer, updating while the run trains, with a toggle between the
 * filters as they were initialised and as they are now: the way to watch edge and blob detectors
 * form out of noise.
 */
import { useMemo } from 'react';
import { ConceptButton } from '../teach/ConceptButton';
import { selectChannel } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import { colourLayerIndex, FilterGrid, type FilterGridData } from '../../viz/FilterGrid';
import { useViz } from '../common/useViz';
import { titlesByIndex } from './layerTitles';
import { Segmented } from '../common/Segmented';

/** Selects the feature-map channel a filter produces (its position among the activations). */
function selectFilter(layerIndex: number, filter: number): void {
  const layers = useAppStore.getState().activations?.layers ?? [];
  const position = layers.findIndex((layer) => layer.layerIndex === layerIndex);
  if (position >= 0) selectChannel(position, filter);
}

export function FiltersPanel() {
  const kernels = useAppStore((s) => s.kernels);
  const initialKernels = useAppStore((s) => s.initialKernels);
  const showInitial = useAppStore((s) => s.showInitialFilters);
  const setShowInitial = useAppStore((s) => s.setShowInitialFilters);
  const activations = useAppStore((s) => s.activations);
  const spec = useAppStore((s) => s.currentModel?.spec ?? null);
  const selected = useAppStore((s) => s.selectedChannel);

  const useInitial = showInitial && initialKernels !== null;
  const data = useMemo<FilterGridData | null>(() => {
    const shown = useInitial ? initialKernels : kernels;
    if (!shown || shown.length === 0) return null;
    const layer = selected && activations ? activations.layers[selected.layer] : undefined;
    const layerIndex = layer ? layer.layerIndex : -1;
    return {
      kernels: shown,
      titles: activations ? titlesByIndex(activations.layers, spec) : {},
      selected: selected ? { layerIndex, filter: selected.channel } : null,
      moment: useInitial ? 'at initialisation' : 'now',
      // The channel panel shows the selected filter in full; here it is only highlighted.
      detail: false,
      colourLayer: colourLayerIndex(spec),
    };
  }, [useInitial, initialKernels, kernels, activations, spec, selected]);
  const ref = useViz((element) => new FilterGrid(element, { onSelect: selectFilter }), data);

  return (
    <section
      className="panel inside__filters"
      aria-labelledby="inside-filters-title"
      data-testid="filters-panel"
    >
      <header className="panel__header">
        <h3 id="inside-filters-title">Learned filters</h3>
        <ConceptButton concept="filter" />
        <Segmented
          name="filter-moment"
          label="Which filters"
          options={[
            { key: 'now', label: 'Now', testId: 'filters-now' },
            { key: 'initial', label: 'At initialisation', testId: 'filters-initial', disabled: initialKernels === null },
          ]}
          value={useInitial ? 'initial' : 'now'}
          onChange={(key) => setShowInitial(key === 'initial')}
        />
      </header>
      {initialKernels === null && kernels && (
        <p className="panel__note">
          The filters at initialisation are only known for a model trained in this session.
        </p>
      )}
      {kernels && kernels.length === 0 && (
        <p className="panel__note">This network has no convolution layers, so it has no filters to show.</p>
      )}
      <div ref={ref} />
    </section>
  );
}
