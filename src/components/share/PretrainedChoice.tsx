/**
 * One choice to a trained network: the network picker lists the pre-trained copies of the seed
 * presets (public/models/) in their own group; picking one opens it in the worker like a dropped
 * model file, so the picture, Inside and "explain this layer" show what a trained network does
 * before anyone presses Play. While it opens (and if it fails) the line under the picker says so.
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../../store';
import { openPretrained, PRETRAINED_MODELS } from '../../store/pretrained';
import { useControlShown } from './Hideable';

const PREFIX = 'trained:';

/** The picker's group of trained networks (nothing when a classroom link hides them). */
export function PretrainedOptions() {
  const shown = useControlShown('pretrained');
  if (!shown) return null;
  return (
    <optgroup label="Trained (opens at once)">
      {PRETRAINED_MODELS.map((entry) => (
        <option key={entry.presetId} value={`${PREFIX}${entry.presetId}`} data-testid={`pretrained-${entry.presetId}`}>
          {entry.label}, trained ({(entry.testAccuracy * 100).toFixed(1)} %)
        </option>
      ))}
    </optgroup>
  );
}

/** Opens the trained network a picker value names; false when the value is a plain preset. */
export function choosePretrained(value: string): boolean {
  if (!value.startsWith(PREFIX)) return false;
  const entry = PRETRAINED_MODELS.find((m) => `${PREFIX}${m.presetId}` === value);
  if (entry) openPretrained(entry);
  return true;
}

/** The line under the picker: "Opening…" or the reason it failed, else what it was given. */
export function PretrainedStatus({ children }: { children: ReactNode }) {
  const opening = useAppStore((s) => s.pretrainedOpening);
  const error = useAppStore((s) => s.pretrainedError);
  const entry = PRETRAINED_MODELS.find((m) => m.presetId === opening);
  if (entry) return <span data-testid="pretrained-status">Opening the trained {entry.label}…</span>;
  if (error)
    return (
      <span className="pretrained__error" role="alert" data-testid="pretrained-error" title={error}>
        {error}
      </span>
    );
  return <>{children}</>;
}
