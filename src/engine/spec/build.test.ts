import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, layerName, layerSeed, makeOptimizer, specIndexOfLayerName } from './build';
import { LocalResponseNormalization } from './lrn-layer';
import { defaultSpec, getPreset, PRESETS } from './presets';
import type { ModelSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const EXPECTED_PARAMS: Record<string, number> = {
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

describe('buildModel', () => {
  it.each(PRESETS.map((p) => p.id))('builds preset %s with the published parameter count', (id) => {
    const model = buildModel(getPreset(id)!.spec);
    expect(model.countParams()).toBe(EXPECTED_PARAMS[id]);
    expect(model.outputs[0].shape).toEqual([null, getPreset(id)!.spec.numClasses]);
    model.dispose();
  });

  it('names every tfjs layer after its spec index', () => {
    const spec = getPreset('tfann-cnnc')!.spec;
    const model = buildModel(spec);
    const names = model.layers.map((l) => l.name);
    expect(names).toEqual(spec.layers.map((_, i) => layerName(spec, i)));
    expect(names.slice(0, 3)).toEqual(['conv2d_0', 'max_pool_1', 'lrn_2']);
    names.forEach((n, i) => expect(specIndexOfLayerName(n)).toBe(i));
    expect(specIndexOfLayerName('input')).toBeNull();
    model.dispose();
  });

  it('gives each layer its own seed and reproduces weights from the same seed', () => {
    const spec: ModelSpec = { ...defaultSpec(), layers: [{ type: 'flatten' }, ...['a', 'b'].map(() => ({
      type: 'dense' as const, units: 10, activation: 'softmax' as const, useBias: true, kernelInitializer: 'glorotUniform' as const,
    }))] };
    spec.layers[1] = { ...spec.layers[1], units: 10, activation: 'relu' } as ModelSpec['layers'][number];
    // Two identical 10×10 dense layers would draw identical kernels if they shared a seed.
    spec.inputShape = [10, 1, 1];
    const a = buildModel(spec);
    const b = buildModel(spec);
    const wa = a.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = b.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wa).toEqual(wb);
    expect(wa[2]).not.toEqual(wa[0]);
    const c = buildModel({ ...spec, training: { ...spec.training, seed: spec.training.seed + 1 } });
    expect(Array.from(c.getWeights()[0].dataSync())).not.toEqual(wa[0]);
    expect(layerSeed(1, 0)).not.toBe(layerSeed(1, 1));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('applies the L2 regulariser and the TFANN initialisers', () => {
    const spec = getPreset('tfann-cnnc')!.spec;
    const model = buildModel(spec);
    const json = model.toJSON(undefined, false) as unknown as { config: { layers: { config: Record<string, unknown> }[] } };
    const conv = json.config.layers.find((l) => l.config.name === 'conv2d_0')!.config;
    expect(conv.kernel_regularizer).toMatchObject({ class_name: 'L1L2', config: { l2: 0.05 } });
    expect(conv.kernel_initializer).toMatchObject({ class_name: 'TruncatedNormal', config: { stddev: 0.05 } });
    const denseBias = model.getLayer('dense_7').getWeights()[1];
    expect(Array.from(denseBias.dataSync()).every((v) => Math.abs(v - 0.1) < 1e-7)).toBe(true);
    model.dispose();
  });

  it('runs the LRN layer like tf.localResponseNormalization and trains through it', async () => {
    const layer = new LocalResponseNormalization({ depthRadius: 2, bias: 1, alpha: 0.5, beta: 0.75 });
    const x = tf.randomNormal([2, 4, 4, 6], 0, 1, 'float32', 7) as tf.Tensor4D;
    const y = layer.apply(x) as tf.Tensor;
    const expected = tf.localResponseNormalization(x, 2, 1, 0.5, 0.75);
    expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, y, expected]);

    const spec = defaultSpec();
    spec.layers.splice(1, 0, { type: 'lrn', depthRadius: 2, bias: 1, alpha: 1e-3, beta: 0.75 });
    const model = buildModel(spec);
    model.compile({ optimizer: makeOptimizer({ optimizer: 'adam', learningRate: 1e-3, batchSize: 4, epochs: 1, seed: 1, l2: 0 }), loss: 'categoricalCrossentropy' });
    const xs = tf.randomUniform([4, 28, 28, 1]);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
    const loss = (await model.trainOnBatch(xs, ys)) as number;
    expect(Number.isFinite(loss)).toBe(true);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('saves and loads a model with an LRN layer', async () => {
    const model = buildModel(getPreset('tfann-cnnc')!.spec);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(loaded.getLayer('lrn_2')).toBeInstanceOf(LocalResponseNormalization);
    expect(loaded.countParams()).toBe(306_106);
    const x = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 3);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('makes every optimiser', () => {
    const names = ['sgd', 'momentum', 'adam', 'rmsprop', 'adadelta'] as const;
    const classes = names.map((optimizer) => makeOptimizer({ optimizer, learningRate: 0.01, batchSize: 1, epochs: 1, seed: 0, l2: 0 }).getClassName());
    expect(classes).toEqual(['SGD', 'Momentum', 'Adam', 'RMSProp', 'Adadelta']);
  });
});
