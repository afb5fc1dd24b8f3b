/**
 * One editable field of a layer card: a label, a number input or a select, and the validation
 * issues that name this field right under it (errors as alerts, with how to fix them).
 * Number inputs keep the text being typed locally, so that an empty or half-typed value never
 * reaches the spec; every complete number is applied at once, so the summary follows the typing.
 */
import { useEffect, useState } from 'react';
import type { SpecIssue } from '../../engine/spec/validate';
import type { LayerSpec } from '../../engine/spec/types';
import type { FieldDef } from './layerFields';
import { conceptOfField } from '../../teach/conceptIds';
import { ConceptButton } from '../teach/ConceptButton';

interface LayerFieldProps {
  layerIndex: number;
  field: FieldDef;
  issues: SpecIssue[];
  onPatch: (patch: Partial<LayerSpec>) => void;
  /** A problem with the typed text itself (not a number), shown by the card with the other issues. */
  onLocalProblem: (fieldId: string, message: string | null) => void;
}

/** The issues of one field (or of the whole card), errors first; `id` is the field's test id. */
export function FieldIssues({ id, issues, local }: { id: string; issues: SpecIssue[]; local?: string | null }) {
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  if (!local && issues.length === 0) return null;
  return (
    <div className="layer-field__issues" id={`${id}-issues`}>
      {local || errors.length ? (
        <p className="field-issue field-issue--error" role="alert" data-testid={`${id}-error`}>
          <span aria-hidden="true">✗ </span>
          {local ?? errors.map((e) => `${e.message} Fix: ${e.fix}`).join(' ')}
        </p>
      ) : null}
      {warnings.map((w, k) => (
        <p key={k} className="field-issue field-issue--warn" data-testid={`${id}-warning`}>
          <span aria-hidden="true">⚠ </span>
          {w.message} Fix: {w.fix}
        </p>
      ))}
    </div>
  );
}

export function LayerField({ layerIndex, field, issues, onPatch, onLocalProblem }: LayerFieldProps) {
  const id = `layer-${layerIndex}-${field.id}`;
  const [text, setText] = useState(field.value);
  const [local, setLocalState] = useState<string | null>(null);
  const setLocal = (message: string | null): void => {
    setLocalState(message);
    onLocalProblem(field.id, message);
  };
  // Follow the spec when it changes from elsewhere (undo, preset, a move that reuses this card).
  useEffect(() => {
    setText(field.value);
    setLocalState(null);
  }, [field.value]);

  const hasError = local !== null || issues.some((i) => i.severity === 'error');
  const describedBy = issues.length || local ? `${id}-issues` : undefined;
  const common = {
    id,
    'data-testid': id,
    'aria-invalid': hasError || undefined,
    'aria-describedby': describedBy,
    title: field.hint,
  };

  return (
    <div className={`layer-field${hasError ? ' layer-field--error' : ''}`}>
      <label htmlFor={id} className="layer-field__label">
        {field.label}
      </label>
      {conceptOfField(field.id, field.label) && <ConceptButton concept={conceptOfField(field.id, field.label)!} layer={layerIndex} />}
      {field.control.kind === 'select' ? (
        <select
          {...common}
          className="layer-field__control"
          value={field.value}
          onChange={(event) => {
            const patch = field.toPatch(event.target.value);
            if (patch) onPatch(patch);
          }}
        >
          {field.control.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          className={`layer-field__control layer-field__control--number${field.control.step < 0.01 ? ' layer-field__control--wide' : ''}`}
          type="number"
          inputMode="decimal"
          min={field.control.min}
          max={field.control.max}
          step={field.control.step}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            const patch = field.toPatch(event.target.value);
            if (!patch) {
              setLocal(`${field.label} needs a number. Fix: type a value from ${field.control.kind === 'number' ? `${field.control.min} to ${field.control.max}` : 'the list'}.`);
              return;
            }
            setLocal(null);
            onPatch(patch);
          }}
          onBlur={() => {
            if (local) {
              setText(field.value);
              setLocal(null);
            }
          }}
        />
      )}
    </div>
  );
}
