/**
 * The ordered list of layer cards with reordering by drag and drop (mouse, pen, touch: @dnd-kit's
 * pointer and touch sensors on each card's handle) or keyboard (the handle's own Space / arrows /
 * Space, or Alt+↑/↓ anywhere on a card), and the control that adds a layer. After a keyboard move,
 * duplicate or removal, focus follows the layer (or goes to a neighbour), so that a keyboard user
 * never loses their place. A screen reader hears each step of a drag in the layers' own names.
 */
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultInsertIndex, LAYER_TYPES } from '../../engine/spec/layer-defaults';
import { KERAS_CLASS } from '../../engine/spec/shapes';
import type { LayerSpec, LayerType } from '../../engine/spec/types';
import { explainLayer } from '../../store/explainLayer';
import { useAppStore } from '../../store';
import type { BlockScale } from '../../viz/BlockDiagram';
import { type CardAction, LayerCard } from './LayerCard';
import { layerDragAnnouncements, layerDragInstructions, layerIndexOfId, layerSortId } from './layerDrag';
import { displayName, type LayerView } from './specAnalysis';

interface LayerListProps {
  layers: LayerView[];
  scale: BlockScale;
}

/** Where focus should go after the next render: test ids or CSS selectors, tried in order. */
type FocusRequest = string[];

export function LayerList({ layers, scale }: LayerListProps) {
  const updateLayer = useAppStore((s) => s.updateLayer);
  const moveLayer = useAppStore((s) => s.moveLayer);
  const duplicateLayer = useAppStore((s) => s.duplicateLayer);
  const removeLayer = useAppStore((s) => s.removeLayer);
  const addLayer = useAppStore((s) => s.addLayer);
  const [newType, setNewType] = useState<LayerType>('conv2d');
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const [explainError, setExplainError] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement | null>(null);
  const rootRef = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (!focusRequest || !rootRef.current) return;
    for (const target of focusRequest) {
      const selector = /^[\w-]+$/.test(target) ? `[data-testid="${target}"]` : target;
      const element = rootRef.current.querySelector<HTMLElement>(selector);
      if (element && !(element as HTMLButtonElement).disabled) {
        element.focus();
        element.scrollIntoView({ block: 'nearest' });
        break;
      }
    }
    setFocusRequest(null);
  }, [focusRequest, layers]);

  const onPatch = useCallback((index: number, patch: Partial<LayerSpec>) => updateLayer(index, patch), [updateLayer]);

  const onAction = useCallback(
    (index: number, action: CardAction) => {
      const count = useAppStore.getState().spec.layers.length;
      switch (action) {
        case 'move-up':
          moveLayer(index, index - 1);
          setFocusRequest([`layer-${index - 1}-move-up`, `layer-${index - 1}-move-down`]);
          break;
        case 'move-down':
          moveLayer(index, index + 1);
          setFocusRequest([`layer-${index + 1}-move-down`, `layer-${index + 1}-move-up`]);
          break;
        case 'duplicate':
          duplicateLayer(index);
          setFocusRequest([`layer-${index + 1}-duplicate`]);
          break;
        case 'remove': {
          removeLayer(index);
          const next = Math.min(index, count - 2);
          setFocusRequest(next >= 0 ? [`layer-${next}-remove`] : ['add-layer-type']);
          break;
        }
        case 'explain':
          setExplainError(null);
          explainLayer(index).catch((error: unknown) => setExplainError(error instanceof Error ? error.message : String(error)));
          break;
      }
    },
    [moveLayer, duplicateLayer, removeLayer],
  );

  // Pointer: mouse and pen, and touch where the browser sends pointer events (everywhere current);
  // a few pixels of travel before a drag starts, so that a click on the handle stays a click. Touch:
  // for browsers that send only touch events. Keyboard: Space lifts, arrows move, Space drops.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      const from = layerIndexOfId(active.id);
      const to = over ? layerIndexOfId(over.id) : null;
      if (from !== null && to !== null && from !== to) moveLayer(from, to);
    },
    [moveLayer],
  );
  const names = layers.map((view) => `layer ${view.index + 1}, ${displayName(view.layer.type)}`);

  return (
    <div className="layer-list" ref={rootRef}>
      {explainError ? (
        <p className="banner banner--error" role="alert">
          Could not explain the layer: {explainError}
        </p>
      ) : null}
      {layers.length === 0 ? (
        <p className="panel__note layer-list__empty" data-testid="layer-list-empty">
          No layers yet. Add a Conv2D, a MaxPooling2D, a Flatten and a Dense layer with 10 units and softmax to get a small CNN.
        </p>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{ announcements: layerDragAnnouncements(names), screenReaderInstructions: layerDragInstructions }}
        >
          <SortableContext items={layers.map((view) => layerSortId(view.index))} strategy={verticalListSortingStrategy}>
            <ol className="layer-list__items" ref={listRef} aria-label="Layers of the model, input first" data-testid="layer-list">
              {layers.map((view) => (
                <LayerCard key={view.index} view={view} count={layers.length} scale={scale} onPatch={onPatch} onAction={onAction} />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
      )}
      <div className="layer-list__add">
        <label htmlFor="add-layer-type">Add layer</label>
        <select id="add-layer-type" data-testid="add-layer-type" value={newType} onChange={(event) => setNewType(event.target.value as LayerType)}>
          {LAYER_TYPES.map((type) => (
            <option key={type} value={type}>
              {KERAS_CLASS[type]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          data-testid="add-layer"
          onClick={() => {
            // Where the new layer keeps the network working (a conv before the Flatten, a Dense
            // before the output layer), not always at the end; focus follows it there.
            const index = defaultInsertIndex(useAppStore.getState().spec.layers, newType);
            addLayer(newType, index);
            setFocusRequest([`[data-testid="layer-card-${index}"] .layer-card__fields :is(input, select)`, `layer-${index}-remove`]);
          }}
        >
          + Add {displayName(newType)}
        </button>
      </div>
    </div>
  );
}
