/**
 * An uploaded picture of a product, reduced to a 28×28 grey Fashion-MNIST-style image (light object
 * on black, trimmed, longest edge 28 pixels, centred) and fed to the network; for a colour dataset
 * (CIFAR-10) its centred square, shrunk to the dataset's size in colour.
 */
import { useRef, useState } from 'react';
import { fashionStyle } from '../../engine/draw/fashionStyle';
import { colourStyle } from '../../engine/draw/colourStyle';
import { datasetMeta } from '../../engine/data/datasets';
import { chooseInput, modelDataset } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import { drawImage } from '../../viz/pixels';
import { reducedMessage, unreadableMessage } from './uploadMessages';

/** Longest side the picture is decoded at: plenty for a 28×28 result, cheap to read back. */
const DECODE_SIDE = 256;

async function decode(
  file: File,
): Promise<{ rgba: Uint8ClampedArray; width: number; height: number; original: { width: number; height: number } }> {
  const bitmap = await createImageBitmap(file);
  const original = { width: bitmap.width, height: bitmap.height };
  const scale = Math.min(1, DECODE_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw the picture onto a canvas');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { rgba: context.getImageData(0, 0, width, height).data, width, height, original };
}

export function UploadInput() {
  const dataset = useAppStore(() => modelDataset());
  const { height: side, channels } = datasetMeta(dataset);
  const colour = channels === 3;
  const [status, setStatus] = useState(colour ? 'Choose a photo of one thing, filling most of the picture.' : 'Choose a photo of one product on a plain background.');
  const preview = useRef<HTMLCanvasElement | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const { rgba, width, height, original } = await decode(file);
      const prepared = colour ? colourStyle(rgba, width, height, side) : fashionStyle(rgba, width, height);
      if (preview.current) drawImage(preview.current, prepared.pixels, colour ? side : 28, colour ? side : 28, colour ? 3 : 1);
      if (prepared.problem) {
        setStatus(prepared.problem);
        return;
      }
      setStatus(reducedMessage(file.name, original.width, original.height, colour ? `${side}×${side} colour` : undefined));
      chooseInput({ kind: 'drawing', pixels: prepared.pixels });
    } catch (error) {
      setStatus(unreadableMessage(file.name, error));
    }
  };

  return (
    <div className="upload-input">
      <label className="button">
        Choose a picture…
        <input
          type="file"
          accept="image/*"
          className="visually-hidden"
          data-testid="upload-input"
          onChange={(event) => void onFile(event.target.files?.[0])}
        />
      </label>
      <canvas
        ref={preview}
        width={colour ? side : 28}
        height={colour ? side : 28}
        className="upload-input__preview"
        role="img"
        data-testid="upload-preview"
        aria-label={colour ? `The picture as the network sees it (${side}×${side} colour)` : 'The picture as the network sees it (28×28 grey)'}
      />
      <p className="panel__note" role="status">
        {status}
      </p>
    </div>
  );
}
