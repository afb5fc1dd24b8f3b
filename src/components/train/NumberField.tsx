/**
 * A labelled number input that keeps what the user types locally and commits only values that pass
 * `check`, so a half-typed "0." never reaches the spec and every keystroke is not an undo step.
 * An invalid value shows its reason under the field (and in aria-describedby).
 */
import { useEffect, useId, useRef, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number | undefined;
  /** Returns a message naming the problem, or null when the value is usable. */
  check: (value: number) => string | null;
  onCommit: (value: number | undefined) => void;
  testId: string;
  step?: number | 'any';
  min?: number;
  /** Empty means "undefined" (e.g. "use all images"); the placeholder says so. */
  allowEmpty?: boolean;
  placeholder?: string;
  disabled?: boolean;
  hint?: string;
  /**
   * Told whenever the field turns invalid (with the reason) or valid again (null), and null when it
   * unmounts: an invalid field must block what would otherwise run with its last valid value.
   */
  onProblemChange?: (problem: string | null) => void;
}

export function NumberField({
  label,
  value,
  check,
  onCommit,
  testId,
  step = 'any',
  min,
  allowEmpty,
  placeholder,
  disabled,
  hint,
  onProblemChange,
}: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [problem, setProblem] = useState<string | null>(null);
  const report = useRef(onProblemChange);
  useEffect(() => {
    report.current = onProblemChange;
  });
  useEffect(() => report.current?.(problem), [problem]);
  useEffect(() => () => report.current?.(null), []);

  // Follow outside changes (a preset, undo, URL state) unless the user is mid-edit of an invalid value.
  useEffect(() => {
    setText((current) =>
      Number(current) === value || (current === '' && value === undefined)
        ? current
        : value === undefined
          ? ''
          : String(value),
    );
    setProblem(null);
  }, [value]);

  const onChange = (raw: string) => {
    setText(raw);
    if (raw.trim() === '') {
      if (allowEmpty) {
        setProblem(null);
        onCommit(undefined);
      } else setProblem(`${label} needs a value.`);
      return;
    }
    const parsed = Number(raw);
    const message = Number.isFinite(parsed) ? check(parsed) : `${label} must be a number.`;
    setProblem(message);
    if (!message && parsed !== value) onCommit(parsed);
  };

  return (
    <label className="number-field" htmlFor={id}>
      <span className="number-field__label">{label}</span>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        step={step}
        min={min}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem || hint ? `${id}-note` : undefined}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
      {(problem || hint) && (
        <span
          id={`${id}-note`}
          className={problem ? 'number-field__problem' : 'number-field__hint'}
          role={problem ? 'alert' : undefined}
        >
          {problem ?? hint}
        </span>
      )}
    </label>
  );
}
