/**
 * Property tests: random valid specs must agree with tfjs on every layer's output shape and
 * the parameter count; random invalid or malformed documents must always produce a message
 * and never an exception, from validation and from every importer.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountSpec } from './accounting';
import { buildModel } from './build';
import { hasErrors } from './issues';
import { kerasJsonToSpec, specToKerasJson } from './keras-json';
import { PRESETS } from './presets';
import { inferShapes } from './shapes';
import { tfannToSpec } from './tfann';
import type { ActivationName, LayerSpec, ModelSpec } from './types';
import { parseSpec, validateSpec } from './validate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const activation = fc.constantFrom<ActivationName>('relu', 'sigmoid', 'tanh', 'elu', 'linear');
const side = fc.integer({ min: 1, max: 4 });
const pairOf = (a: fc.Arbitrary<number>) => fc.tuple(a, a);
const padding = fc.constantFrom<'valid' | 'same'>('valid', 'same');
const initializer = fc.constantFrom('glorotUniform', 'heNormal', 'heUniform', 'truncatedNormal', 'randomNormal' as const);

const imageLayer: fc.Arbitrary<LayerSpec> = fc.oneof(
  fc.record({
    type: fc.constant('conv2d' as const),
    filters: fc.integer({ min: 1, max: 6 }),
    kernelSize: pairOf(side),
    strides: pairOf(fc.integer({ min: 1, max: 3 })),
    padding,
    activation,
    useBias: fc.boolean(),
    kernelInitializer: initializer,
  }),
  fc.record({ type: fc.constantFrom('maxPool2d' as const, 'avgPool2d' as const), poolSize: pairOf(side), strides: pairOf(fc.integer({ min: 1, max: 3 })), padding }),
  fc.constant<LayerSpec>({ type: 'batchNorm' }),
  fc.record({ type: fc.constant('dropout' as const), rate: fc.double({ min: 0.05, max: 0.6, noNaN: true }) }),
  fc.record({ type: fc.constant('activation' as const), activation }),
  fc.record({ type: fc.constant('lrn' as const), depthRadius: fc.integer({ min: 1, max: 3 }), bias: fc.constant(1), alpha: fc.constant(1e-4), beta: fc.constant(0.75) }),
);
const flatLayer: fc.Arbitrary<LayerSpec> = fc.oneof(
  fc.record({ type: fc.constant('dense' as const), units: fc.integer({ min: 1, max: 12 }), activation, useBias: fc.boolean(), kernelInitializer: initializer }),
  fc.constant<LayerSpec>({ type: 'batchNorm' }),
  fc.record({ type: fc.constant('dropout' as const), rate: fc.double({ min: 0.05, max: 0.6, noNaN: true }) }),
  fc.record({ type: fc.constant('activation' as const), activation }),
);

/** Specs built to be mostly valid; the few whose windows do not fit are filtered out. */
const validSpec: fc.Arbitrary<ModelSpec> = fc
  .record({
    inputShape: fc.tuple(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 3 })),
    numClasses: fc.integer({ min: 2, max: 10 }),
    image: fc.array(imageLayer, { maxLength: 5 }),
    flat: fc.array(flatLayer, { maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    l2: fc.constantFrom(0, 0.01),
  })
  .map(({ inputShape, numClasses, image, flat, seed, l2 }) => ({
    version: 1 as const,
    name: 'random',
    inputShape,
    numClasses,
    layers: [...image, { type: 'flatten' as const }, ...flat, { type: 'dense' as const, units: numClasses, activation: 'softmax' as const, useBias: true, kernelInitializer: 'glorotUniform' as const }],
    training: { optimizer: 'adam' as const, learningRate: 0.001, batchSize: 16, epochs: 1, seed, l2 },
  }))
  .filter((spec) => !hasErrors(validateSpec(spec)));

describe('random valid specs agree with tfjs', () => {
  it('1,000 specs: every layer output shape and the parameter count equal tfjs', () => {
    let built = 0;
    fc.assert(
      fc.property(validSpec, (spec) => {
        const shapes = inferShapes(spec);
        const model = buildModel(spec);
        try {
          expect(model.layers.length).toBe(spec.layers.length);
          shapes.layers.forEach((s, i) => expect(model.layers[i].outputShape, `layer ${i}`).toEqual([null, ...(s.output as number[])]));
          expect(model.countParams()).toBe(accountSpec(spec)!.totalParams);
        } finally {
          model.dispose();
        }
        built++;
      }),
      { numRuns: 1000, seed: 20241122 },
    );
    expect(built).toBe(1000);
    expect(tf.memory().numTensors).toBeLessThan(50);
  });
});

