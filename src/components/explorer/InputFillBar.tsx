/** Quick ways to fill the input grid: small integers, a binary pattern, the sample digit, zeros. */
import type { ReactNode } from 'react';
import { SAMPLE_SIDE, type SampleImage } from '../../engine/explorer/imageKernels';
import type { ExplorerSetup } from '../../engine/explorer/setup';

interface Props {
  setup: ExplorerSetup;
  image: SampleImage;
  usingSynthetic: boolean;
  onEdit(patch: Partial<ExplorerSetup>): void;
}

/** The sample image resampled (nearest pixel) to the input size, copied into every channel. */
function imageFill(setup: ExplorerSetup, image: SampleImage): number[] {
  const values: number[] = [];
  for (let y = 0; y < setup.inputHeight; y++)
    for (let x = 0; x < setup.inputWidth; x++) {
      const sy = Math.min(SAMPLE_SIDE - 1, Math.floor(((y + 0.5) * SAMPLE_SIDE) / setup.inputHeight));
      const sx = Math.min(SAMPLE_SIDE - 1, Math.floor(((x + 0.5) * SAMPLE_SIDE) / setup.inputWidth));
      const v = Math.round((image.pixels[sy * SAMPLE_SIDE + sx] / 255) * 100) / 100;
      for (let c = 0; c < setup.inChannels; c++) values.push(v);
    }
  return values;
}

export function InputFillBar({ setup, image, usingSynthetic, onEdit }: Props): ReactNode {
  const n = setup.inputHeight * setup.inputWidth * setup.inChannels;
  const fill = (make: () => number) => onEdit({ input: Array.from({ length: n }, make) });
  return (
    <div className="xfill" role="group" aria-label="Fill the input">
      <span className="xfill__label">Fill input:</span>
      <button type="button" onClick={() => fill(() => Math.floor(Math.random() * 4))}>
        random 0–3
      </button>
      <button type="button" onClick={() => fill(() => (Math.random() < 0.5 ? 0 : 1))}>
        random 0/1
      </button>
      <button type="button" onClick={() => fill(() => Math.round((Math.random() * 4 - 2) * 10) / 10)}>
        random ±2
      </button>
      <button type="button" onClick={() => onEdit({ input: imageFill(setup, image) })} data-testid="fill-image">
        digit image
      </button>
      <button type="button" onClick={() => fill(() => 0)}>
        zeros
      </button>
      <p className="xfill__note">Digit image: {usingSynthetic ? 'a synthetic "7" (no dataset image was passed to the explorer)' : image.label}.</p>
    </div>
  );
}
