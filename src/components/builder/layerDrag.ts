/**
 * What @dnd-kit needs to reorder the layer cards: an id per card, and what a screen reader hears
 * while a layer is dragged (in the layers' names and 1-based positions, not dnd-kit's "draggable
 * item layer-3"). Pure functions, so that the wording is tested without a browser.
 */
import type { Announcements, ScreenReaderInstructions, UniqueIdentifier } from '@dnd-kit/core';

/** A card's id: its position (layers have no id of their own; the list re-keys after each move). */
export function layerSortId(index: number): string {
  return `layer-${index}`;
}

/** The position a card id stands for, or null for an id that is not a card's. */
export function layerIndexOfId(id: UniqueIdentifier): number | null {
  const match = /^layer-(\d+)$/.exec(String(id));
  return match ? Number(match[1]) : null;
}

export const layerDragInstructions: ScreenReaderInstructions = {
  draggable:
    'To move this layer, press Space or Enter, then the up and down arrows; Space or Enter again drops it, Escape puts it back. Alt with an arrow key also moves the layer.',
};

/** `names[i]`: how layer i is named to the listener, e.g. "layer 2, MaxPooling2D". */
export function layerDragAnnouncements(names: string[]): Announcements {
  const name = (id: UniqueIdentifier | undefined): string => {
    const index = id === undefined ? null : layerIndexOfId(id);
    return index !== null && names[index] ? names[index] : 'the layer';
  };
  const position = (id: UniqueIdentifier): string => {
    const index = layerIndexOfId(id);
    return index === null ? '' : `position ${index + 1} of ${names.length}`;
  };
  return {
    onDragStart: ({ active }) => `Picked up ${name(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${capitalise(name(active.id))} is over ${position(over.id)}.` : `${capitalise(name(active.id))} is no longer over the list.`,
    onDragEnd: ({ active, over }) =>
      over ? `Dropped ${name(active.id)} at ${position(over.id)}.` : `Dropped ${name(active.id)} where it was.`,
    onDragCancel: ({ active }) => `Moving ${name(active.id)} cancelled; it is back where it was.`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
