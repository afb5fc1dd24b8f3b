/**
 * Test images (pixels and labels) fetched from the worker by index, for the prediction grid and the
 * confusion-matrix cells. Answers are cached per dataset for the life of the component.
 */
import { useEffect, useMemo, useState } from 'react';
import { imageAt, type SizedImage } from '../../engine/data/datasets';
import type { DatasetName } from '../../engine/spec/types';
import { engine } from '../../store/engineBridge';

export interface TestImage extends SizedImage {
  label: number;
}

/** The images of `indices` that have arrived so far, and an error message if fetching failed. */
export function useTestImages(
  dataset: DatasetName | null,
  indices: readonly number[],
): { images: Map<number, TestImage>; error: string | null } {
  const [cache, setCache] = useState<ReadonlyMap<string, TestImage>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const key = indices.join(',');

  useEffect(() => {
    if (!dataset) return;
    const missing = indices.filter((i) => !cache.has(`${dataset}:${i}`));
    if (missing.length === 0) return;
    let cancelled = false;
    engine()
      .request({ type: 'samples', dataset, split: 'test', indices: missing })
      .then((answer) => {
        if (cancelled) return;
        setError(null);
        setCache((previous) => {
          const next = new Map(previous);
          answer.indices.forEach((index, k) => {
            const image = imageAt(dataset, answer.images, k);
            next.set(`${dataset}:${index}`, { ...image, pixels: image.pixels.slice(), label: answer.labels[k] });
          });
          return next;
        });
      })
      .catch((reason: unknown) => {
        if (!cancelled) setError(reason instanceof Error ? reason.message : String(reason));
      });
    return () => {
      cancelled = true;
    };
    // `key` stands for `indices` (often a new array with the same content); the cache is read, not
    // followed: a new answer must not trigger another request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataset, key]);

  const images = useMemo(() => {
    const found = new Map<number, TestImage>();
    if (!dataset) return found;
    for (const i of key ? key.split(',').map(Number) : []) {
      const image = cache.get(`${dataset}:${i}`);
      if (image) found.set(i, image);
    }
    return found;
  }, [cache, dataset, key]);
  return { images, error };
}
