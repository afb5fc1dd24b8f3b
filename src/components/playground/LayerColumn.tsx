/**
 * One layer of the network picture: headed by what it is and its numbers (settings, output shape,
 * parameters), with − / + for a conv layer's filters or a dense layer's units, "explain" for conv
 * and pooling layers, ✕ to remove it, and a click on its name to edit every field in place. Its
 * body is the layer's live output: maps, the flatten's strip, or a dense layer's bars.
 */
import { useMemo } from 'react';
import type { LayerActivation } from '../../engine/protocol';
import { describeLayer } from '../../engine/spec/shapes';
import type { LayerSpec } from '../../engine/spec/types';
import { MagnifierIcon } from '../common/icons';
import { useAppStore } from '../../store';
import { explainLayer } from '../../store/explainLayer';
import { selectChannel } from '../../store/inspectionBridge';
import { changeNetwork } from '../../store/playgroundBridge';
import { MapTiles, type MapTilesData } from '../../viz/network/MapTiles';
import { VectorView, type VectorViewData } from '../../viz/network/VectorView';
import { useViz } from '../common/useViz';
import type { LayerView } from '../builder/specAnalysis';
import { withoutLeadingName } from '../builder/issueText';
import { layerFields } from '../builder/layerFields';
import { ColumnEditor } from './ColumnEditor';
import { useControlShown } from '../share/Hideable';
import { ConceptButton } from '../teach/ConceptButton';
import { conceptOfLayer } from '../../teach/conceptIds';
import {
  columnBody,
  columnLink,
  columnName,
  columnSettings,
  formatParams,
  formatShape,
  resizable,
} from './columnText';

const EXPLAINABLE = new Set(['conv2d', 'maxPool2d', 'avgPool2d']);

interface LayerColumnProps {
  order: number;
  view: LayerView;
  count: number;
  activation: LayerActivation | null;
  /** Position of the activation in the worker's answer (what selecting a channel names). */
  position: number | null;
}

function MapsBody({
  activation,
  position,
  label,
}: {
  activation: LayerActivation;
  position: number;
  label: string;
}) {
  const selected = useAppStore((s) =>
    s.selectedChannel?.layer === position ? s.selectedChannel.channel : null,
  );
  const minTile = useAppStore((s) => (s.projector ? 56 : 40));
  const data = useMemo<MapTilesData>(
    () => ({
      values: activation.data,
      shape: activation.shape as [number, number, number],
      selected,
      minTile,
      label,
    }),
    [activation, selected, minTile, label],
  );
  const ref = useViz(
    (element) =>
      new MapTiles(element, {
        layer: position,
        onSelect: (channel) => {
          useAppStore.getState().setAllChannelsOf(null);
          selectChannel(position, channel);
        },
        onMore: () => {
          useAppStore.getState().selectChannel(null);
          useAppStore.getState().setAllChannelsOf(position);
        },
      }),
    data,
  );
  return <div ref={ref} className="pg-col__maps" />;
}

function VectorBody({
  activation,
  mode,
  label,
}: {
  activation: LayerActivation;
  mode: VectorViewData['mode'];
  label: string;
}) {
  const data = useMemo<VectorViewData>(
    () => ({ values: activation.data, mode, label }),
    [activation, mode, label],
  );
  const ref = useViz((element) => new VectorView(element), data);
  return <div ref={ref} className={`pg-col__vector pg-col__vector--${mode}`} />;
}

