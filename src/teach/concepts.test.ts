import { describe, expect, it } from 'vitest';
import { getPreset, PRESETS } from '../engine/spec/presets';
import type { ModelSpec } from '../engine/spec/types';
import { CONCEPT_IDS, CONCEPT_PLACES, CONCEPT_TITLES, conceptOfField, conceptOfLayer, RELATED } from './conceptIds';
import { convNumbers, crossEntropyOf, denseNumbers, dropoutNumbers, flattenNumbers, softmax, windowNumbers } from './conceptNumbers';
import { explainConcept } from './concepts';

const spec = (id: string): ModelSpec => getPreset(id)!.spec;
const text = (id: Parameters<typeof explainConcept>[0], ctx: Parameters<typeof explainConcept>[1]) => {
  const t = explainConcept(id, ctx);
  return [...t.paragraphs, ...t.yours].join(' ');
};

describe('the seventeen concepts', () => {
  it('lists 17 distinct concepts, each explained and reachable from at least one view', () => {
    expect(CONCEPT_IDS).toHaveLength(17);
    expect(new Set(CONCEPT_IDS).size).toBe(17);
    for (const id of CONCEPT_IDS) {
      const explained = explainConcept(id, { spec: spec('fashion-cnn') });
      expect(explained.title).toBe(CONCEPT_TITLES[id]);
      expect(explained.paragraphs.length).toBeGreaterThan(0);
      expect(explained.paragraphs.join(' ').length).toBeGreaterThan(80);
      const views = CONCEPT_PLACES[id].map((p) => p.view).filter((v) => v !== 'lesson');
      expect(views.length, id).toBeGreaterThan(0);
      for (const r of RELATED[id]) expect(CONCEPT_IDS).toContain(r);
    }
  });

  it('explains every concept for every preset without throwing, with numbers of the learner’s network', () => {
    for (const preset of PRESETS) {
      for (const id of CONCEPT_IDS) {
        const t = explainConcept(id, { spec: preset.spec });
        expect(t.paragraphs.length).toBeGreaterThan(0);
      }
    }
  });

  it('maps layers and fields to the concept their "?" explains', () => {
    expect(conceptOfLayer({ type: 'conv2d' })).toBe('filter');
    expect(conceptOfLayer({ type: 'maxPool2d' })).toBe('pooling');
    expect(conceptOfLayer({ type: 'dense', activation: 'softmax' })).toBe('softmax');
    expect(conceptOfLayer({ type: 'dense', activation: 'relu' })).toBe('dense');
    expect(conceptOfLayer({ type: 'batchNorm' })).toBeNull();
    expect(conceptOfField('strides', 'Stride')).toBe('stride');
    expect(conceptOfField('kernel', 'Pool')).toBe('pooling');
    expect(conceptOfField('kernel', 'Kernel')).toBe('filter');
    expect(conceptOfField('filters', 'Filters')).toBe('depth');
    expect(conceptOfField('biasInit', 'Bias start')).toBeNull();
  });
});

describe('the learner’s numbers', () => {
  it('compares the Fashion CNN’s first conv layer with a dense layer of the same input and output', () => {
    const c = convNumbers(spec('fashion-cnn'), 0)!;
    expect(c.params).toBe(320);
    // 784 inputs to 28·28·32 = 25,088 outputs: 784·25,088 + 25,088.
    expect(c.denseParams).toBe(19_694_080);
    expect(text('params', { spec: spec('fashion-cnn'), layer: 0 })).toContain('3·3·1·32 + 32 = 320 parameters');
    expect(text('params', { spec: spec('fashion-cnn'), layer: 0 })).toContain('19,694,080');
  });

  it('fills the output-size formula with this layer’s numbers', () => {
    const tiny = spec('tiny');
    expect(text('output-size', { spec: tiny, layer: 0 })).toContain('(28 − 3 + 2·0) / 1 + 1 = 26');
    tiny.layers[0] = { ...tiny.layers[0], strides: [2, 2] } as ModelSpec['layers'][number];
    const w = windowNumbers(tiny, ['conv2d'], 0)!;
    expect(w.output.slice(0, 2)).toEqual([13, 13]);
    expect(text('stride', { spec: tiny, layer: 0 })).toContain('→ 13');
  });

  it('uses the explorer’s own window when asked from there', () => {
    const t = text('output-size', {
      spec: spec('tiny'),
      explorer: { op: 'conv', inputHeight: 7, inputWidth: 7, kernelHeight: 3, kernelWidth: 3, strides: [2, 2], padding: 'valid' },
    });
    expect(t).toContain('(7 − 3 + 2·0) / 2 + 1 = 3');
  });

  it('counts the flatten and the dense layer of the seed CNNs', () => {
    expect(flattenNumbers(spec('mnist-cnn-1000'))!.product).toBe('7×7×64 = 3,136');
    const d = denseNumbers(spec('fashion-cnn'), 5)!;
    expect(d.params).toBe(401_536);
    expect(d.totalParams).toBe(421_642);
    expect(text('dense', { spec: spec('fashion-cnn'), layer: 5 })).toContain('3,136·128 + 128 = 401,536');
  });

  it('says when a network lacks the layer and uses the Fashion CNN instead', () => {
    const mlp = spec('fashion-mlp');
    const t = explainConcept('filter', { spec: mlp });
    expect(t.yours[0]).toMatch(/no convolution/);
    expect(t.yours.join(' ')).toContain('32 filters');
    expect(dropoutNumbers(spec('fashion-cnn'))).toMatchObject({ example: true, rate: 0.2, values: 128, dropped: 26 });
    expect(dropoutNumbers(spec('mnist-cnn-course'))).toMatchObject({ example: false, rate: 0.25, values: 1024, dropped: 256 });
  });

  it('gives softmax probabilities and the cross-entropy of the true class', () => {
    const p = softmax([2, 1, 0]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(crossEntropyOf(0.1)).toBeCloseTo(2.302585, 5);
    const probabilities = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.6, 0.025, 0.025];
    const t = text('cross-entropy', { spec: spec('tiny'), output: { probabilities, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], trueLabel: 7 } });
    expect(t).toContain('−ln 0.600 = 0.511');
    expect(text('softmax', { spec: spec('tiny'), output: { probabilities, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] } })).toContain('“7” with 60.0 %');
  });

  it('gives the receptive fields of the feature hierarchy and the prediction grid’s counts', () => {
    expect(text('hierarchy', { spec: spec('fashion-cnn') })).toContain('layer 1 3×3 pixels, layer 3 8×8 pixels');
    expect(text('prediction-grid', { spec: spec('tiny'), evaluation: { right: 912, count: 1000 } })).toContain('912 of 1,000 test images right (91.2 %)');
  });
});
