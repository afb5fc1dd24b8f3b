import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../spec/build';
import { getPreset } from '../spec/presets';
import type { ModelSpec } from '../spec/types';
import { softmaxHead, trainingForward } from './objective';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A dense softmax classifier on 4 inputs whose unit-normal ×50 weights saturate the softmax. */
function saturated(head: 'dense' | 'activation'): ModelSpec {
  const spec = getPreset('tiny')!.spec;
  const last = { type: 'dense', units: 3, activation: head === 'dense' ? 'softmax' : 'linear', useBias: true, kernelInitializer: 'randomNormal', initStddev: 50 } as const;
  return {
    ...spec,
    inputShape: [2, 2, 1],
    numClasses: 3,
    layers: [{ type: 'flatten' }, last, ...(head === 'activation' ? [{ type: 'activation', activation: 'softmax' } as const] : [])],
  };
}

describe('training takes the cross-entropy from the logits behind a softmax', () => {
  it('names the head', () => {
    expect(softmaxHead(saturated('dense'))).toBe('dense');
    expect(softmaxHead(saturated('activation'))).toBe('activation');
    expect(softmaxHead({ ...saturated('dense'), layers: [{ type: 'flatten' }, { type: 'dense', units: 3, activation: 'linear', useBias: true, kernelInitializer: 'glorotUniform' }] })).toBe('none');
  });

  it.each(['dense', 'activation'] as const)('a saturated %s softmax still has a gradient, and the loss equals the exact cross-entropy', (head) => {
    const spec = saturated(head);
    const model = buildModel(spec);
    // Inputs of unit size: the logits differ by tens, so the softmax is 0 or 1 to float precision.
    const images = tf.tensor4d([1, -1, 1, -1, -1, 1, -1, 1, 1, 1, -1, -1], [3, 2, 2, 1]);
    const labels = tf.tensor1d([0, 1, 2], 'int32');
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.mean(trainingForward(model, softmaxHead(spec), images, labels, 3, true).crossEntropy) as tf.Scalar, variables);
    // The exact value: logsumexp(z) − z_label on the raw scores.
    const logits = tf.tidy(() => {
      const dense = model.layers[1];
      const [kernel, bias] = dense.getWeights();
      return tf.add(tf.matMul(tf.reshape(images, [3, 4]), kernel), bias);
    });
    const exact = tf.tidy(() => tf.mean(tf.sub(tf.logSumExp(logits, -1), tf.sum(tf.mul(logits, tf.oneHot(labels, 3)), -1))));
    expect(value.dataSync()[0]).toBeCloseTo(exact.dataSync()[0], 3);
    // Far beyond the clip: the clipped log would stop at −log(1e-7) ≈ 16.1 and give no gradient.
    const gradientSize = Object.values(grads).reduce((sum, g) => sum + tf.sum(tf.abs(g)).dataSync()[0], 0);
    expect(gradientSize).toBeGreaterThan(0.1);
    tf.dispose([images, labels, value, logits, exact, ...Object.values(grads)]);
    model.dispose();
  });

  it('the scores rank classes as the model output does', () => {
    const spec = getPreset('tiny')!.spec;
    const model = buildModel(spec);
    const images = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3);
    const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
    const { scores } = trainingForward(model, softmaxHead(spec), images, labels, 10, false);
    const output = model.predict(images) as tf.Tensor;
    expect(Array.from(tf.argMax(scores, -1).dataSync())).toEqual(Array.from(tf.argMax(output, -1).dataSync()));
    expect(Array.from(tf.softmax(scores).dataSync()).map((v) => v.toFixed(5))).toEqual(Array.from(output.dataSync()).map((v) => v.toFixed(5)));
    tf.dispose([images, labels, scores, output]);
    model.dispose();
  });
});
