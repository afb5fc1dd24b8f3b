/**
 * Every field of one layer, edited in place on the picture (the builder's own field controls and
 * their validation messages), opened by a click on the column's name. Each change shows its new
 * shape and parameters in the column at once, and asks before it discards a trained model.
 */
import { useEffect, useRef, useState } from 'react';
import type { LayerSpec } from '../../engine/spec/types';
import { useAppStore } from '../../store';
import { changeNetwork } from '../../store/playgroundBridge';
import { FieldIssues, LayerField } from '../builder/LayerField';
import { fieldIdForIssue, layerFields } from '../builder/layerFields';
import type { LayerView } from '../builder/specAnalysis';
import { columnName } from './columnText';

export function ColumnEditor({ view }: { view: LayerView }) {
  const { index, layer, issues } = view;
  const [local, setLocal] = useState<Record<string, string>>({});
  const root = useRef<HTMLDivElement>(null);
  const fields = layerFields(layer);
  const close = (): void => useAppStore.getState().setEditingLayer(null);

  useEffect(() => {
    root.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, []);

  const patch = (change: Partial<LayerSpec>): void =>
    changeNetwork(`change layer ${index + 1} (${columnName(layer)})`, () => useAppStore.getState().updateLayer(index, change));

  const unplaced = issues.filter((issue) => fieldIdForIssue(fields, issue.field) === null);
  return (
    <div
      ref={root}
      id={`pg-editor-${index}`}
      className="pg-editor"
      role="dialog"
      aria-label={`Edit layer ${index + 1}, ${columnName(layer)}`}
      data-testid={`pg-editor-${index}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          close();
        }
      }}
    >
      {fields.length === 0 && <p className="pg-editor__note">This layer has no settings.</p>}
      {fields.map((field) => (
        <div key={field.id} className="pg-editor__field">
          <LayerField
            layerIndex={index}
            field={field}
            issues={issues.filter((issue) => fieldIdForIssue(fields, issue.field) === field.id)}
            onPatch={patch}
            onLocalProblem={(id, message) =>
              setLocal((current) => {
                const next = { ...current };
                if (message) next[id] = message;
                else delete next[id];
                return next;
              })
            }
          />
          <FieldIssues
            id={`layer-${index}-${field.id}`}
            issues={issues.filter((issue) => fieldIdForIssue(fields, issue.field) === field.id)}
            local={local[field.id] ?? null}
          />
        </div>
      ))}
      <FieldIssues id={`layer-${index}-card`} issues={unplaced} />
      <button type="button" className="button pg-editor__done" onClick={close} data-testid={`pg-editor-done-${index}`}>
        Done
      </button>
    </div>
  );
}
