/**
 * Choosing a test image: browse by class (a strip of that class's images), step through indices, or
 * jump to the next image the model gets wrong.
 */
import { useEffect, useMemo, useState } from 'react';
import { datasetMeta, imageAt } from '../../engine/data/datasets';
import { chooseInput, fetchTestImages, modelDataset, nextMisclassified } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import { ImageGrid, type ImageGridItem } from '../../viz/ImageGrid';
import { useViz } from '../common/useViz';

/** How many leading test images are browsed by class. */
const BROWSE = 600;
const PER_CLASS = 12;

/** "7" for a digit, "7 · Sneaker" for a named class, as in the class menu. */
function className(names: string[], index: number): string {
  const name = names[index] ?? String(index);
  return name === String(index) ? name : `${index} · ${name}`;
}

export function TestImagePicker() {
  const input = useAppStore((s) => s.inspectionInput);
  const dataset = useAppStore(() => modelDataset());
  const classNames = datasetMeta(dataset).classNames;
  const [pool, setPool] = useState<{
    dataset: string;
    images: Uint8Array;
    labels: Uint8Array;
    indices: number[];
  } | null>(null);
  // null: follow the class of the test image on show (test image #0 is a 7: the strip shows 7s).
  const [chosenClass, setChosenClass] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    let live = true;
    void fetchTestImages(Array.from({ length: BROWSE }, (_, i) => i)).then((answer) => {
      if (!live) return;
      if (typeof answer === 'string') setMessage(answer);
      else setPool({ dataset, ...answer });
    });
    return () => {
      live = false;
    };
  }, [dataset]);

  const shownLabel = useMemo(() => {
    if (input.kind !== 'test') return null;
    if (input.label !== undefined) return input.label;
    const k = pool && pool.dataset === dataset ? pool.indices.indexOf(input.index) : -1;
    return k >= 0 && pool ? pool.labels[k] : null;
  }, [input, pool, dataset]);
  const cls = chosenClass ?? shownLabel ?? 0;

  const items = useMemo<ImageGridItem[]>(() => {
    if (!pool || pool.dataset !== dataset) return [];
    const out: ImageGridItem[] = [];
    for (let k = 0; k < pool.indices.length && out.length < PER_CLASS; k++) {
      if (pool.labels[k] !== cls) continue;
      const index = pool.indices[k];
      out.push({
        index,
        ...imageAt(dataset, pool.images, k),
        caption: `#${index}`,
        data: { testid: 'browse-image', label: String(cls) },
      });
    }
    return out;
  }, [pool, cls, dataset]);

  const ref = useViz(
    (element) =>
      new ImageGrid(element, {
        itemSize: 48,
        ariaLabel: 'Test images of the chosen class',
        onSelect: (item) => chooseInput({ kind: 'test', index: item.index, label: Number(item.data?.label) }),
      }),
    items,
  );

  const index = input.kind === 'test' ? input.index : 0;
  const step = (delta: number) => {
    const next = Math.max(0, index + delta);
    const k = pool?.indices.indexOf(next) ?? -1;
    chooseInput({ kind: 'test', index: next, ...(k >= 0 && pool ? { label: pool.labels[k] } : {}) });
  };

  return (
    <div className="test-picker">
      <div className="test-picker__row">
        <label className="test-picker__field">
          Class{' '}
          <select
            value={cls}
            onChange={(event) => setChosenClass(Number(event.target.value))}
            data-testid="browse-class"
          >
            {classNames.map((name, i) => (
              <option key={name} value={i}>
                {className(classNames, i)}
              </option>
            ))}
          </select>
        </label>
        <span className="test-picker__index mono" data-testid="inspect-index">
          {input.kind === 'test' ? `test image #${input.index}` : 'your drawing'}
        </span>
      </div>
      <div className="test-picker__row">
        <button
          type="button"
          className="button"
          onClick={() => step(-1)}
          disabled={input.kind === 'test' && index === 0}
          aria-label="Previous test image"
        >
          ‹
        </button>
        <button type="button" className="button" onClick={() => step(1)} aria-label="Next test image">
          ›
        </button>
        <button
          type="button"
          className="button"
          data-testid="next-wrong"
          disabled={searching}
          onClick={() => {
            setSearching(true);
            setMessage(null);
            void nextMisclassified().then((result) => {
              setMessage(result);
              setSearching(false);
            });
          }}
        >
          {searching ? 'Searching…' : 'Next misclassified'}
        </button>
      </div>
      <div ref={ref} className="test-picker__strip" data-testid="browse-strip" />
      <p className="panel__note test-picker__message" role="status">
        {message ??
          (items.length === 0
            ? 'Loading test images…'
            : `The first ${items.length} test images of class ${className(classNames, cls)} among test images 0–${BROWSE - 1}: choose one.`)}
      </p>
    </div>
  );
}
