import { describe, expect, it } from 'vitest';
import { layerDragAnnouncements, layerIndexOfId, layerSortId } from './layerDrag';

describe('layer drag ids and announcements', () => {
  it('maps card ids to positions and back', () => {
    expect(layerSortId(3)).toBe('layer-3');
    expect(layerIndexOfId('layer-3')).toBe(3);
    expect(layerIndexOfId('layer-x')).toBeNull();
    expect(layerIndexOfId(7)).toBeNull();
  });

  it("speaks in the layers' names and 1-based positions", () => {
    const say = layerDragAnnouncements(['layer 1, Conv2D', 'layer 2, MaxPooling2D', 'layer 3, Dense']);
    const active = { id: 'layer-1', data: { current: undefined }, rect: { current: { initial: null, translated: null } } };
    const over = { id: 'layer-2', rect: { width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 }, disabled: false, data: { current: undefined } };
    expect(say.onDragStart({ active })).toBe('Picked up layer 2, MaxPooling2D.');
    expect(say.onDragOver({ active, over })).toBe('Layer 2, MaxPooling2D is over position 3 of 3.');
    expect(say.onDragEnd({ active, over })).toBe('Dropped layer 2, MaxPooling2D at position 3 of 3.');
    expect(say.onDragEnd({ active, over: null })).toBe('Dropped layer 2, MaxPooling2D where it was.');
    expect(say.onDragCancel({ active, over: null })).toBe('Moving layer 2, MaxPooling2D cancelled; it is back where it was.');
  });
});
