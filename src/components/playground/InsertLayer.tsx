/**
 * The "+" between two columns of the picture: inserts a layer there, chosen from a short list.
 * The new layer's shapes and parameters appear at once; a trained model is only discarded after
 * the user agrees.
 */
import { useState } from 'react';
import type { LayerType } from '../../engine/spec/types';
import { useAppStore } from '../../store';
import { changeNetwork } from '../../store/playgroundBridge';
import { useControlShown } from '../share/Hideable';

const CHOICES: { type: LayerType; label: string }[] = [
  { type: 'conv2d', label: 'Convolution 3×3' },
  { type: 'maxPool2d', label: 'Max pooling 2×2' },
  { type: 'avgPool2d', label: 'Average pooling 2×2' },
  { type: 'activation', label: 'Activation (ReLU)' },
  { type: 'batchNorm', label: 'Batch normalisation' },
  { type: 'dropout', label: 'Dropout' },
  { type: 'flatten', label: 'Flatten' },
  { type: 'dense', label: 'Dense (64 units)' },
];

export function InsertLayer({ at }: { at: number }) {
  const [open, setOpen] = useState(false);
  const shown = useControlShown('editLayers');
  const insert = (type: LayerType, label: string): void => {
    setOpen(false);
    changeNetwork(`insert a ${label.toLowerCase()} layer`, () => useAppStore.getState().addLayer(type, at));
  };
  // Hidden by a classroom link: an empty gap keeps the columns where they were.
  if (!shown) return <div className="pg-insert" />;
  return (
    <div className="pg-insert">
      <button
        type="button"
        className="pg-insert__button"
        aria-expanded={open}
        aria-label={`Insert a layer at position ${at + 1}`}
        onClick={() => setOpen(!open)}
        data-testid={`pg-insert-${at}`}
      >
        +
      </button>
      {open && (
        <div
          className="pg-insert__menu"
          role="menu"
          aria-label="Layer to insert"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          {CHOICES.map((choice) => (
            <button
              key={choice.type}
              type="button"
              role="menuitem"
              className="pg-insert__item"
              onClick={() => insert(choice.type, choice.label)}
              data-testid={`pg-insert-${at}-${choice.type}`}
            >
              {choice.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
