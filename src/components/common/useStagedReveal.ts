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
  const [shown, setShown] = useState(0);
  // The first block shows in the same render that makes the view active.
  const visible = active ? Math.max(1, shown) : 0;

  useEffect(() => {
    if (!active) {
      setShown(0);
      return;
    }
    if (visible >= stages) return;
    // The next block renders after this frame has been drawn with the blocks already shown.
    const frame = requestAnimationFrame(() => setShown(Math.min(stages, visible + 1)));
    return () => cancelAnimationFrame(frame);
  }, [active, visible, stages]);

  return visible;
}
