import { describe, expect, it } from 'vitest';
import { getPreset, PRESETS } from '../../engine/spec/presets';
import type { LayerSpec } from '../../engine/spec/types';
import { fieldIdForIssue, layerFields } from './layerFields';
import { analyseSpec, formatDims } from './specAnalysis';

const fashion = () => getPreset('fashion-cnn')!.spec;

describe('analyseSpec', () => {
  it('gives the Fashion CNN the seed shapes, 421,642 parameters and compute shares that sum to 1', () => {
    const a = analyseSpec(fashion());
    expect(a.layers.map((l) => formatDims(l.output))).toEqual(['28×28×32', '14×14×32', '14×14×64', '7×7×64', '3136', '128', '10']);
    expect(a.accounting?.totalParams).toBe(421_642);
    expect(a.layers.reduce((s, l) => s + (l.params ?? 0), 0)).toBe(421_642);
    expect(a.layers.reduce((s, l) => s + (l.computeShare ?? 0), 0)).toBeCloseTo(1, 10);
    // The second convolution does most of the work: 14·14·64·9·32 of 4,241,152 multiply-adds.
    expect(a.layers[2].computeShare).toBeCloseTo((14 * 14 * 64 * 9 * 32) / 4_241_152, 10);
    expect(a.hasErrors).toBe(false);
    expect(a.scale).toEqual({ maxSide: 28, maxChannels: 64, maxUnits: 3136 });
  });

  it('puts a too-large kernel on the kernel field and leaves later layers unknown, not failed', () => {
    const spec = fashion();
    spec.layers[2] = { ...(spec.layers[2] as Extract<LayerSpec, { type: 'conv2d' }>), kernelSize: [15, 15], padding: 'valid' };
    const a = analyseSpec(spec);
    expect(a.hasErrors).toBe(true);
    expect(a.accounting).toBeNull();
    const broken = a.layers[2];
    expect(broken.output).toBeNull();
    expect(broken.input).toEqual([14, 14, 32]);
    // Params of a layer whose input is known are still shown.
    expect(a.layers[0].params).toBe(320);
    expect(a.layers[3].input).toBeNull();
    const error = broken.issues.find((i) => i.severity === 'error')!;
    expect(fieldIdForIssue(layerFields(broken.layer), error.field)).toBe('kernel');
    expect(error.message).toMatch(/15×15 window is larger than its 14×14 input/);
  });

  it('puts a wrong head size on the units field, and an empty spec among the whole-spec issues', () => {
    const spec = fashion();
    spec.layers[6] = { ...(spec.layers[6] as Extract<LayerSpec, { type: 'dense' }>), units: 7 };
    const a = analyseSpec(spec);
    const unitsIssue = a.issues.find((i) => i.field === 'units')!;
    expect(unitsIssue.layerIndex).toBe(6);
    expect(fieldIdForIssue(layerFields(spec.layers[6]), 'units')).toBe('units');
    expect(analyseSpec({ ...spec, layers: [] }).specIssues[0].message).toMatch(/no layers/);
  });
});

describe('layerFields', () => {
  it('turns every field of every preset layer into a patch that round-trips its own value', () => {
    for (const preset of PRESETS) {
      for (const layer of preset.spec.layers) {
        for (const field of layerFields(layer)) {
          const patch = field.toPatch(field.value);
          expect(patch, `${layer.type}.${field.id}`).not.toBeNull();
          const patched = { ...layer, ...patch } as LayerSpec;
          expect(layerFields(patched).find((f) => f.id === field.id)?.value).toBe(field.value);
          if (field.control.kind === 'select') expect(field.control.options.map((o) => o.value)).toContain(field.value);
        }
      }
    }
  });

  it('refuses text that is not a number, and keeps non-square kernels selectable', () => {
    const conv = fashion().layers[0];
    const filters = layerFields(conv).find((f) => f.id === 'filters')!;
    expect(filters.toPatch('')).toBeNull();
    expect(filters.toPatch('abc')).toBeNull();
    expect(filters.toPatch('48')).toEqual({ filters: 48 });
    const kernel = layerFields({ ...conv, kernelSize: [5, 3] } as LayerSpec).find((f) => f.id === 'kernel')!;
    expect(kernel.value).toBe('5x3');
    expect(kernel.control.kind === 'select' && kernel.control.options.some((o) => o.label === '5×3')).toBe(true);
    expect(kernel.toPatch('7')).toEqual({ kernelSize: [7, 7] });
  });
});
