/** One image of a custom dataset at the network's own resolution (28×28 grey or 32×32 colour). */
import { useEffect, useRef } from 'react';
import type { ImageShape } from '../../engine/data/customDataset';

export function drawImage(canvas: HTMLCanvasElement, pixels: Uint8Array, shape: ImageShape): void {
  canvas.width = shape.width;
  canvas.height = shape.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(shape.width, shape.height);
  for (let p = 0; p < shape.width * shape.height; p++) {
    const r = pixels[p * shape.channels];
    const g = shape.channels === 3 ? pixels[p * 3 + 1] : r;
    const b = shape.channels === 3 ? pixels[p * 3 + 2] : r;
    image.data.set([r, g, b, 255], p * 4);
  }
  context.putImageData(image, 0, 0);
}

export function ImageThumb({ pixels, shape, label, className = 'own-thumb' }: { pixels: Uint8Array; shape: ImageShape; label: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (ref.current) drawImage(ref.current, pixels, shape);
  }, [pixels, shape]);
  return <canvas ref={ref} className={className} role="img" aria-label={label} width={shape.width} height={shape.height} />;
}
