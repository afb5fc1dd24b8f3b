/**
 * Drawing your own digit: the pad, a brush size, clear, and the 28×28 image the network actually
 * sees after MNIST-style pre-processing. Classified live while drawing (the bridge keeps at most one
 * request in flight and coalesces the rest).
 */
import { useEffect, useRef, useState } from 'react';
import { mnistStyle } from '../../engine/draw/mnistStyle';
import { chooseInput, clearDrawing } from '../../store/inspectionBridge';
import { DrawingPad } from '../../viz/DrawingPad';
import { drawGrey } from '../../viz/pixels';
import { useViz } from '../common/useViz';

export function DrawInput() {
  const [brush, setBrush] = useState(22);
  const [problem, setProblem] = useState<string | null>('The pad is empty: draw a digit.');
  const preview = useRef<HTMLCanvasElement | null>(null);
  const padRef = useRef<DrawingPad | null>(null);

  const ref = useViz(
    (element) => {
      const pad = new DrawingPad(element, {
        onChange: (raster, width, height) => {
          const prepared = mnistStyle(raster, width, height);
          if (preview.current) drawGrey(preview.current, prepared.pixels, 28, 28);
          setProblem(prepared.problem);
          if (!prepared.problem) chooseInput({ kind: 'drawing', pixels: prepared.pixels });
          else clearDrawing();
        },
      });
      padRef.current = pad;
      return pad;
    },
    { brush },
  );

  useEffect(() => {
    if (preview.current) drawGrey(preview.current, new Float32Array(784), 28, 28);
  }, []);

  return (
    <div className="draw-input">
      <div ref={ref} className="draw-input__pad" />
      <div className="draw-input__side">
        <figure className="draw-input__preview">
          <canvas
            ref={preview}
            width={28}
            height={28}
            data-testid="draw-preview"
            role="img"
            aria-label="What the network sees: your drawing centred and scaled to 28×28"
          />
          <figcaption className="panel__note">
            What the network sees (28×28, centred by mass, fitted in 20×20)
          </figcaption>
        </figure>
        <label className="draw-input__brush">
          Brush {brush}px
          <input
            type="range"
            min={8}
            max={40}
            step={1}
            value={brush}
            onChange={(event) => setBrush(Number(event.target.value))}
            data-testid="brush-size"
          />
        </label>
        <button
          type="button"
          className="button"
          data-testid="draw-clear"
          onClick={() => {
            padRef.current?.clear();
            clearDrawing();
          }}
        >
          Clear
        </button>
        <p className="panel__note" role="status" data-testid="draw-status">
          {problem ?? 'Classified live as you draw.'}
        </p>
      </div>
    </div>
  );
}
