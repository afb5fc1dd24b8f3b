import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountSpec } from './accounting';
import { buildModel } from './build';
import { FILE_METADATA_KEY, kerasJsonToSpec, specToKerasJson } from './keras-json';
import { hasErrors } from './issues';
import { getPreset, PRESET_WARNINGS, PRESETS } from './presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What Python tf.keras 2.x writes for the Fashion-MNIST MLP of seed 001 (model.to_json()). */
const PY_KERAS2_MLP = {
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    layers: [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, 28, 28], dtype: 'float32', sparse: false, ragged: false, name: 'flatten_input' } },
      { class_name: 'Flatten', config: { name: 'flatten', trainable: true, dtype: 'float32', batch_input_shape: [null, 28, 28], data_format: 'channels_last' } },
      {
        class_name: 'Dense',
        config: {
          name: 'dense', trainable: true, dtype: 'float32', units: 128, activation: 'relu', use_bias: true,
          kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
          bias_initializer: { class_name: 'Zeros', config: {} },
          kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
        },
      },
      { class_name: 'Dropout', config: { name: 'dropout', trainable: true, dtype: 'float32', rate: 0.2, noise_shape: null, seed: null } },
      {
        class_name: 'Dense',
        config: { name: 'dense_1', trainable: true, dtype: 'float32', units: 10, activation: 'softmax', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} } },
      },
    ],
  },
  keras_version: '2.15.0',
  backend: 'tensorflow',
};

/** Keras 3 style: batch_shape, module/registered_name wrappers, a functional chain. */
const PY_KERAS3_CNN = {
  module: 'keras', class_name: 'Functional', registered_name: 'Functional',
  config: {
    name: 'functional',
    layers: [
      { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 28, 28, 1], dtype: 'float32', name: 'input_layer' }, inbound_nodes: [] },
      {
        module: 'keras.layers', class_name: 'Conv2D', registered_name: null,
        config: {
          name: 'conv2d', filters: 32, kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'relu', use_bias: true,
          kernel_initializer: { module: 'keras.initializers', class_name: 'HeNormal', config: { seed: null }, registered_name: null },
          bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
          kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.001 }, registered_name: null },
        },
        inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 28, 28, 1], keras_history: ['input_layer', 0, 0] } }], kwargs: {} }],
      },
      { module: 'keras.layers', class_name: 'MaxPooling2D', config: { name: 'max_pooling2d', pool_size: [2, 2], padding: 'valid', strides: [2, 2] }, inbound_nodes: [{ args: [{}], kwargs: {} }] },
      { module: 'keras.layers', class_name: 'Flatten', config: { name: 'flatten' }, inbound_nodes: [{ args: [{}], kwargs: {} }] },
      { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'softmax' }, inbound_nodes: [{ args: [{}], kwargs: {} }] },
    ],
  },
};

