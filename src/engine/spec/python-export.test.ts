import { describe, expect, it } from 'vitest';
import { accountSpec } from './accounting';
import { getPreset, PRESETS } from './presets';
import { exportKerasPython, exportPytorchPython } from './python-export';
import type { DatasetName, ModelSpec } from './types';

/** Re-counts the parameters from the PyTorch constructors the code contains (Keras' count). */
function countTorchParams(code: string): number {
  let total = 0;
  for (const m of code.matchAll(
    /nn\.Conv2d\((\d+), (\d+), kernel_size=\((\d+), (\d+)\).*bias=(True|False)\)/g,
  )) {
    const [cin, cout, kh, kw] = m.slice(1, 5).map(Number);
    total += cin * cout * kh * kw + (m[5] === 'True' ? cout : 0);
  }
  for (const m of code.matchAll(/nn\.Linear\((\d+), (\d+), bias=(True|False)\)/g))
    total += Number(m[1]) * Number(m[2]) + (m[3] === 'True' ? Number(m[2]) : 0);
  for (const m of code.matchAll(/nn\.BatchNorm[12]d\((\d+)/g)) total += 4 * Number(m[1]);
  return total;
}

/** The Keras code's layer calls, re-counted from the arguments it passes. */
function countKerasLayers(code: string): number {
  return [...code.matchAll(/^ {4}layers\.\w+\(/gm)].length;
}

const withExtras = (): ModelSpec => {
  const spec = getPreset('tiny')!.spec;
  spec.layers.splice(
    1,
    0,
    { type: 'batchNorm' },
    { type: 'avgPool2d', poolSize: [3, 3], strides: [2, 2], padding: 'same' },
  );
  spec.layers.splice(4, 0, {
    type: 'conv2d',
    filters: 4,
    kernelSize: [2, 4],
    strides: [2, 1],
    padding: 'same',
    activation: 'elu',
    useBias: false,
    kernelInitializer: 'heUniform',
  });
  spec.layers.splice(
    spec.layers.length - 1,
    0,
    { type: 'batchNorm' },
    { type: 'dense', units: 7, activation: 'tanh', useBias: true, kernelInitializer: 'heNormal' },
  );
  spec.training = { ...spec.training, optimizer: 'momentum', l2: 0.001 };
  return spec;
};

const cases: [string, ModelSpec][] = [
  ...PRESETS.map((p): [string, ModelSpec] => [p.id, p.spec]),
  ['extras', withExtras()],
];

describe('Python export', () => {
  it.each(cases)('%s: the PyTorch code builds the same parameter count the summary states', (_, spec) => {
    const total = accountSpec(spec)!.totalParams;
    const { code, params } = exportPytorchPython(spec, 'fashion-mnist');
    expect(params).toBe(total);
    expect(code).toContain(`assert n_params == ${total}, n_params`);
    expect(code).toContain(`# Total params: ${total} (${total.toLocaleString('en')})\n`);
    expect(countTorchParams(code!)).toBe(total);
    expect(code).toContain('os.path.join("data", "fashion-mnist")');
    expect(code).not.toContain('torchvision');
    expect(code).not.toMatch(/download=|urllib|urlretrieve|https?:/);
  });

  it.each(cases)('%s: the tf.keras code has one layer per spec layer and asserts the count', (_, spec) => {
    const total = accountSpec(spec)!.totalParams;
    const { code } = exportKerasPython(spec);
    expect(code).toContain(`assert model.count_params() == ${total}`);
    expect(countKerasLayers(code!)).toBe(spec.layers.length);
    expect(code).toContain(`keras.Input(shape=(${spec.inputShape.join(', ')}))`);
    // Reads the playground's IDX files; keras.datasets would download them.
    expect(code).not.toContain('keras.datasets');
    expect(code).toContain('load_idx("train-images-idx3-ubyte.gz", TRAIN_LIMIT)');
  });

  it("turns TensorFlow's asymmetric SAME padding into explicit PyTorch padding", () => {
    const { code } = exportPytorchPython(withExtras());
    // 26×26 input, 3×3 window, stride 2: TensorFlow pads 0 before and 1 after.
    expect(code).toContain('nn.ZeroPad2d((0, 1, 0, 1)),  # TensorFlow SAME padding of avg_pool_2');
    expect(code).toContain('nn.BatchNorm2d(8, eps=1e-3, momentum=0.01)');
    expect(code).toContain('nn.BatchNorm1d(');
    expect(code).toContain(
      'torch.optim.SGD([{"params": kernels, "weight_decay": 2 * L2}, {"params": others, "weight_decay": 0.0}], lr=0.001, momentum=0.9)',
    );
  });

  it('converts LRN alpha to PyTorch’s convention and returns null for an unbuildable spec', () => {
    expect(exportPytorchPython(getPreset('tfann-cnnc')!.spec).code).toContain(
      'nn.LocalResponseNorm(size=9, alpha=0.001, beta=0.75, k=1)',
    );
    const broken = getPreset('fashion-cnn')!.spec;
    broken.layers.splice(4, 1);
    expect(exportPytorchPython(broken).code).toBeNull();
    expect(exportKerasPython(broken).code).toBeNull();
  });

  const hostile: [string, (spec: ModelSpec) => void, RegExp][] = [
    [
      'a padding that would close its quotes',
      (s) => Object.assign(s.layers[0], { padding: 'same", __import__("os").system("x"), x="' }),
      /padding .* is not one of valid, same/,
    ],
    [
      'an activation that is code',
      (s) => Object.assign(s.layers[0], { activation: 'relu"); import os; ("' }),
      /activation .* is not one of/,
    ],
    [
      'a filter count that is text',
      (s) => Object.assign(s.layers[0], { filters: '8); import os; (8' }),
      /filters is .* not a whole number/,
    ],
    [
      'a NaN learning rate',
      (s) => Object.assign(s.training, { learningRate: Number.NaN }),
      /learningRate is NaN, not a finite number/,
    ],
    [
      'an infinite L2 factor',
      (s) => Object.assign(s.training, { l2: Infinity }),
      /l2 is Infinity, not a finite number/,
    ],
    [
      'an unknown optimizer',
      (s) => Object.assign(s.training, { optimizer: 'sgd(); import os' }),
      /optimizer/,
    ],
    ['a seed that is code', (s) => Object.assign(s.training, { seed: '1); import os; (1' }), /seed/],
  ];
  it.each(hostile)('refuses %s, in both exporters, with the reason', (_, spoil, reason) => {
    const spec = getPreset('tiny')!.spec;
    spoil(spec);
    for (const exporter of [exportKerasPython, exportPytorchPython]) {
      const result = exporter(spec);
      expect(result.code).toBeNull();
      expect(result.reason).toMatch(reason);
    }
  });

  it('refuses a dataset it does not know rather than writing `undefined` into the code', () => {
    const spec = getPreset('tiny')!.spec;
    for (const exporter of [exportKerasPython, exportPytorchPython]) {
      expect(exporter(spec, 'cifar"; import os' as DatasetName)).toMatchObject({
        code: null,
        reason: expect.stringMatching(/the Python code reads the IDX files of MNIST and Fashion-MNIST; .* is not one of them/),
      });
    }
  });
});

describe('Python export of presets on datasets the code cannot read', () => {
  it.each(PRESETS.filter((p) => p.dataset !== 'mnist' && p.dataset !== 'fashion-mnist').map((p) => p.id))(
    'refuses %s with a reason that names the dataset, in both frameworks',
    (id) => {
      const preset = getPreset(id)!;
      for (const exporter of [exportKerasPython, exportPytorchPython]) {
        const result = exporter(preset.spec, preset.dataset);
        expect(result.code).toBeNull();
        expect(result.reason).toContain(`the Python code reads the IDX files of MNIST and Fashion-MNIST; ${preset.dataset} is not one of them`);
      }
    },
  );
});
