import { describe, expect, it } from 'vitest';
import { getPreset } from '../spec/presets';
import { kerasModelPy, trainPy } from './python-files';

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
