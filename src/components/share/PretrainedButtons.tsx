/**
 * One click to a trained network: the pre-trained copies of the seed presets (public/models/),
 * opened in the worker like a dropped model file, so the picture, Inside and "explain this layer"
 * show what a trained network does before anyone presses Play.
 */
import { useAppStore } from '../../store';
import { openPretrained, PRETRAINED_MODELS } from '../../store/pretrained';
import { Hideable } from './Hideable';

export function PretrainedButtons() {
  const opening = useAppStore((s) => s.pretrainedOpening);
  const error = useAppStore((s) => s.pretrainedError);
  const engineReady = useAppStore((s) => s.engineStatus === 'ready');
  return (
    <Hideable id="pretrained">
      <div className="pretrained" role="group" aria-label="Open a trained network">
        <span className="pretrained__label">Trained:</span>
        {PRETRAINED_MODELS.map((entry) => (
          <button
            key={entry.presetId}
            type="button"
            className="button button--small pretrained__button"
            onClick={() => openPretrained(entry)}
            disabled={!engineReady || opening !== null}
            data-testid={`pretrained-${entry.presetId}`}
            title={`Open the ${entry.label} trained for ${entry.epochs} epochs (test accuracy ${(entry.testAccuracy * 100).toFixed(1)} %)`}
          >
            {opening === entry.presetId ? 'Opening…' : entry.label}
          </button>
        ))}
        {error && (
          <span className="pretrained__error" role="alert" data-testid="pretrained-error">
            {error}
          </span>
        )}
      </div>
    </Hideable>
  );
}
