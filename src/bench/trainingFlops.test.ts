import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../engine/spec/build';
import { getPreset } from '../engine/spec/presets';
import { multiplyAdds, trainingFlopsPerExample } from './trainingFlops';

describe('trainingFlopsPerExample', () => {
  it('counts the Fashion CNN of seed 001 as ≈ 25 MFLOP (the figure of issue 16), by hand', async () => {
    await tf.setBackend('cpu');
    const model = buildModel(getPreset('fashion-cnn')!.spec);
    const conv1 = 28 * 28 * 3 * 3 * 1 * 32;
    const conv2 = 14 * 14 * 3 * 3 * 32 * 64;
    const dense1 = 7 * 7 * 64 * 128;
    const dense2 = 128 * 10;
    expect(trainingFlopsPerExample(model)).toBe(2 * (2 * conv1 + 3 * (conv2 + dense1 + dense2)));
    expect(trainingFlopsPerExample(model) / 1e6).toBeCloseTo(25.0, 1);
    model.dispose();
  });

  it('gives layers without products nothing', () => {
    expect(multiplyAdds({ className: 'MaxPooling2D', kernelShape: null, outputShape: [null as never, 14, 14, 32] })).toBe(0);
    expect(multiplyAdds({ className: 'Dense', kernelShape: [3136, 128], outputShape: [null as never, 128] })).toBe(401408);
  });
});
