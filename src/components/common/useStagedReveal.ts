/**
 * Reveals a view's blocks one animation frame apart when it first appears. The results panel is
 * built in the middle of a run (at the first epoch's evaluation, about 300 elements); built in one
 * frame, its style and layout take the main thread past 50 ms on a 2-core machine whose cores are
 * both training, and the charts and the live maps stutter. Built a block a frame, each frame stays
 * short. Once everything is shown, later updates render at once.
 */
import { useEffect, useState } from 'react';

/** How many of `stages` blocks to render: 0 while `active` is false, then 1, 2, … one per frame. */
export function useStagedReveal(stages: number, active: boolean): number {
  const [shown, setShown] = useState(active ? 1 : 0);

  useEffect(() => {
    if (!active) {
      setShown(0);
      return;
    }
    if (shown === 0) {
      setShown(1);
      return;
    }
    if (shown >= stages) return;
    // The next block renders after this frame has been drawn with the blocks already shown.
    const frame = requestAnimationFrame(() => setShown((n) => Math.min(stages, n + 1)));
    return () => cancelAnimationFrame(frame);
  }, [active, shown, stages]);

  return active ? Math.max(1, shown) : 0;
}
