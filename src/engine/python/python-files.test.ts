import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fitSpecToDataset } from '../data/fitSpec';
import { buildModel } from '../spec/build';
import { getPreset } from '../spec/presets';
import { exportKerasPython, exportPytorchPython } from '../spec/python-export';
import { pythonDatasetRefusal } from '../spec/python-preamble';
import { ExportRefused } from '../spec/python-text';
import type { DatasetName } from '../spec/types';
import { kerasModelPy, trainPy } from './python-files';
import { pythonProjectFiles } from './python-project';

// The project's scripts carry the model's name in their docstrings: a name from a shared link must
// not be able to close the docstring and add a line of code.
describe('the Python project carries a hostile model name as text', () => {
  const spec = { ...getPreset('tiny')!.spec, name: 'Nice"""\nimport os; os.system("x")\n"""' };
  for (const [file, text] of [
    ['model_keras.py', kerasModelPy(spec)],
    ['train.py', trainPy(spec, 'mnist')],
  ] as const) {
    it(file, () => {
      const lines = text.split('\n');
      expect(lines.some((line) => line.startsWith('import os;'))).toBe(false);
      // The docstring opens once and closes once on the lines that follow it.
      const docstring = text.slice(3, text.indexOf('"""', 3));
      expect(docstring).toContain('Nice\\"\\"\\"\\nimport os');
    });
  }
});

/** What `write` threw: an ExportRefused's message, or a note that it threw something else or nothing. */
function refusalOf(write: () => unknown): string {
  try {
    write();
  } catch (error) {
    return error instanceof ExportRefused ? error.message : `not an ExportRefused: ${String(error)}`;
  }
  return 'nothing was refused';
}

// train.py reads IDX files (or keras.datasets): CIFAR-10's batches, a class subset's relabelling
// and a learner's own images are not written yet, so the project says so as the code export does.
describe('the Python project refuses the datasets its train.py cannot read, with the code export’s reason', () => {
  const unreadable: DatasetName[] = ['cifar-10', 'cifar-10:3,5', 'mnist:7,1', 'fashion-mnist:0,9', 'custom:abc123'];
  it.each(unreadable)('%s', (dataset) => {
    const reason = pythonDatasetRefusal(dataset);
    expect(reason).toContain(`the Python code reads the IDX files of MNIST and Fashion-MNIST; ${dataset} is not one of them`);
    const spec = getPreset('tiny')!.spec;
    expect(exportKerasPython(spec, dataset)).toMatchObject({ code: null, reason });
    expect(exportPytorchPython(spec, dataset)).toMatchObject({ code: null, reason });
    expect(refusalOf(() => trainPy(spec, dataset))).toBe(reason);
  });

  it('refuses a whole project before it reads a single test image', async () => {
    await tf.setBackend('cpu');
    const spec = fitSpecToDataset(getPreset('tiny')!.spec, 'cifar-10').spec;
    const model = buildModel(spec);
    try {
      const noImages = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
      await expect(pythonProjectFiles(spec, model, 'cifar-10', noImages)).rejects.toThrow(new ExportRefused(pythonDatasetRefusal('cifar-10')!));
    } finally {
      model.dispose();
    }
  });

  it.each(['mnist', 'fashion-mnist'] as const)('writes train.py for %s, which it can read', (dataset) => {
    expect(pythonDatasetRefusal(dataset)).toBeNull();
    expect(trainPy(getPreset('tiny')!.spec, dataset)).toContain(`keras.datasets.${dataset.replace('-', '_')}.load_data()`);
  });
});
