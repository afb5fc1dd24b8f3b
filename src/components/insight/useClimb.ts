/**
 * One gradient-ascent climb as React state: start it, watch its images arrive, cancel it. A climb
 * still running when the component goes away (another channel chosen, the panel closed) is cancelled.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LookForImages, LookForStart } from '../../engine/protocol';
import { type Climb, lookFor } from '../../store/insightBridge';

export interface ClimbState {
  images: LookForImages | null;
  running: boolean;
  error: string | null;
  cancelled: boolean;
}

const IDLE: ClimbState = { images: null, running: false, error: null, cancelled: false };

export function useClimb(): [ClimbState, (layerIndex: number, units: number[], start: LookForStart) => Promise<void>, () => void] {
  const [state, setState] = useState<ClimbState>(IDLE);
  const climb = useRef<Climb | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      climb.current?.cancel();
    };
  }, []);

  const start = useCallback(async (layerIndex: number, units: number[], from: LookForStart) => {
    climb.current?.cancel();
    setState({ images: null, running: true, error: null, cancelled: false });
    const current = lookFor(layerIndex, units, from, (progress) => {
      if (mounted.current && climb.current === current) setState((s) => ({ ...s, images: progress }));
    });
    climb.current = current;
    const answer = await current.done;
    if (!mounted.current || climb.current !== current) return;
    climb.current = null;
    setState(
      typeof answer === 'string'
        ? { images: null, running: false, error: answer, cancelled: false }
        : { images: answer, running: false, error: null, cancelled: answer.cancelled },
    );
  }, []);

  const cancel = useCallback(() => climb.current?.cancel(), []);
  return [state, start, cancel];
}
