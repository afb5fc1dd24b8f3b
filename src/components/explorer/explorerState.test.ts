import { describe, expect, it } from 'vitest';
import { explorerReducer, initialState } from './explorerState';
import { defaultSetup } from '../../engine/explorer/presets';

describe('explorer panel state', () => {
  it('the issue journey: 7×7 input, 3×3 kernel, stride 2, valid → 3×3; same → 4×4 with a ring', () => {
    let s = initialState(defaultSetup());
    s = explorerReducer(s, { type: 'edit', patch: { inputHeight: 7 } });
    s = explorerReducer(s, { type: 'edit', patch: { inputWidth: 7 } });
    s = explorerReducer(s, { type: 'edit', patch: { strides: [2, 2] } });
    expect(s.errors).toEqual([]);
    expect([s.result.geometry.outHeight, s.result.geometry.outWidth]).toEqual([3, 3]);
    s = explorerReducer(s, { type: 'edit', patch: { padding: 'same' } });
    expect([s.result.geometry.outHeight, s.result.geometry.rows.padBefore, s.result.geometry.rows.padAfter]).toEqual([4, 1, 1]);
  });

  it('an invalid edit keeps drawing the last valid setup and says what is wrong', () => {
    let s = initialState(defaultSetup());
    s = explorerReducer(s, { type: 'edit', patch: { inputHeight: Number.NaN } });
    expect(s.errors[0]).toMatch(/Input height must be a whole number/);
    expect(s.valid.inputHeight).toBe(5);
    s = explorerReducer(s, { type: 'edit', patch: { inputHeight: 9 } });
    expect(s.errors).toEqual([]);
    expect(s.valid.input).toHaveLength(9 * 5);
  });

  it('steps, seeks and plays within bounds', () => {
    let s = initialState(defaultSetup());
    s = explorerReducer(s, { type: 'step', delta: -5 });
    expect(s.step).toBe(-1);
    s = explorerReducer(s, { type: 'seek', step: 100 });
    expect(s.step).toBe(8);
    s = explorerReducer(s, { type: 'play' });
    expect([s.playing, s.step]).toEqual([true, -1]);
    for (let i = 0; i < 20; i++) s = explorerReducer(s, { type: 'tick' });
    expect([s.playing, s.step]).toEqual([false, 8]);
  });

  it('loads presets by id and refuses unknown ones with a message', () => {
    let s = initialState(defaultSetup());
    s = explorerReducer(s, { type: 'preset', id: 'maxpool-2x2' });
    expect(s.valid.op).toBe('maxPool');
    s = explorerReducer(s, { type: 'preset', id: 'nope' });
    expect(s.errors[0]).toMatch(/no preset "nope"/);
    expect(s.valid.op).toBe('maxPool');
  });
});
