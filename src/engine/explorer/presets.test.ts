/**
 * The facts of the seed articles (../shared/docs/seed-models.md), checked through the presets the
 * explorer shows, and every preset checked against TensorFlow.js.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeExplorer, explorerGeometry, stepDetail } from './compute';
import { IMAGE_KERNELS, syntheticDigit } from './imageKernels';
import { EXPLORER_PRESETS, defaultSetup, type ExplorerPreset } from './presets';
import { validateSetup, type ExplorerSetup } from './setup';
import { tensorflowFormula, textbookFormula } from '../spec/arithmetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function preset(id: string): ExplorerPreset {
  const p = EXPLORER_PRESETS.find((q) => q.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}

function grid(s: ExplorerSetup): number[][] {
  const r = computeExplorer(s);
  const { outHeight, outWidth } = r.geometry;
  return Array.from({ length: outHeight }, (_, y) => Array.from(r.output.slice(y * outWidth * s.outChannels, (y + 1) * outWidth * s.outChannels)));
}

describe('seed facts', () => {
  it('5×5 input with a 3×3 filter, no padding → 3×3; padded by 1 (7×7) → 5×5', () => {
    const valid = explorerGeometry(preset('valid-5x5').build());
    expect([valid.outHeight, valid.outWidth]).toEqual([3, 3]);
    expect(textbookFormula(valid.rows)).toBe('(5 − 3 + 2·0) / 1 + 1 = 3');
    const padded = explorerGeometry(preset('padded-7x7').build());
    expect([padded.outHeight, padded.outWidth]).toEqual([5, 5]);
    expect(padded.rows.padBefore + padded.rows.padAfter + 5).toBe(7);
    expect(textbookFormula(padded.rows)).toBe('(5 − 3 + 2·1) / 1 + 1 = 5');
  });

  it('stride 1 vs 2 over 7×7 with 3×3: 5×5 vs 3×3, and stride 3 leaves the last row and column unreached', () => {
    expect(explorerGeometry(preset('stride-1').build()).outHeight).toBe(5);
    const s2 = preset('stride-2').build();
    const g2 = explorerGeometry(s2);
    expect([g2.outHeight, g2.outWidth]).toEqual([3, 3]);
    expect(tensorflowFormula(g2.rows)).toBe('VALID: floor((7 − 3) / 2) + 1 = 3');
    const g3 = explorerGeometry({ ...s2, strides: [3, 3] });
    expect(g3.outHeight).toBe(2);
    expect(g3.rows.unreached).toEqual([6]);
  });

  it('the 2×2 filter of 0.5s gives 4.25 and then 2.5', () => {
    const s = preset('halves').build();
    const g = explorerGeometry(s);
    const first = stepDetail(s, g, 0, 0, 0);
    expect(first.terms.map((t) => t.value)).toEqual([2.0, 3.0, 2.0, 1.5]);
    expect(first.terms.map((t) => t.product)).toEqual([1.0, 1.5, 1.0, 0.75]);
    expect(first.value).toBe(4.25);
    const second = stepDetail(s, g, 0, 1, 0);
    expect(second.terms.map((t) => t.value)).toEqual([3.0, 0.0, 1.5, 0.5]);
    expect(second.value).toBe(2.5);
  });

  it('the X filter over the binary image counts the ones on its X', () => {
    expect(grid(preset('binary-x').build())).toEqual([
      [4, 3, 4],
      [2, 4, 3],
      [2, 3, 4],
    ]);
  });

  it('2×2 max-pool, stride 2: [[1,1],[5,6]] → 6, [[3,2],[1,2]] → 3 and the rest', () => {
    const s = preset('maxpool-2x2').build();
    expect(grid(s)).toEqual([
      [6, 8],
      [3, 4],
    ]);
    const g = explorerGeometry(s);
    const d = stepDetail(s, g, 1, 0, 0);
    expect(d.terms.map((t) => t.value)).toEqual([3, 2, 1, 2]);
    expect(d.terms[d.picked].value).toBe(3);
  });

  it('the other max-pool windows of the seeds: [[1,0],[4,6]] → 6, [[2,3],[6,8]] → 8', () => {
    const s: ExplorerSetup = { ...preset('maxpool-2x2').build(), input: [1, 0, 2, 3, 4, 6, 6, 8, 3, 1, 1, 0, 1, 2, 2, 4] };
    expect(grid(s)[0]).toEqual([6, 8]);
  });

  it('max-pool 2×2 stride 2 over a zero-padded 5×5 gives 3×3, and after relu the padding is never picked', () => {
    const s = preset('maxpool-padded').build();
    const g = explorerGeometry(s);
    expect([g.outHeight, g.outWidth]).toEqual([3, 3]);
    expect([g.rows.padBefore, g.rows.padAfter]).toEqual([0, 1]);
    let windowsWithPadding = 0;
    for (let oy = 0; oy < 3; oy++)
      for (let ox = 0; ox < 3; ox++) {
        const d = stepDetail(s, g, oy, ox, 0);
        expect(d.terms[d.picked].padding).toBe(false);
        if (d.terms.some((t) => t.padding)) {
          windowsWithPadding++;
          // Even counting the padding zeros, the maximum would be the same: every real value is ≥ 0.
          expect(Math.max(...d.terms.map((t) => t.value))).toBe(d.value);
        }
      }
    expect(windowsWithPadding).toBe(5);
  });

  it('the seed CNN chain 28 → 28 → 14 → 7', () => {
    const conv = explorerGeometry(preset('seed-cnn-conv').build());
    expect([conv.outHeight, conv.rows.padBefore, conv.rows.padAfter]).toEqual([28, 2, 2]);
    const pool1 = explorerGeometry(preset('seed-cnn-pool').build());
    expect(pool1.outHeight).toBe(14);
    const second = preset('seed-cnn-pool-2').build();
    expect(second.inputHeight).toBe(14);
    expect(explorerGeometry(second).outHeight).toBe(7);
    expect(7 * 7 * 64).toBe(3136);
  });
});

describe('every preset', () => {
  it.each(EXPLORER_PRESETS.map((p) => [p.id, p] as const))('%s is valid and equals tfjs', (_id, p) => {
    const s = p.build();
    expect(validateSetup(s)).toEqual([]);
    const r = computeExplorer(s);
    const expected = tf.tidy(() => {
      const x = tf.tensor4d(s.input, [1, s.inputHeight, s.inputWidth, s.inChannels]);
      const pad = typeof s.padding === 'number' ? ([[0, 0], [s.padding, s.padding], [s.padding, s.padding], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]) : s.padding;
      const k: [number, number] = [s.kernelHeight, s.kernelWidth];
      if (s.op === 'maxPool') return tf.maxPool(x, k, s.strides, pad).dataSync();
      if (s.op === 'avgPool') return tf.avgPool(x, k, s.strides, pad).dataSync();
      const w = tf.tensor4d(s.kernel, [s.kernelHeight, s.kernelWidth, s.inChannels, s.outChannels]);
      return tf.add(tf.conv2d(x, w, s.strides, pad), tf.tensor1d(s.bias)).dataSync();
    });
    expect(r.output.length).toBe(expected.length);
    r.output.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('image-kernel presets run on the given dataset image, and fall back to the synthetic digit', () => {
    const image = { pixels: new Uint8Array(28 * 28).map((_, i) => (i % 28 > 14 ? 255 : 0)), label: 'half-white test card' };
    const s = preset('image-edge-vertical').build(image);
    expect(s.label).toContain('half-white test card');
    // A vertical edge at column 14/15: the Sobel map is non-zero only beside it.
    const out = computeExplorer(s).output;
    const row = Array.from(out.slice(10 * 28, 11 * 28));
    expect(row.slice(3, 13).every((v) => v === 0)).toBe(true);
    expect(Math.abs(row[14])).toBeGreaterThan(1);
    expect(preset('image-blur').build().label).toContain('synthetic');
    expect(syntheticDigit().pixels.filter((v) => v > 200).length).toBeGreaterThan(60);
    expect(IMAGE_KERNELS.length).toBeGreaterThanOrEqual(5);
  });

  it('opens on the seed example', () => {
    expect(defaultSetup().inputHeight).toBe(5);
  });
});
