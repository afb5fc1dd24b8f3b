import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { accountSpec } from '../engine/spec/accounting';
import { defaultInsertIndex } from '../engine/spec/layer-defaults';
import type { LayerType } from '../engine/spec/types';
import { hasErrors, validateSpec } from '../engine/spec/validate';
import { createSpecSlice, type SpecSlice } from './specSlice';

const newStore = () => createStore<SpecSlice>()((...args) => createSpecSlice(...args));

describe('spec slice', () => {
  it('edits the Fashion CNN layer by layer, with undo and redo restoring the parameter count', () => {
    const store = newStore();
    store.getState().loadPreset('fashion-cnn');
    const params = () => accountSpec(store.getState().spec)?.totalParams ?? null;
    expect(params()).toBe(421_642);
    store.getState().updateLayer(0, { kernelSize: [5, 5], padding: 'valid' });
    // 24×24 → 12 → 12 → 6: 5·5·32+32 + 9·32·64+64 + 6·6·64·128+128 + 1290
    expect(params()).toBe(832 + 18_496 + 295_040 + 1_290);
    store.getState().undo();
    expect(params()).toBe(421_642);
    expect(store.getState().presetId).toBeNull();
    store.getState().redo();
    expect(params()).toBe(832 + 18_496 + 295_040 + 1_290);
  });

  it('coalesces quick edits of one field into one undo step, but not edits of different fields', () => {
    const store = newStore();
    store.getState().loadPreset('fashion-cnn');
    const before = store.getState().past.length;
    for (const filters of [1, 12, 128]) store.getState().updateLayer(0, { filters });
    expect(store.getState().past.length).toBe(before + 1);
    store.getState().updateLayer(0, { padding: 'valid' });
    expect(store.getState().past.length).toBe(before + 2);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().spec.layers[0]).toMatchObject({ filters: 32, padding: 'same' });
  });

  it('adds, duplicates, moves and removes layers', () => {
    const store = newStore();
    store.getState().loadPreset('tiny');
    const types = () => store.getState().spec.layers.map((l) => l.type);
    expect(types()).toEqual(['conv2d', 'maxPool2d', 'flatten', 'dense']);
    store.getState().duplicateLayer(0);
    expect(types()).toEqual(['conv2d', 'conv2d', 'maxPool2d', 'flatten', 'dense']);
    store.getState().moveLayer(2, 0);
    expect(types()).toEqual(['maxPool2d', 'conv2d', 'conv2d', 'flatten', 'dense']);
    store.getState().moveLayer(0, 9);
    expect(types()).toEqual(['maxPool2d', 'conv2d', 'conv2d', 'flatten', 'dense']);
    store.getState().addLayer('dropout', 4);
    expect(types()[4]).toBe('dropout');
    store.getState().removeLayer(4);
    store.getState().removeLayer(0);
    expect(types()).toEqual(['conv2d', 'conv2d', 'flatten', 'dense']);
  });

  it('adds a layer where it keeps the network valid: image layers before the Flatten, the rest before the output', () => {
    const store = newStore();
    store.getState().loadPreset('tiny');
    const types = () => store.getState().spec.layers.map((l) => l.type);
    const valid = () => !hasErrors(validateSpec(store.getState().spec));
    expect(valid()).toBe(true);
    store.getState().addLayer('conv2d');
    expect(types()).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'flatten', 'dense']);
    expect(valid()).toBe(true);
    store.getState().addLayer('maxPool2d');
    store.getState().addLayer('avgPool2d');
    expect(types()).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'avgPool2d', 'flatten', 'dense']);
    store.getState().addLayer('dense');
    expect(types()).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'avgPool2d', 'flatten', 'dense', 'dense']);
    // The output layer (10 units, softmax) stays last; the new Dense is a hidden one before it.
    expect(store.getState().spec.layers.at(-1)).toMatchObject({ type: 'dense', units: 10, activation: 'softmax' });
    store.getState().addLayer('dropout');
    expect(types().slice(-3)).toEqual(['dense', 'dropout', 'dense']);
    expect(valid()).toBe(true);
    // An explicit position is kept as given.
    store.getState().addLayer('conv2d', types().length);
    expect(types().at(-1)).toBe('conv2d');
  });

  it('adds layers in order to an empty or unfinished network', () => {
    const layers: { type: LayerType }[] = [];
    for (const type of ['conv2d', 'maxPool2d', 'flatten', 'dense'] as const) {
      layers.splice(defaultInsertIndex(layers, type), 0, { type });
    }
    expect(layers.map((l) => l.type)).toEqual(['conv2d', 'maxPool2d', 'flatten', 'dense']);
    // No Flatten yet: a conv still goes before the first Dense (a Dense straight on maps).
    expect(defaultInsertIndex([{ type: 'conv2d' }, { type: 'dense' }], 'conv2d')).toBe(1);
    // A Flatten goes before the first Dense.
    expect(defaultInsertIndex([{ type: 'conv2d' }, { type: 'dense' }, { type: 'dense' }], 'flatten')).toBe(1);
  });
});
