/**
 * A segmented control: a radio group drawn as joined buttons (dataset, input mode, colour scale,
 * filters now / at initialisation). Native radios keep it keyboard-operable with arrow keys.
 */
export interface SegmentedOption<K extends string> {
  key: K;
  label: string;
  disabled?: boolean;
  testId?: string;
}

export function Segmented<K extends string>(props: {
  name: string;
  label: string;
  options: readonly SegmentedOption<K>[];
  value: K;
  onChange: (key: K) => void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={props.label}>
      {props.options.map((option) => (
        <label key={option.key} className={`segmented__option${option.key === props.value ? ' segmented__option--on' : ''}`}>
          <input
            type="radio"
            name={props.name}
            value={option.key}
            checked={option.key === props.value}
            disabled={option.disabled}
            onChange={() => props.onChange(option.key)}
            data-testid={option.testId}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}
