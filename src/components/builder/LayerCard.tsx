/**
 * One layer of the model being built: its output as a to-scale block, its output shape, parameter
 * count and share of the compute, its fields (edited in place), its issues, and the buttons that
 * move, duplicate, remove or explain it. Dragging the handle reorders, by mouse, pen, touch or keyboard
 * (a @dnd-kit sortable item; LayerList owns the drop).
 */
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, useState, type KeyboardEvent } from 'react';
import type { LayerSpec } from '../../engine/spec/types';
import { BlockDiagram, type BlockScale } from '../../viz/BlockDiagram';
import { useViz } from '../common/useViz';
import { FieldIssues, LayerField } from './LayerField';
import { layerSortId } from './layerDrag';
import { ConceptButton } from '../teach/ConceptButton';
import { conceptOfLayer } from '../../teach/conceptIds';
import { fieldIdForIssue, layerFields } from './layerFields';
import { displayName, formatDims, type LayerView } from './specAnalysis';

export type CardAction = 'move-up' | 'move-down' | 'duplicate' | 'remove' | 'explain';

interface LayerCardProps {
  view: LayerView;
  count: number;
  scale: BlockScale;
  onPatch: (index: number, patch: Partial<LayerSpec>) => void;
  onAction: (index: number, action: CardAction) => void;
}

const EXPLAINABLE = new Set(['conv2d', 'maxPool2d', 'avgPool2d']);

function Block({ view, scale }: { view: LayerView; scale: BlockScale }) {
  const ref = useViz((element) => new BlockDiagram(element, { width: 76, height: 52 }), {
    shape: view.output,
    scale,
    unknown: view.input === null,
  });
  return <div ref={ref} className="layer-card__block" />;
}

/** Two overlapping sheets; drawn because the usual copy glyphs are missing from many system fonts. */
function DuplicateIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect x="1" y="4" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path
        d="M4 4V2.5A1.5 1.5 0 0 1 5.5 1h6A1.5 1.5 0 0 1 13 2.5v6A1.5 1.5 0 0 1 11.5 10H10"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
      />
    </svg>
  );
}

