/**
 * Train on some classes only ("cat vs dog"): one toggle per class of the dataset. Two or more chosen
 * make the dataset the subset of those classes (relabelled 0..k−1, their names kept), and the
 * network's head follows (see `fitSpecToDataset`); all or fewer than two mean the whole dataset.
 */
import { useState } from 'react';
import { datasetMeta, parseDatasetName, subsetName } from '../../engine/data/datasets';
import { useAppStore } from '../../store';

export function ClassFilter() {
  const dataset = useAppStore((s) => s.dataset);
  const setDataset = useAppStore((s) => s.setDataset);
  // A single class picked so far: not yet a subset, remembered here until a second one is picked.
  const [pending, setPending] = useState<number[]>([]);
  const parsed = parseDatasetName(dataset);
  if (!parsed) return null;
  const names = datasetMeta(parsed.base).classNames;
  const chosen = parsed.classes ?? pending;
  const kept = new Set(chosen);
  const toggle = (label: number): void => {
    const next = new Set(kept);
    if (next.has(label)) next.delete(label);
    else next.add(label);
    const classes = [...next].sort((a, b) => a - b);
    if (classes.length >= 2 && classes.length < names.length) {
      setPending([]);
      setDataset(subsetName(parsed.base, classes));
    } else {
      setPending(classes.length < 2 ? classes : []);
      if (parsed.classes !== null) setDataset(parsed.base);
    }
  };
  // Folded to one line by default, so the page keeps its height; open, one toggle per class.
  return (
    <details className="class-filter-box" data-testid="class-filter-box">
      <summary data-testid="class-filter-summary">
        Classes:{' '}
        {parsed.classes === null
          ? `all ${names.length}`
          : datasetMeta(dataset).classNames.join(parsed.classes.length === 2 ? ' vs ' : ', ')}
      </summary>
      <div className="class-filter" role="group" aria-label="Classes to train on" data-testid="class-filter">
        <button
          type="button"
          className="class-filter__all"
          aria-pressed={parsed.classes === null && pending.length === 0}
          onClick={() => {
            setPending([]);
            setDataset(parsed.base);
          }}
          data-testid="class-filter-all"
        >
          all {names.length}
        </button>
        {names.map((name, label) => (
          <button
            type="button"
            key={name}
            className="class-filter__class"
            aria-pressed={kept.has(label)}
            onClick={() => toggle(label)}
            data-testid={`class-filter-${label}`}
          >
            {name}
          </button>
        ))}
        <small className="class-filter__hint">
          {parsed.classes === null
            ? 'Pick two or more classes to train on those only (e.g. cat and dog).'
            : `Training on ${datasetMeta(dataset).classNames.join(', ')}, labelled 0–${parsed.classes.length - 1}.`}
        </small>
      </div>
    </details>
  );
}
