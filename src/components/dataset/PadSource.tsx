/**
 * Drawing pictures for a class on the pad: draw, see what the network will see (for 28×28 grey the
 * MNIST treatment: fitted in 20×20 and centred by mass; for colour the centre square, white on
 * black), then add it to a class with one button per class. The pad clears for the next drawing.
 */
import { useRef, useState } from 'react';
import type { CustomDataset, ImageShape } from '../../engine/data/customDataset';
import { reduceGrey } from '../../engine/data/customImage';
import { mnistStyle } from '../../engine/draw/mnistStyle';
import { addClassImages } from '../../store/customDatasets';
import { DrawingPad } from '../../viz/DrawingPad';
import { useViz } from '../common/useViz';
import { drawImage } from './ImageThumb';

function prepare(raster: Float32Array, width: number, height: number, shape: ImageShape): { image: Uint8Array; problem: string | null } {
  if (shape.channels === 1 && shape.width === 28) {
    const prepared = mnistStyle(raster, width, height);
    return { image: Uint8Array.from(prepared.pixels, (v) => Math.round(v * 255)), problem: prepared.problem };
  }
  const empty = !raster.some((v) => v > 0.05);
  return { image: reduceGrey(raster, width, height, shape), problem: empty ? 'The pad is empty: draw something.' : null };
}

export function PadSource({ dataset }: { dataset: CustomDataset }) {
  const preview = useRef<HTMLCanvasElement | null>(null);
  const padRef = useRef<DrawingPad | null>(null);
  const last = useRef<Uint8Array | null>(null);
  const [problem, setProblem] = useState<string | null>('The pad is empty: draw something.');
  const shape: ImageShape = { height: dataset.height, width: dataset.width, channels: dataset.channels };
  const shapeRef = useRef(shape);
  shapeRef.current = shape;

  const ref = useViz(
    (element) => {
      const pad = new DrawingPad(element, {
        size: 280,
        ariaLabel: 'Drawing pad: draw a picture for one of your classes',
        onChange: (raster, width, height) => {
          const { image, problem: issue } = prepare(raster, width, height, shapeRef.current);
          last.current = issue ? null : image;
          setProblem(issue);
          if (preview.current) drawImage(preview.current, image, shapeRef.current);
        },
      });
      padRef.current = pad;
      return pad;
    },
    { brush: 22 },
  );

  const add = (classIndex: number) => {
    if (!last.current) return;
    addClassImages(classIndex, [last.current]);
    last.current = null;
    padRef.current?.clear();
  };

  return (
    <div className="own-source own-pad" data-testid="own-pad">
      <div className="own-source__view">
        <div ref={ref} className="own-pad__pad" />
        <figure className="own-source__preview">
          <canvas ref={preview} className="own-thumb own-thumb--large" role="img" aria-label="What the network will see of your drawing" />
          <figcaption className="panel__note">What the network sees</figcaption>
        </figure>
      </div>
      <div className="own-source__targets" role="group" aria-label="Add the drawing to a class">
        {dataset.classNames.map((name, c) => (
          <button key={c} type="button" className="button" onClick={() => add(c)} disabled={problem !== null} data-testid={`own-pad-add-${c}`}>
            Add to “{name}”
          </button>
        ))}
        <button type="button" className="button button--ghost" onClick={() => padRef.current?.clear()}>
          Clear
        </button>
      </div>
      <p className="panel__note" role="status">
        {problem ?? 'Press a class to add the drawing to it.'}
      </p>
    </div>
  );
}
