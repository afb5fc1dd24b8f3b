/**
 * What every layer looks for, on the learner's own network: for each convolution (and the output
 * layer's classes), one gradient-ascent image per channel, computed in the worker layer after layer
 * with progress. Early layers show edges and strokes, later ones their combinations — seed 002's
 * hierarchy. Choosing a tile opens that channel up close.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LayerActivation, LookForImages } from '../../engine/protocol';
import { useAppStore } from '../../store';
import { type Climb, lookFor } from '../../store/insightBridge';
import { selectChannel } from '../../store/inspectionBridge';
import { LooksForGrid, type LooksForGridData } from '../../viz/LooksForGrid';
import { ProgressBar } from '../common/ProgressBar';
import { useViz } from '../common/useViz';
import './insight.css';

/** Most tiles per layer: a 64-filter layer shows its first 32 (the climb time grows with each). */
export const TILES_PER_LAYER = 32;

interface Row {
  position: number;
  layerIndex: number;
  title: string;
  noun: string;
  units: number[];
  total: number;
}

/** The layers worth a row: every convolution, and the last dense layer (what each class looks for). */
export function hierarchyRows(layers: LayerActivation[]): Row[] {
  const rows: Row[] = [];
  layers.forEach((layer, position) => {
    if (layer.layerType !== 'Conv2D') return;
    const total = layer.shape[layer.shape.length - 1];
    rows.push({ position, layerIndex: layer.layerIndex, title: `Layer ${layer.layerIndex + 1} (Conv2D)`, noun: 'channel', units: range(Math.min(total, TILES_PER_LAYER)), total });
  });
  const last = layers.at(-1);
  if (last && last.layerType === 'Dense') {
    const total = last.shape[0];
    rows.push({ position: layers.length - 1, layerIndex: last.layerIndex, title: `Layer ${last.layerIndex + 1} (output: one unit per class)`, noun: 'unit', units: range(Math.min(total, TILES_PER_LAYER)), total });
  }
  return rows;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function RowGrid({ row, images, selected }: { row: Row; images: LookForImages | undefined; selected: number | null }) {
  const data = useMemo<LooksForGridData>(
    () => ({ images: images?.images ?? null, shape: images?.shape ?? [1, 1, 1], units: row.units, activations: images?.activations ?? [], selected, noun: row.noun }),
    [images, row, selected],
  );
  const ref = useViz(
    (element) =>
      new LooksForGrid(element, {
        tileSize: 52,
        ariaLabel: `What each ${row.noun} of ${row.title} looks for${row.noun === 'channel' ? '; choose one to see it up close' : ''}`,
        // A dense unit has no feature map to show up close.
        ...(row.noun === 'channel' ? { onSelect: (unit: number) => selectChannel(row.position, unit) } : {}),
        testId: `hierarchy-grid-${row.layerIndex}`,
      }),
    data,
  );
  return (
    <div className="insight-hierarchy__row" data-testid="hierarchy-row">
      <h4 className="inside__subtitle">
        {row.title}
        {row.total > row.units.length ? ` — the first ${row.units.length} of ${row.total} channels` : ''}
      </h4>
      <div ref={ref} hidden={!images} />
    </div>
  );
}

export function HierarchyPanel() {
  const layers = useAppStore((s) => s.activations?.layers ?? null);
  const model = useAppStore((s) => s.currentModel);
  const selected = useAppStore((s) => s.selectedChannel);
  const rows = useMemo(() => (layers ? hierarchyRows(layers) : []), [layers]);
  const [results, setResults] = useState<Map<number, LookForImages>>(new Map());
  const [progress, setProgress] = useState<{ row: number; step: number; steps: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const climb = useRef<Climb | null>(null);
  const stopped = useRef(false);

  // A new model: the old pictures are of another network.
  useEffect(() => setResults(new Map()), [model]);
  useEffect(
    () => () => {
      stopped.current = true;
      climb.current?.cancel();
    },
    [],
  );

  const run = useCallback(async () => {
    stopped.current = false;
    setError(null);
    setResults(new Map());
    for (const [k, row] of rows.entries()) {
      if (stopped.current) break;
      setProgress({ row: k, step: 0, steps: 0 });
      const current = lookFor(row.layerIndex, row.units, { kind: 'noise' }, (images) => {
        setProgress({ row: k, step: images.step, steps: images.steps });
        setResults((r) => new Map(r).set(row.layerIndex, images));
      });
      climb.current = current;
      const answer = await current.done;
      climb.current = null;
      if (typeof answer === 'string') {
        setError(answer);
        break;
      }
      setResults((r) => new Map(r).set(row.layerIndex, answer));
      if (answer.cancelled) break;
    }
    setProgress(null);
  }, [rows]);

  const stop = (): void => {
    stopped.current = true;
    climb.current?.cancel();
  };

  if (rows.length === 0) return null;
  const running = progress !== null;
  const fraction = progress && progress.steps > 0 ? (progress.row + progress.step / progress.steps) / rows.length : progress ? progress.row / rows.length : 0;
  return (
    <section className="panel insight-hierarchy" aria-labelledby="insight-hierarchy-title" data-testid="hierarchy-panel">
      <header className="panel__header">
        <h3 id="insight-hierarchy-title">What each layer looks for</h3>
        <button type="button" className="button insight__button" disabled={running} onClick={() => void run()} data-testid="hierarchy-run">
          {results.size > 0 ? 'Make them again' : 'Show what every layer looks for'}
        </button>
        {running && (
          <button type="button" className="button button--ghost insight__button" onClick={stop} data-testid="hierarchy-cancel">
            Cancel
          </button>
        )}
      </header>
      <p className="insight__explain">
        For each channel, an image grown from grey noise by gradient ascent until the channel responds strongly. Early layers look
        for edges, strokes and blobs; later layers for combinations of them; the output layer for whole digits or garments.
      </p>
      {running && progress && (
        <ProgressBar label={`${rows[progress.row].title}: step ${progress.step} of ${progress.steps || '…'}`} value={fraction} testId="hierarchy-progress" />
      )}
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      {rows.map((row) => (
        <RowGrid key={row.layerIndex} row={row} images={results.get(row.layerIndex)} selected={selected?.layer === row.position ? selected.channel : null} />
      ))}
    </section>
  );
}
