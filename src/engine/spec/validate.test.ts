import { describe, expect, it } from 'vitest';
import { defaultLayer, LAYER_TYPES } from './layer-defaults';
import { getPreset, PRESET_WARNINGS, PRESETS } from './presets';
import { insertMissingFlattens } from './repair';
import { hasErrors, parseSpec, validateSpec, type SpecIssue } from './validate';
import type { ModelSpec } from './types';

const preset = (id: string): ModelSpec => getPreset(id)!.spec;
const errors = (issues: SpecIssue[]) => issues.filter((i) => i.severity === 'error');

describe('validateSpec', () => {
  it.each(PRESETS.map((p) => p.id))('finds nothing wrong with preset %s (beyond its known teaching warnings)', (id) => {
    const issues = validateSpec(preset(id));
    expect(errors(issues)).toEqual([]);
    expect(issues.map((i) => i.field)).toEqual(PRESET_WARNINGS[id] ?? []);
  });

  it('names the layer, field and fix for a kernel larger than its unpadded input', () => {
    const spec = preset('fashion-cnn');
    spec.layers[2] = { ...spec.layers[2], kernelSize: [20, 20], padding: 'valid' } as ModelSpec['layers'][number];
    const [issue] = errors(validateSpec(spec));
    expect(issue).toMatchObject({ layerIndex: 2, field: 'kernelSize' });
    expect(issue.message).toContain('Layer 3 (Conv2D)');
    expect(issue.message).toContain('20×20 window is larger than its 14×14 input');
    expect(issue.fix).toMatch(/at most 14×14/);
  });

  it('warns, but accepts, a SAME kernel larger than its input', () => {
    const spec = preset('fashion-cnn');
    spec.layers[2] = { ...spec.layers[2], kernelSize: [15, 15] } as ModelSpec['layers'][number];
    const issues = validateSpec(spec);
    expect(hasErrors(issues)).toBe(false);
    expect(issues.some((i) => i.layerIndex === 2 && i.severity === 'warning' && i.field === 'kernelSize')).toBe(true);
  });

  it('tells the learner a Flatten is missing before a dense layer', () => {
    const spec = preset('fashion-cnn');
    spec.layers.splice(4, 1);
    const [issue] = errors(validateSpec(spec));
    expect(issue.layerIndex).toBe(4);
    expect(issue.message).toContain('7×7×64 feature maps');
    expect(issue.fix).toContain('Insert a Flatten layer before layer 5');
  });

  it('demands a softmax head with as many units as classes', () => {
    const spec = preset('fashion-mlp');
    spec.layers[3] = { ...spec.layers[3], units: 12 } as ModelSpec['layers'][number];
    expect(errors(validateSpec(spec))[0]).toMatchObject({ layerIndex: 3, field: 'units' });
    expect(errors(validateSpec(spec))[0].fix).toContain('to 10');
    const linear = preset('fashion-mlp');
    linear.layers[3] = { ...linear.layers[3], activation: 'linear' } as ModelSpec['layers'][number];
    expect(errors(validateSpec(linear))[0]).toMatchObject({ layerIndex: 3, field: 'activation' });
    const withActivation = preset('fashion-mlp');
    withActivation.layers[3] = { ...withActivation.layers[3], activation: 'linear' } as ModelSpec['layers'][number];
    withActivation.layers.push({ type: 'activation', activation: 'softmax' });
    expect(validateSpec(withActivation)).toEqual([]);
    const noHead = preset('tiny');
    noHead.layers.splice(2);
    expect(errors(validateSpec(noHead))[0].fix).toContain('Append a Flatten and a Dense layer with 10 units and softmax');
  });

  it('refuses zero, negative and non-integer sizes with a concrete fix', () => {
    const cases: [Partial<Record<string, unknown>>, RegExp][] = [
      [{ filters: 0 }, /filters is zero/],
      [{ filters: -3 }, /filters is negative/],
      [{ filters: 3.5 }, /filters must be a whole number/],
      [{ kernelSize: [3, 0] }, /kernelSize width is zero/],
      [{ strides: 'two' }, /strides must be \[height, width\]/],
      [{ filters: 100_000 }, /filters is too large/],
    ];
    for (const [patch, pattern] of cases) {
      const spec = preset('tiny');
      Object.assign(spec.layers[0], patch);
      const [issue] = errors(validateSpec(spec));
      expect(issue.message).toMatch(pattern);
      expect(issue.layerIndex).toBe(0);
      expect(issue.fix.length).toBeGreaterThan(10);
    }
  });

  it('refuses dilation > 1 because TensorFlow.js cannot train it', () => {
    const spec = preset('tiny');
    spec.layers[0] = { ...spec.layers[0], dilation: [2, 2] } as ModelSpec['layers'][number];
    expect(errors(validateSpec(spec))[0]).toMatchObject({ layerIndex: 0, field: 'dilation' });
    expect(errors(validateSpec(spec))[0].message).toMatch(/no gradient for dilated convolutions/);
  });

  it('stops absurd sizes before they freeze a laptop', () => {
    const params = preset('fashion-mlp');
    params.layers[1] = { ...params.layers[1], units: 16_000 } as ModelSpec['layers'][number];
    params.layers.splice(3, 0, { type: 'dense', units: 2000, activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform' });
    expect(errors(validateSpec(params))[0].message).toMatch(/parameters, more than the playground's limit/);
    const memory = preset('fashion-cnn');
    memory.layers[0] = { ...memory.layers[0], filters: 1024 } as ModelSpec['layers'][number];
    memory.training.batchSize = 1024;
    const memIssues = errors(validateSpec(memory));
    expect(memIssues.some((i) => i.field === 'training.batchSize' && /MB of activations/.test(i.message))).toBe(true);
  });

  it('warns when a valid window leaves rows and columns unread', () => {
    const spec = preset('tiny');
    spec.layers[0] = { ...spec.layers[0], kernelSize: [4, 4] } as ModelSpec['layers'][number];
    const issues = validateSpec(spec);
    expect(hasErrors(issues)).toBe(false);
    expect(issues[0]).toMatchObject({ layerIndex: 1, severity: 'warning', field: 'strides' });
    // The equation once (rows and columns share it), no formula nested in brackets, "the last row".
    expect(issues[0].message).toBe(
      'Layer 2 (MaxPooling2D): (W − F + 2P) / S + 1 = (25 − 2 + 2·0) / 2 + 1 = 12.5 is not a whole number, for rows and columns alike, so the last row and the last column of its input are never seen.',
    );
  });

  it('names each axis once when only one, or each with its own numbers, leaves input unread', () => {
    const spec = preset('tiny');
    spec.inputShape = [28, 27, 1];
    spec.layers[0] = { ...spec.layers[0], kernelSize: [3, 3], strides: [2, 2], padding: 'valid' } as ModelSpec['layers'][number];
    // Rows: (28 − 3) / 2 + 1 = 13.5, the last row unread; columns: (27 − 3) / 2 + 1 = 13, all read.
    const rowsOnly = validateSpec(spec).find((i) => i.field === 'strides' && i.layerIndex === 0);
    expect(rowsOnly?.message).toBe('Layer 1 (Conv2D): (W − F + 2P) / S + 1 is not a whole number: rows (28 − 3 + 2·0) / 2 + 1 = 13.5, so the last row of its input is never seen.');
    spec.inputShape = [28, 30, 1];
    spec.layers[0] = { ...spec.layers[0], kernelSize: [3, 3], strides: [2, 4], padding: 'valid' } as ModelSpec['layers'][number];
    // Columns: (30 − 3) / 4 + 1 = 7.75, the last 3 columns unread.
    const both = validateSpec(spec).find((i) => i.field === 'strides' && i.layerIndex === 0);
    expect(both?.message).toBe(
      'Layer 1 (Conv2D): (W − F + 2P) / S + 1 is not a whole number: rows (28 − 3 + 2·0) / 2 + 1 = 13.5; columns (30 − 3 + 2·0) / 4 + 1 = 7.75, so the last row and the last 3 columns of its input are never seen.',
    );
    expect(both?.message.match(/W − F/g)).toHaveLength(1);
  });
});

describe('layer defaults', () => {
  it.each(LAYER_TYPES.filter((t) => t !== 'flatten'))('a default %s layer fits into the tiny model without errors', (type) => {
    const spec = preset('tiny');
    // Image layers go before the Flatten, the others after it.
    const image = ['conv2d', 'maxPool2d', 'avgPool2d', 'lrn'].includes(type);
    spec.layers.splice(image ? 1 : 3, 0, defaultLayer(type));
    expect(validateSpec(spec).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('parseSpec', () => {
  it('reads a preset back unchanged from JSON', () => {
    for (const p of PRESETS) {
      const { spec, issues } = parseSpec(JSON.parse(JSON.stringify(p.spec)));
      expect(issues.map((i) => i.field)).toEqual(PRESET_WARNINGS[p.id] ?? []);
      expect(spec).toEqual(p.spec);
    }
  });

  it('fills Keras defaults and reports malformed documents without throwing', () => {
    const { spec } = parseSpec({ version: 1, inputShape: [28, 28, 1], layers: [{ type: 'maxPool2d', poolSize: 2 }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] });
    expect(spec?.layers[0]).toEqual({ type: 'maxPool2d', poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(spec?.training.optimizer).toBe('adam');
    for (const bad of [null, 3, 'x', [], { layers: 'no' }, { version: 2, inputShape: [28, 28, 1], layers: [] }, { inputShape: [28, 28], layers: [{ type: 'conv3d' }] }]) {
      const result = parseSpec(bad);
      expect(result.spec).toBeUndefined();
      expect(errors(result.issues).length).toBeGreaterThan(0);
    }
    expect(parseSpec({ inputShape: [28, 28, 1], layers: [{ type: 'conv3d' }] }).issues.some((i) => i.message.includes('"conv3d"'))).toBe(true);
  });
});

describe('insertMissingFlattens', () => {
  it('inserts the Flatten a dense layer needs and says so', () => {
    const spec = preset('fashion-cnn');
    spec.layers.splice(4, 1);
    const { spec: repaired, notes } = insertMissingFlattens(spec);
    expect(repaired).toEqual(preset('fashion-cnn'));
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain('Inserted a Flatten as layer 5: it turns the 7×7×64 feature maps into 3136 values');
    expect(insertMissingFlattens(preset('tiny')).notes).toEqual([]);
  });
});
