import { describe, expect, it } from 'vitest';
import { accountSpec } from './accounting';
import { hasErrors } from './issues';
import { getPreset } from './presets';
import { tfannToSpec } from './tfann';

const ARTICLE = "[('C',[5,5,3,64],[1,1,1,1]), ('P',[1,3,3,1],[1,2,2,1]), ('C',[5,5,64,64],[1,1,1,1]), ('P',[1,3,3,1],[1,2,2,1]), ('F',64), ('F',16), ('F',2)]";

describe('TFANN notation', () => {
  it("turns the article's CNNC spec into the tfann-cnnc preset (306,106 parameters on 28×28×1)", () => {
    const { spec, issues } = tfannToSpec(ARTICLE);
    expect(hasErrors(issues)).toBe(false);
    // The article's 3-channel filter and 2-class head are adapted, and it says so.
    expect(issues.map((i) => [i.layerIndex, i.field])).toEqual([[0, 'filters'], [9, 'units']]);
    expect(spec!.layers).toEqual(getPreset('tfann-cnnc')!.spec.layers);
    expect(accountSpec(spec!)!.totalParams).toBe(306_106);
  });

  it('reads the short example of the issue and the original 32×32×3 setting', () => {
    const small = tfannToSpec("[('C',[5,5,1,32],[1,1,1,1]), ('P',[1,2,2,1],[1,2,2,1]), ('F',10)]");
    expect(small.issues).toEqual([]);
    expect(small.spec!.layers.map((l) => l.type)).toEqual(['conv2d', 'maxPool2d', 'lrn', 'flatten', 'dense']);
    expect(accountSpec(small.spec!)!.totalParams).toBe(5 * 5 * 32 + 32 + 14 * 14 * 32 * 10 + 10);
    const cifar = tfannToSpec(ARTICLE, { inputShape: [32, 32, 3], numClasses: 2 });
    expect(cifar.issues).toEqual([]);
    expect(accountSpec(cifar.spec!)!.outputShape).toEqual([2]);
  });

  it('explains malformed notation instead of throwing', () => {
    const cases: [string, RegExp][] = [
      ["[('C',[5,5,1,32],[1,1,1,1])", /never closed|ends too early/],
      ["[('X', 3)]", /is not a \('C', …\)/],
      ["[('C',[5,5,32],[1,1,1,1]), ('F',10)]", /needs a filter \[height, width, in, out\]/],
      ["[('F',10), ('C',[5,5,1,32],[1,1,1,1])]", /comes after an 'F' layer/],
      ["[('F', 2.5)]", /whole number of neurons/],
      ['[]', /non-empty list/],
      ["[('C',[50,50,1,4],[1,1,1,1])]", /50×50 window is larger than its 28×28 input/],
    ];
    for (const [index, [text, pattern]] of cases.entries()) {
      const { issues } = tfannToSpec(text, index === cases.length - 1 ? { padding: 'valid' } : {});
      expect(hasErrors(issues), text).toBe(true);
      expect(issues.map((i) => i.message).join(' '), text).toMatch(pattern);
    }
  });
});
