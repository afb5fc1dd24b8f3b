/**
 * What the learner points with, so that instructions name the input they have: a finger (a coarse
 * pointer, no hover) reads "tap", a mouse reads "hover" and "click", and keys are offered only where
 * a keyboard is likely (a fine pointer). Follows changes (a tablet's keyboard cover, a mouse plugged in).
 */
import { useSyncExternalStore } from 'react';

export interface InputDevice {
  /** The main pointer is a finger. */
  touch: boolean;
  /** The main pointer can hover (a mouse, a trackpad, most pens). */
  hover: boolean;
}

const QUERIES = { touch: '(pointer: coarse)', hover: '(hover: hover)' } as const;

function matches(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

function subscribe(onChange: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => {};
  const lists = Object.values(QUERIES).map((query) => window.matchMedia(query));
  for (const list of lists) list.addEventListener('change', onChange);
  return () => {
    for (const list of lists) list.removeEventListener('change', onChange);
  };
}

// One string snapshot, so that useSyncExternalStore sees a stable value between changes.
const snapshot = (): string => `${matches(QUERIES.touch) ? 1 : 0}${matches(QUERIES.hover) ? 1 : 0}`;

export function useInputDevice(): InputDevice {
  const value = useSyncExternalStore(subscribe, snapshot, () => '01');
  return { touch: value[0] === '1', hover: value[1] === '1' };
}