/** Values no field of a spec accepts (names excepted, and `true` for booleans). */
const ALWAYS_BAD: unknown[] = ['bogus', null, Number.NaN, Number.POSITIVE_INFINITY, {}, 1e12, -1e12, true];
/** The classroom mistakes for sizes: zero, negative, fractional. */
const BAD_SIZES: unknown[] = [0, -3, 2.5, [0, 0], [3, -1], [2.5, 2]];
const SIZE_FIELDS = new Set(['filters', 'units', 'kernelSize', 'poolSize', 'strides', 'depthRadius', 'batchSize', 'epochs', 'numClasses', 'kernel_size', 'pool_size', 'depth_radius']);
const badValue = (field: string, pick: number): unknown => {
  const choices = SIZE_FIELDS.has(field) ? [...ALWAYS_BAD, ...BAD_SIZES] : ALWAYS_BAD;
  const value = choices[pick % choices.length];
  return value === true && field === 'useBias' ? 'bogus' : value;
};

/** Fields that every layer of its type needs, so deleting them must be reported. */
const REQUIRED: Record<string, string[]> = {
  conv2d: ['filters', 'kernelSize'],
  maxPool2d: ['poolSize'],
  avgPool2d: ['poolSize'],
  dense: ['units'],
  dropout: ['rate'],
  activation: ['activation'],
};

/** A valid preset broken in exactly one place, in a way that can never be valid. */
const brokenSpec = fc
  .record({
    preset: fc.integer({ min: 0, max: PRESETS.length - 1 }),
    where: fc.nat(),
    key: fc.nat(),
    pick: fc.nat(),
    mode: fc.constantFrom('set', 'delete', 'top', 'training'),
  })
  .map(({ preset, where, key, pick, mode }) => {
    const doc = structuredClone(PRESETS[preset].spec) as unknown as Record<string, unknown> & { layers: Record<string, unknown>[]; training: Record<string, unknown> };
    if (mode === 'top') {
      const field = ['inputShape', 'numClasses', 'layers', 'version'][key % 4];
      doc[field] = badValue(field, pick);
      return doc;
    }
    if (mode === 'training') {
      const field = ['optimizer', 'learningRate', 'batchSize', 'epochs', 'seed', 'l2'][key % 6];
      doc.training[field] = badValue(field, pick);
      return doc;
    }
    const layer = doc.layers[where % doc.layers.length];
    if (mode === 'delete' && REQUIRED[layer.type as string]) {
      const fields = REQUIRED[layer.type as string];
      delete layer[fields[key % fields.length]];
      return doc;
    }
    const fields = Object.keys(layer);
    const field = fields[key % fields.length];
    layer[field] = badValue(field, pick);
    return doc;
  });

describe('random invalid documents always get a message, never an exception', () => {
  it('5,000 broken specs: parseSpec reports an error with a message and a fix', () => {
    fc.assert(
      fc.property(brokenSpec, (doc) => {
        const { issues } = parseSpec(doc);
        expect(hasErrors(issues), JSON.stringify(doc)).toBe(true);
        for (const issue of issues) expect(issue.message.length * issue.fix.length).toBeGreaterThan(0);
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it('2,000 broken Keras JSON documents: the importer reports an error', () => {
    const broken = fc.record({ preset: fc.integer({ min: 0, max: PRESETS.length - 1 }), where: fc.nat(), key: fc.nat(), pick: fc.nat() }).map(({ preset, where, key, pick }) => {
      const doc = specToKerasJson(PRESETS[preset].spec) as { config: { layers: { class_name: unknown; config: Record<string, unknown> }[] } };
      const layers = doc.config.layers;
      const layer = layers[1 + (where % (layers.length - 1))];
      const numeric = ['filters', 'units', 'kernel_size', 'pool_size', 'rate', 'depth_radius', 'strides'].filter((k) => k in layer.config);
      if (numeric.length === 0 || key % 3 === 0) layer.class_name = `Bogus${key % 5}`;
      else {
        const field = numeric[key % numeric.length];
        const bad = badValue(field, pick);
        // null means "Keras default" and NaN/Infinity turn into null in JSON text: use -1 for those.
        layer.config[field] = bad === null || (typeof bad === 'number' && !Number.isFinite(bad)) ? -1 : bad;
      }
      return doc;
    });
    fc.assert(
      fc.property(broken, fc.boolean(), (doc, asText) => {
        const { spec, issues } = kerasJsonToSpec(asText ? JSON.stringify(doc) : doc);
        expect(hasErrors(issues) || spec === undefined, JSON.stringify(doc)).toBe(true);
        expect(issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('3,000 arbitrary values and strings: no importer throws, each answers with issues', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.json(), fc.string()), (value) => {
        for (const result of [parseSpec(value), kerasJsonToSpec(value), tfannToSpec(typeof value === 'string' ? value : JSON.stringify(value) ?? '')]) {
          if (!result.spec) expect(hasErrors(result.issues)).toBe(true);
        }
        expect(validateSpec(value as ModelSpec).length).toBeGreaterThan(0);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });
});