/** A magnifier: "look inside this layer". */
function ExplainIcon() {
  return (
    <svg width="15" height="15" viewBox="0 0 15 15" aria-hidden="true" focusable="false">
      <circle cx="6" cy="6" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M9.5 9.5 14 14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

function LayerCardImpl({ view, count, scale, onPatch, onAction }: LayerCardProps) {
  const { index, layer, issues } = view;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: layerSortId(index),
  });
  const [localProblems, setLocalProblems] = useState<Record<string, string>>({});
  const fields = layerFields(layer);
  const main = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);
  const issuesOf = (fieldId: string) => issues.filter((i) => fieldIdForIssue(fields, i.field) === fieldId);
  const cardIssues = issues.filter((i) => fieldIdForIssue(fields, i.field) === null);
  const withIssues = fields.filter((f) => issuesOf(f.id).length > 0 || localProblems[f.id]);
  const hasError = issues.some((i) => i.severity === 'error') || Object.keys(localProblems).length > 0;
  const title = displayName(layer.type);
  const label = `Layer ${index + 1}, ${title}`;

  const onLocalProblem = (fieldId: string, message: string | null): void =>
    setLocalProblems((current) => {
      if ((current[fieldId] ?? null) === message) return current;
      const next = { ...current };
      if (message === null) delete next[fieldId];
      else next[fieldId] = message;
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    // Alt+↑/↓ moves the focused layer; a select keeps Alt+↓ for opening its list.
    if (!event.altKey || (event.target as HTMLElement).tagName === 'SELECT') return;
    if (event.key === 'ArrowUp' && index > 0) onAction(index, 'move-up');
    else if (event.key === 'ArrowDown' && index < count - 1) onAction(index, 'move-down');
    else return;
    event.preventDefault();
  };

  const renderField = (f: (typeof fields)[number]) => (
    <LayerField
      key={f.id}
      layerIndex={index}
      field={f}
      issues={issuesOf(f.id)}
      onPatch={(patch) => onPatch(index, patch)}
      onLocalProblem={onLocalProblem}
    />
  );

  return (
    <li
      ref={setNodeRef}
      className={`layer-card${hasError ? ' layer-card--error' : ''}${isDragging ? ' layer-card--dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-testid={`layer-card-${index}`}
      data-layer-type={layer.type}
      aria-label={label}
      onKeyDown={onKeyDown}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="layer-card__handle"
        data-testid={`layer-${index}-handle`}
        title="Drag to reorder (or Alt+↑ / Alt+↓)"
        {...attributes}
        {...listeners}
        aria-label={`Reorder ${label}`}
      >
        <span className="layer-card__grip" aria-hidden="true">
          ⠿
        </span>
        <span className="layer-card__number" aria-hidden="true">
          {index + 1}
        </span>
      </button>
      <div className="layer-card__visual">
        <Block view={view} scale={scale} />
        <span
          className="layer-card__params"
          data-testid={`layer-${index}-params`}
          title="Parameters of this layer"
        >
          {view.params === null ? '—' : view.params.toLocaleString('en')}{' '}
          <span className="layer-card__unit">params</span>
        </span>
        <span
          className="layer-card__share"
          title="Share of the model's multiply-adds (one forward pass)"
          data-testid={`layer-${index}-compute`}
        >
          <span className="layer-card__share-bar" aria-hidden="true">
            <span style={{ width: `${Math.round((view.computeShare ?? 0) * 100)}%` }} />
          </span>
          {view.computeShare === null
            ? '—'
            : `${(view.computeShare * 100).toFixed(view.computeShare < 0.1 && view.computeShare > 0 ? 1 : 0)} %`}
          <span className="visually-hidden"> of the compute</span>
        </span>
      </div>
      <div className="layer-card__body">
        <div className="layer-card__head">
          <h3 className="layer-card__title">{title}</h3>
          {conceptOfLayer(layer) && <ConceptButton concept={conceptOfLayer(layer)!} layer={index} />}
          <span
            className="layer-card__shape mono"
            data-testid={`layer-${index}-shape`}
            title="Output shape (height×width×channels)"
          >
            → {formatDims(view.output)}
          </span>
          <div className="layer-card__actions" role="group" aria-label={`${label}: actions`}>
            {EXPLAINABLE.has(layer.type) ? (
              <button
                type="button"
                className="icon-button"
                data-testid={`explain-layer-${index}`}
                aria-label={`Explain ${label} in the convolution explorer`}
                title="Explain this layer in the convolution explorer"
                onClick={() => onAction(index, 'explain')}
              >
                <ExplainIcon />
              </button>
            ) : null}
            <button
              type="button"
              className="icon-button"
              data-testid={`layer-${index}-move-up`}
              aria-label={`Move ${label} up`}
              title="Move up (Alt+↑)"
              disabled={index === 0}
              onClick={() => onAction(index, 'move-up')}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              data-testid={`layer-${index}-move-down`}
              aria-label={`Move ${label} down`}
              title="Move down (Alt+↓)"
              disabled={index === count - 1}
              onClick={() => onAction(index, 'move-down')}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-button"
              data-testid={`layer-${index}-duplicate`}
              aria-label={`Duplicate ${label}`}
              title="Duplicate"
              onClick={() => onAction(index, 'duplicate')}
            >
              <DuplicateIcon />
            </button>
            <button
              type="button"
              className="icon-button icon-button--danger"
              data-testid={`layer-${index}-remove`}
              aria-label={`Remove ${label}`}
              title="Remove"
              onClick={() => onAction(index, 'remove')}
            >
              ✕
            </button>
          </div>
        </div>
        {fields.length ? (
          <div className="layer-card__fields">
            {main.map(renderField)}
            {advanced.length ? (
              <details className="layer-card__more">
                <summary>More</summary>
                <div className="layer-card__fields">{advanced.map(renderField)}</div>
              </details>
            ) : null}
          </div>
        ) : null}
        {withIssues.map((f) => (
          <FieldIssues
            key={f.id}
            id={`layer-${index}-${f.id}`}
            issues={issuesOf(f.id)}
            local={localProblems[f.id] ?? null}
          />
        ))}
        <FieldIssues id={`layer-${index}`} issues={cardIssues} />
      </div>
    </li>
  );
}

export const LayerCard = memo(LayerCardImpl);
