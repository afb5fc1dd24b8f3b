/**
 * Mounts a framework-free viz class on a wrapper element that React owns: the class is constructed in
 * an effect, updated when its data changes, and destroyed in the cleanup. React never renders inside
 * the element the viz class owns.
 */
import { type RefObject, useEffect, useRef } from 'react';

export interface Viz<D> {
  update(data: D): void;
  destroy(): void;
}

export function useViz<D, V extends Viz<D>>(create: (element: HTMLElement) => V, data: D): RefObject<HTMLDivElement | null> {
  const ref = useRef<HTMLDivElement | null>(null);
  const vizRef = useRef<V | null>(null);
  const createRef = useRef(create);
  createRef.current = create;

  useEffect(() => {
    if (!ref.current) return;
    const viz = createRef.current(ref.current);
    vizRef.current = viz;
    return () => {
      viz.destroy();
      vizRef.current = null;
    };
  }, []);

  useEffect(() => {
    vizRef.current?.update(data);
  }, [data]);

  return ref;
}
