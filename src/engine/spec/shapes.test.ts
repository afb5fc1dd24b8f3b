import { describe, expect, it } from 'vitest';
import { accountSpec, summaryRows } from './accounting';
import { getPreset, PRESETS } from './presets';
import { formatShape, inferShapes, layerOutputShape, windowArithmetic } from './shapes';
import type { LayerSpec, ModelSpec } from './types';

const preset = (id: string): ModelSpec => getPreset(id)!.spec;

describe('shape arithmetic (facts from the seed articles)', () => {
  it('5×5 input, 3×3 filter, stride 1: valid gives 3×3, zero-padding by 1 gives 5×5', () => {
    expect(windowArithmetic([5, 5], [3, 3], [1, 1], 'valid').height.output).toBe(3);
    const same = windowArithmetic([5, 5], [3, 3], [1, 1], 'same');
    expect([same.height.output, same.width.output]).toEqual([5, 5]);
    expect([same.height.padBefore, same.height.padAfter]).toEqual([1, 1]);
    expect(same.textbook.height).toBe('(5 − 3 + 2·1) / 1 + 1 = 5');
  });

  it('28 → 28 (conv SAME) → 14 (max-pool 2 s2) → 14 → 7, then 7·7·64 = 3,136 values', () => {
    const shapes = inferShapes(preset('mnist-cnn-1000'));
    expect(shapes.layers.map((l) => l.output)).toEqual([[28, 28, 32], [14, 14, 32], [14, 14, 64], [7, 7, 64], [3136], [1000], [10]]);
  });

  it('max pooling 2×2 stride 2 over a zero-padded 5×5 input gives 3×3, padding the bottom/right', () => {
    const w = windowArithmetic([5, 5], [2, 2], [2, 2], 'same');
    expect([w.height.output, w.width.output]).toEqual([3, 3]);
    expect([w.height.padBefore, w.height.padAfter]).toEqual([0, 1]);
    expect(w.tensorflow.height).toBe('SAME: ceil(5 / 2) = 3; padding 0 before, 1 after');
  });

  it('SAME with an odd total padding puts the extra unit at the bottom/right', () => {
    const w = windowArithmetic([28, 28], [3, 3], [2, 2], 'same');
    expect(w.height.output).toBe(14);
    expect([w.height.padBefore, w.height.padAfter]).toEqual([0, 1]);
    const w4 = windowArithmetic([7, 7], [4, 4], [1, 1], 'same');
    expect([w4.height.padBefore, w4.height.padAfter]).toEqual([1, 2]);
  });

  it('VALID is floor((in − k) / s) + 1, shows the non-whole quotient and the rows never reached', () => {
    const w = windowArithmetic([28, 27], [3, 2], [2, 2], 'valid');
    expect([w.height.output, w.width.output]).toEqual([13, 13]);
    expect(w.height.unreached).toEqual([27]);
    expect(w.width.unreached).toEqual([26]);
    expect(w.textbook.height).toBe('(28 − 3 + 2·0) / 2 + 1 = 13.5 → 13 (not a whole number: the last 1 position never reached)');
  });

  it('handles non-square kernels and strides', () => {
    const conv: LayerSpec = { type: 'conv2d', filters: 4, kernelSize: [5, 1], strides: [1, 3], padding: 'valid', activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform' };
    expect(layerOutputShape(conv, 0, [28, 28, 1]).output).toEqual([24, 10, 4]);
  });

  it('flattening 100 channels of 2×2 gives 400 values', () => {
    expect(layerOutputShape({ type: 'flatten' }, 0, [2, 2, 100]).output).toEqual([400]);
  });

  it('reports, rather than computes, a dense layer on feature maps and a window larger than its input', () => {
    const dense = layerOutputShape({ type: 'dense', units: 10, activation: 'softmax', useBias: true, kernelInitializer: 'glorotUniform' }, 2, [7, 7, 64]);
    expect(dense.output).toBeNull();
    expect(dense.problem?.fix).toMatch(/Insert a Flatten layer before layer 3/);
    const pool = layerOutputShape({ type: 'maxPool2d', poolSize: [5, 5], strides: [1, 1], padding: 'valid' }, 4, [3, 3, 8]);
    expect(pool.output).toBeNull();
    expect(pool.problem?.field).toBe('poolSize');
    expect(formatShape([7, 7, 64])).toBe('(None, 7, 7, 64)');
  });
});

describe('accounting', () => {
  const expected: Record<string, number> = {
    tiny: 13_610,
    'fashion-mlp': 101_770,
    'fashion-cnn': 421_642,
    'mnist-cnn-1000': 3_199_106,
    'mnist-cnn-course': 3_274_634,
    'tfann-cnnc': 306_106,
    lenet5: 61_706,
    'tfann-cnnc-cifar': 370_610,
    'cifar10-cnn': 122_570,
  };
  it.each(PRESETS.map((p) => p.id))('counts the parameters of %s as seed-models.md states', (id) => {
    expect(accountSpec(preset(id))!.totalParams).toBe(expected[id]);
  });

  it('counts ≈ 4.2 M multiply-adds for the Fashion CNN, as measured in environment.md', () => {
    const acc = accountSpec(preset('fashion-cnn'))!;
    expect(acc.layers.map((l) => l.macs)).toEqual([225_792, 0, 3_612_672, 0, 0, 401_408, 1_280]);
    expect(acc.totalMacs).toBe(4_241_152);
  });

  it('tracks receptive field and jump through convolutions and pools', () => {
    const acc = accountSpec(preset('fashion-cnn'))!;
    expect(acc.layers.slice(0, 4).map((l) => [l.receptiveField[0], l.jump[0]])).toEqual([[3, 1], [4, 2], [8, 2], [10, 4]]);
    expect(acc.layers[4].global).toBe(true);
    expect(summaryRows(acc)[4].receptiveField).toBe('whole input');
    const lenet = accountSpec(preset('lenet5'))!;
    expect(lenet.layers[3].receptiveField).toEqual([16, 16]);
  });

  it('counts batch normalisation as Keras does (4 per channel, 2 trainable) and activation bytes', () => {
    const spec = preset('tiny');
    spec.layers.splice(1, 0, { type: 'batchNorm' });
    const acc = accountSpec(spec)!;
    expect(acc.layers[1].params).toBe(32);
    expect(acc.nonTrainableParams).toBe(16);
    expect(acc.layers[0].activationBytes).toBe(26 * 26 * 8 * 4);
    expect(acc.activationBytes).toBe((784 + 26 * 26 * 8 * 2 + 13 * 13 * 8 * 2 + 10) * 4);
  });

  it('returns null for a spec whose shapes fail', () => {
    const spec = preset('fashion-cnn');
    spec.layers.splice(4, 1);
    expect(accountSpec(spec)).toBeNull();
  });
});
