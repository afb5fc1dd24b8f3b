import { describe, expect, it } from 'vitest';
import { defaultSetup } from './presets';
import { resizeSetup, setupWarnings, validateSetup } from './setup';

describe('validateSetup', () => {
  it('accepts the default setup', () => {
    expect(validateSetup(defaultSetup())).toEqual([]);
  });

  it('names the field and the fix for each kind of bad input', () => {
    const s = defaultSetup();
    expect(validateSetup({ ...s, inputHeight: 0 })[0]).toMatch(/Input height must be a whole number from 1 to 36 \(got 0\)/);
    expect(validateSetup({ ...s, strides: [1.5, 1] })[0]).toMatch(/Vertical stride/);
    expect(validateSetup({ ...s, padding: 5 }).join(' ')).toMatch(/from 0 to 2 \(the kernel extent − 1\)/);
    expect(validateSetup({ ...s, kernelHeight: 7, kernelWidth: 7, kernel: new Array(49).fill(0) }).join(' ')).toMatch(
      /taller than the padded input.*use 'same' padding/,
    );
    expect(validateSetup({ ...s, input: s.input.slice(1) }).join(' ')).toMatch(/holds 24 values but 5×5×1 needs 25/);
    expect(validateSetup({ ...s, bias: [] }).join(' ')).toMatch(/one bias per output channel/);
    expect(validateSetup({ ...s, input: [...s.input.slice(1), Number.NaN] }).join(' ')).toMatch(/finite/);
  });

  it('warns about what tfjs refuses without blocking it', () => {
    const s = { ...defaultSetup(), strides: [2, 2] as [number, number], dilation: [2, 1] as [number, number] };
    expect(validateSetup(s)).toEqual([]);
    expect(setupWarnings(s).join(' ')).toMatch(/refuses strides > 1 together with dilation > 1/);
  });
});

describe('resizeSetup', () => {
  it('keeps the values that still have a place and fills the new ones', () => {
    const s = defaultSetup();
    const bigger = resizeSetup(s, { inputHeight: 6, inputWidth: 7, inChannels: 2, outChannels: 3 });
    expect(validateSetup(bigger)).toEqual([]);
    expect(bigger.input[(0 * 7 + 1) * 2]).toBe(s.input[1]);
    expect(bigger.input[(5 * 7 + 6) * 2 + 1]).toBe(0);
    expect(bigger.kernel[((0 * 3 + 1) * 2 + 0) * 3 + 0]).toBe(s.kernel[1]);
    expect(bigger.bias).toEqual([0, 0, 0]);
    const pooled = resizeSetup(bigger, { op: 'maxPool' });
    expect(pooled.outChannels).toBe(2);
    expect(validateSetup(pooled)).toEqual([]);
    const back = resizeSetup(pooled, { op: 'conv' });
    expect(validateSetup(back)).toEqual([]);
  });
});
