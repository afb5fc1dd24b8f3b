/**
 * Starts the model from a preset (every seed-article model, named after what it is) or from
 * scratch. Choosing a preset also switches to the dataset it was published on.
 */
import { PRESETS, type PresetId } from '../../engine/spec/presets';
import { useAppStore } from '../../store';

const EMPTY = 'empty';
const EDITED = '';

export function PresetPicker() {
  const presetId = useAppStore((s) => s.presetId);
  const layerCount = useAppStore((s) => s.spec.layers.length);
  const preset = PRESETS.find((p) => p.id === presetId);

  const choose = (value: string): void => {
    const state = useAppStore.getState();
    if (value === EMPTY) {
      const spec = structuredClone(state.spec);
      spec.name = 'My model';
      spec.layers = [];
      state.setSpec(spec, null);
      return;
    }
    const chosen = PRESETS.find((p) => p.id === value);
    if (!chosen) return;
    state.loadPreset(chosen.id as PresetId);
    state.setDataset(chosen.dataset);
  };

  const value = presetId ?? (layerCount === 0 ? EMPTY : EDITED);
  return (
    <div className="preset-picker">
      <label htmlFor="preset-select" className="preset-picker__label">
        Start from
      </label>
      <select id="preset-select" data-testid="preset-select" value={value} onChange={(event) => choose(event.target.value)}>
        {value === EDITED ? <option value={EDITED}>Your edited model</option> : null}
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
        <option value={EMPTY}>Empty (from scratch)</option>
      </select>
      <p className="preset-picker__note" data-testid="preset-description">
        {preset
          ? `${preset.description}${preset.publishedResult?.accuracy ? ` Published: ${(preset.publishedResult.accuracy * 100).toFixed(2)} % test accuracy after ${preset.publishedResult.epochs} epochs.` : ''}`
          : value === EMPTY
            ? 'An empty model: add layers below.'
            : 'Edited from a preset; undo goes back step by step.'}
      </p>
    </div>
  );
}
