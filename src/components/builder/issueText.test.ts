import { describe, expect, it } from 'vitest';
import { getPreset } from '../../engine/spec/presets';
import { describeLayer } from '../../engine/spec/shapes';
import type { ModelSpec } from '../../engine/spec/types';
import { validateSpec } from '../../engine/spec/validate';
import { splitAtName, withoutLeadingName } from './issueText';

const tiny = (): ModelSpec => structuredClone(getPreset('tiny')!.spec);

/** What the issue list reads for an issue: the link's text and the message around it, once. */
function listText(message: string, name: string): string {
  const split = splitAtName(message, name);
  return split ? `${split.before}[${name}]${split.after}` : `[${name}] ${message}`;
}

describe('issue text', () => {
  it('names the layer once in the issue list: a conv after the Flatten', () => {
    const spec = tiny();
    spec.layers.splice(3, 0, { type: 'conv2d', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', useBias: true, kernelInitializer: 'glorotUniform' });
    const issue = validateSpec(spec).find((i) => i.layerIndex === 3)!;
    const name = describeLayer(3, 'conv2d');
    const text = listText(issue.message, name);
    expect(text).toBe('[Layer 4 (Conv2D)] needs an image-shaped input [height, width, channels] but receives the flat vector [1352].');
    expect(text.split('Layer 4 (Conv2D)')).toHaveLength(2);
  });

  it('links a mention inside the message, or puts the link in front', () => {
    expect(listText('The last layer (Layer 4 (Dense)) does not end in softmax.', 'Layer 4 (Dense)')).toBe('The last layer ([Layer 4 (Dense)]) does not end in softmax.');
    expect(listText('The network ends with 12 values.', 'Layer 4 (Dense)')).toBe('[Layer 4 (Dense)] The network ends with 12 values.');
  });

  it("drops the name on the layer's own column", () => {
    const spec = tiny();
    spec.layers[0] = { ...spec.layers[0], kernelSize: [30, 30], padding: 'valid' } as ModelSpec['layers'][number];
    const issue = validateSpec(spec).find((i) => i.layerIndex === 0 && i.severity === 'error')!;
    expect(withoutLeadingName(issue.message, describeLayer(0, 'conv2d'))).toBe("Its 30×30 window is larger than its 28×28 input, so with 'valid' padding the output shrinks to 0×0.");
    expect(withoutLeadingName('Layer 4 (Conv2D) needs an image-shaped input.', 'Layer 4 (Conv2D)')).toBe('This layer needs an image-shaped input.');
    expect(withoutLeadingName('The network ends with 12 values.', 'Layer 4 (Dense)')).toBe('The network ends with 12 values.');
  });
});