export function LayerColumn({ order, view, count, activation, position }: LayerColumnProps) {
  const editing = useAppStore((s) => s.editingLayer === view.index);
  const editable = useControlShown('editLayers');
  const { index, layer } = view;
  const name = columnName(layer);
  const settings = columnSettings(layer);
  const body = columnBody(layer, view.output);
  const size = resizable(layer);
  const errors = view.issues.filter((issue) => issue.severity === 'error');
  const label = `Layer ${index + 1}, ${name}`;

  const resize = (delta: number): void => {
    if (!size) return;
    const next = Math.max(1, size.value + delta);
    changeNetwork(`give layer ${index + 1} ${next} ${size.noun}s`, () =>
      useAppStore.getState().updateLayer(index, { [size.field]: next } as Partial<LayerSpec>),
    );
  };
  const remove = (): void => {
    changeNetwork(`remove layer ${index + 1} (${name})`, () => {
      const s = useAppStore.getState();
      s.setEditingLayer(null);
      s.selectChannel(null);
      s.setAllChannelsOf(null);
      s.removeLayer(index);
    });
  };

  return (
    <div
      className={`pg-col pg-col--${body}${errors.length ? ' pg-col--error' : ''}${editing ? ' pg-col--editing' : ''}`}
      data-column={order}
      data-link={columnLink(layer)}
      data-testid={`pg-column-${index}`}
      data-channels={view.output && view.output.length === 3 ? view.output[2] : ''}
      data-params={view.params ?? ''}
    >
      <header className="pg-col__head">
        <div className="pg-col__text">
          {layerFields(layer).length === 0 || !editable ? (
            <p className="pg-col__name pg-col__name--static">{name}</p>
          ) : (
            <button
              type="button"
              className="pg-col__name"
              aria-expanded={editing}
              aria-controls={`pg-editor-${index}`}
              onClick={() => useAppStore.getState().setEditingLayer(editing ? null : index)}
              data-testid={`pg-edit-${index}`}
              title="Edit this layer's settings"
            >
              {name} <span aria-hidden="true">✎</span>
            </button>
          )}
          {settings && <p className="pg-col__settings">{settings}</p>}
          <p className="pg-col__shape" data-testid={`pg-shape-${index}`}>
            → {formatShape(view.output)}
          </p>
          <p className="pg-col__params">
            {view.params !== null && view.params > 0 ? formatParams(view.params) : '\u00a0'}
          </p>
        </div>
        <div className="pg-col__tools">
          {conceptOfLayer(layer) && <ConceptButton concept={conceptOfLayer(layer)!} layer={index} />}
          {size && editable && (
            <>
              <button
                type="button"
                className="pg-tool"
                onClick={() => resize(-1)}
                disabled={size.value <= 1}
                aria-label={`One ${size.noun} fewer in layer ${index + 1}`}
                data-testid={`pg-minus-${index}`}
              >
                −
              </button>
              <button
                type="button"
                className="pg-tool"
                onClick={() => resize(1)}
                aria-label={`One ${size.noun} more in layer ${index + 1}`}
                data-testid={`pg-plus-${index}`}
              >
                +
              </button>
            </>
          )}
          {EXPLAINABLE.has(layer.type) && (
            <button
              type="button"
              className="pg-tool"
              onClick={() => void explainLayer(index)}
              aria-label={`Explain layer ${index + 1} in the convolution explorer`}
              title="Explain this layer step by step"
              data-testid={`pg-explain-${index}`}
            >
              <MagnifierIcon className="pg-tool__icon" />
            </button>
          )}
          {editable && (
          <button
            type="button"
            className="pg-tool pg-tool--remove"
            onClick={remove}
            disabled={count <= 1}
            aria-label={`Remove layer ${index + 1}`}
            data-testid={`pg-remove-${index}`}
          >
            ✕
          </button>
          )}
        </div>
      </header>
      <div className="pg-col__body">
        {errors.length > 0 ? (
          <p className="pg-col__error" role="alert" data-testid={`pg-error-${index}`}>
            {/* The column is this layer: its name again would only crowd out the Fix. */}
            {withoutLeadingName(errors[0].message, describeLayer(index, layer.type))} <strong>Fix:</strong> {errors[0].fix}
          </p>
        ) : activation && position !== null ? (
          body === 'maps' ? (
            <MapsBody activation={activation} position={position} label={label} />
          ) : (
            <VectorBody activation={activation} mode={body === 'strip' ? 'strip' : 'bars'} label={label} />
          )
        ) : (
          <p className="pg-col__waiting">…</p>
        )}
      </div>
      {editing && editable && <ColumnEditor view={view} />}
    </div>
  );
}