describe('Keras JSON', () => {
  it.each(PRESETS.map((p) => p.id))('round-trips preset %s: spec → Keras JSON → spec is the identity', (id) => {
    const spec = getPreset(id)!.spec;
    const text = JSON.stringify(specToKerasJson(spec));
    const back = kerasJsonToSpec(text);
    expect(back.issues.map((i) => i.field)).toEqual(PRESET_WARNINGS[id] ?? []);
    expect(back.spec).toEqual(spec);
  });

  it.each(PRESETS.map((p) => p.id))('exports %s as JSON tfjs loads with the same parameter count', async (id) => {
    const spec = getPreset(id)!.spec;
    const model = await tf.models.modelFromJSON({ modelTopology: specToKerasJson(spec) as unknown as tf.io.ModelJSON['modelTopology'] });
    expect(model.countParams()).toBe(accountSpec(spec)!.totalParams);
    model.dispose();
  });

  it.each(PRESETS.map((p) => p.id))('imports tfjs model.toJSON() of the built %s', (id) => {
    const spec = getPreset(id)!.spec;
    const model = buildModel(spec);
    const json = model.toJSON(undefined, false);
    const { spec: imported, issues } = kerasJsonToSpec(json);
    expect(hasErrors(issues)).toBe(false);
    // tfjs JSON carries no training settings: everything but those must come back.
    expect(imported!.layers).toEqual(spec.layers);
    expect(imported!.inputShape).toEqual(spec.inputShape);
    expect(imported!.training.l2).toBe(spec.training.l2);
    model.dispose();
  });

  it("imports Python tf.keras 2 JSON (the seed article's MLP with input_shape=(28, 28))", () => {
    const { spec, issues } = kerasJsonToSpec(JSON.stringify(PY_KERAS2_MLP));
    expect(hasErrors(issues)).toBe(false);
    expect(issues.map((i) => i.field)).toEqual(['training', 'inputShape']);
    expect(spec!.layers).toEqual(getPreset('fashion-mlp')!.spec.layers);
    expect(accountSpec(spec!)!.totalParams).toBe(101_770);
  });

  it('imports a Keras 3 functional chain with its initialiser and L2', () => {
    const { spec, issues } = kerasJsonToSpec(PY_KERAS3_CNN);
    expect(hasErrors(issues)).toBe(false);
    expect(spec!.layers[0]).toMatchObject({ type: 'conv2d', filters: 32, padding: 'same', kernelInitializer: 'heNormal' });
    expect(spec!.training.l2).toBe(0.001);
    expect(spec!.layers[1]).toEqual({ type: 'maxPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
  });

  it('reports unknown layer types by name instead of dropping them', () => {
    const doc = structuredClone(PY_KERAS2_MLP);
    doc.config.layers.splice(2, 0, { class_name: 'LSTM', config: { name: 'lstm', units: 8 } } as never);
    const { spec, issues } = kerasJsonToSpec(doc);
    expect(spec).toBeUndefined();
    expect(issues.find((i) => i.severity === 'error')!.message).toBe("Keras layer 3 (LSTM 'lstm') has no playground equivalent, so the model cannot be imported.");
  });

  it('refuses branching functional models and non-Keras documents with a message', () => {
    const branching = structuredClone(PY_KERAS3_CNN);
    branching.config.layers[4].inbound_nodes = [{ args: [[{}, {}]], kwargs: {} }] as never;
    expect(kerasJsonToSpec(branching).issues[0].message).toMatch(/joins 2 inputs/);
    for (const bad of ['{not json', 42, null, { class_name: 'Sequential' }, { class_name: 'Graph', config: {} }]) {
      const result = kerasJsonToSpec(bad);
      expect(result.spec).toBeUndefined();
      expect(hasErrors(result.issues)).toBe(true);
    }
  });

  /** The seed MLP with one extra Keras layer after the first Dense. */
  const withLayer = (layer: Record<string, unknown>) => {
    const doc = structuredClone(PY_KERAS2_MLP);
    doc.config.layers.splice(3, 0, layer as never);
    return kerasJsonToSpec(doc);
  };
  const firstError = (result: ReturnType<typeof kerasJsonToSpec>) => result.issues.find((i) => i.severity === 'error');

  it('refuses a capped or leaky ReLU and an ELU with another alpha, naming the setting; accepts the plain ones', () => {
    for (const [config, named] of [
      [{ max_value: 6 }, 'max_value=6'],
      [{ negative_slope: 0.1 }, 'negative_slope=0.1'],
      [{ threshold: 0.5 }, 'threshold=0.5'],
    ] as const) {
      const result = withLayer({ class_name: 'ReLU', config: Object.assign({ name: 'relu', max_value: null, negative_slope: 0, threshold: 0 }, config) });
      expect(result.spec).toBeUndefined();
      expect(firstError(result)!.message).toContain(named);
    }
    const elu = withLayer({ class_name: 'ELU', config: { name: 'elu', alpha: 0.5 } });
    expect(elu.spec).toBeUndefined();
    expect(firstError(elu)!.message).toContain('alpha=0.5');
    const plain = withLayer({ class_name: 'ReLU', config: { name: 'relu', max_value: null, negative_slope: 0.0, threshold: 0.0 } });
    expect(hasErrors(plain.issues)).toBe(false);
    expect(plain.spec!.layers[2]).toEqual({ type: 'activation', activation: 'relu' });
    expect(hasErrors(withLayer({ class_name: 'ELU', config: { name: 'elu', alpha: 1.0 } }).issues)).toBe(false);
  });

  it('refuses BatchNormalization without centre or scale (it would import with twice the parameters)', () => {
    const result = withLayer({ class_name: 'BatchNormalization', config: { name: 'bn', axis: -1, center: false, scale: false } });
    expect(result.spec).toBeUndefined();
    expect(firstError(result)!.message).toMatch(/center=False \(no β\) and scale=False \(no γ\)/);
    const full = withLayer({ class_name: 'BatchNormalization', config: { name: 'bn', axis: -1, center: true, scale: true } });
    expect(hasErrors(full.issues)).toBe(false);
    // Keras' count for 128 channels: γ, β, moving mean, moving variance.
    expect(accountSpec(full.spec!)!.totalParams).toBe(101_770 + 4 * 128);
  });

  it('a Lambda layer is refused with advice that names only layers Keras has', () => {
    const result = withLayer({ class_name: 'Lambda', config: { name: 'lrn', function: ['…'] } });
    const fix = firstError(result)!.fix;
    expect(fix).toMatch(/Python code/);
    expect(fix).toMatch(/LRN layer in the playground/);
    expect(fix).not.toContain('LocalResponseNormalization');
    expect(firstError(withLayer({ class_name: 'LSTM', config: { name: 'lstm' } }))!.fix).not.toContain('LocalResponseNormalization');
  });

  it('a playground model file (model.json) keeps its training settings from userDefinedMetadata', async () => {
    const { exportModelFiles, METADATA_KEY } = await import('../storage/modelFiles');
    expect(METADATA_KEY).toBe(FILE_METADATA_KEY);
    const spec = getPreset('mnist-cnn-course')!.spec;
    const model = buildModel(spec);
    const files = await exportModelFiles(model, { name: 'course', savedAt: '2026-01-01T00:00:00.000Z', dataset: 'mnist', spec, epochs: 0, history: [] });
    model.dispose();
    const { spec: imported, issues } = kerasJsonToSpec(files.modelJson);
    expect(hasErrors(issues)).toBe(false);
    expect(issues.map((i) => i.message).join(' ')).not.toMatch(/no training settings/);
    expect(imported!.training).toEqual(spec.training);
  });
});
