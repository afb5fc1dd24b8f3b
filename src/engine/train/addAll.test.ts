/**
 * addAll: the same sums as addN for any count of inputs, and never more than ADD_GROUP inputs to one
 * AddN kernel (the WebGPU storage-buffer limit that addN of eight gradients overran).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADD_GROUP, addAll } from './addAll';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => vi.restoreAllMocks());

describe('addAll', () => {
  it('equals addN bit for bit, from 1 to 20 inputs, and leaks nothing', () => {
    for (let n = 1; n <= 20; n++) {
      const inputs = Array.from({ length: n }, (_, i) => tf.randomUniform([3, 4], -1e3, 1e3, 'float32', 100 + i));
      const before = tf.memory().numTensors;
      const sum = addAll(inputs);
      expect(tf.memory().numTensors).toBe(before + 1);
      const expected = tf.addN(inputs);
      expect(Array.from(sum.dataSync())).toEqual(Array.from(expected.dataSync()));
      expect(sum.shape).toEqual([3, 4]);
      tf.dispose([sum, expected, ...inputs]);
    }
  });

  it('gives no AddN kernel more than ADD_GROUP inputs', () => {
    const widths: number[] = [];
    const run = tf.engine().runKernel.bind(tf.engine());
    vi.spyOn(tf.engine(), 'runKernel').mockImplementation((name, inputs, attrs) => {
      if (name === tf.AddN) widths.push(Object.keys(inputs).length);
      return run(name, inputs, attrs);
    });
    const inputs = Array.from({ length: 19 }, (_, i) => tf.scalar(i));
    const sum = addAll(inputs);
    expect(sum.dataSync()[0]).toBe((18 * 19) / 2);
    expect(widths.length).toBeGreaterThan(1);
    expect(Math.max(...widths)).toBeLessThanOrEqual(ADD_GROUP);
    tf.dispose([sum, ...inputs]);
  });

  it('refuses an empty list', () => {
    expect(() => addAll([])).toThrow(/nothing to add/);
  });
});
