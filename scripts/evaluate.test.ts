import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERAS_FIXTURES, KERAS_FIXTURES_DIR, readExpected } from '../src/engine/node/kerasFixtures';
import { buildModel } from '../src/engine/spec/build';
import { specToKerasJson } from '../src/engine/spec/keras-json';
import { getPreset } from '../src/engine/spec/presets';
import { captureArtifacts, exportModelFiles, joinWeights } from '../src/engine/storage/modelFiles';
import { evaluate, parseEvaluateArgs, type EvaluateArgs } from './evaluate';

const expected = readExpected();

describe('npm run evaluate: arguments', () => {
  it('names the bad argument instead of throwing', () => {
    const file = join(KERAS_FIXTURES_DIR, 'fashion_cnn_seed001.keras');
    expect(parseEvaluateArgs([file, '--dataset', 'fashion-mnist', '--limit', '50', '--json'])).toMatchObject({ files: [file], dataset: 'fashion-mnist', limit: 50, json: true, backend: 'wasm' });
    expect(parseEvaluateArgs([file])).toEqual({ error: expect.stringMatching(/--dataset mnist/) });
    expect(parseEvaluateArgs(['nope.keras', '--dataset', 'mnist'])).toEqual({ error: 'No such model file: nope.keras' });
    expect(parseEvaluateArgs([file, '--dataset', 'cifar'])).toEqual({ error: expect.stringMatching(/not "cifar"/) });
    expect(parseEvaluateArgs([file, '--dataset', 'mnist', '--limit', '0'])).toEqual({ error: expect.stringMatching(/--limit/) });
    expect(parseEvaluateArgs(['--dataset', 'mnist'])).toEqual({ error: 'Give the model file to evaluate.' });
  });
});

describe('npm run evaluate: real Keras files give the test accuracy Keras measured', () => {
  it.each(KERAS_FIXTURES.flatMap((name) => ['keras', 'h5'].map((ext) => ({ name, file: `${name}.${ext}` }))))('$file', async ({ name, file }) => {
    const want = expected[name];
    const report = await evaluate({ files: [join(KERAS_FIXTURES_DIR, file)], dataset: want.dataset, backend: 'wasm', json: true });
    expect(report).toMatchObject({ model: name, trained: true, params: want.params, count: 10_000 });
    expect(Math.abs(report.accuracy - want.testAccuracy)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(report.loss - want.testLoss)).toBeLessThanOrEqual(0.001);
  });
});

describe('npm run evaluate: the other formats', () => {
  it('opens a playground model.json + weights.bin, a foreign tfjs model, Keras JSON and TFANN notation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnnp-eval-'));
    try {
      const spec = getPreset('tiny')!.spec;
      const model = buildModel(spec);
      const files = await exportModelFiles(model, { name: 'tiny', savedAt: new Date(0).toISOString(), dataset: 'mnist', spec, epochs: 0 });
      writeFileSync(join(dir, 'model.json'), files.modelJson);
      writeFileSync(join(dir, 'weights.bin'), new Uint8Array(files.weights));
      const artifacts = await captureArtifacts(model);
      writeFileSync(join(dir, 'foreign.json'), JSON.stringify({ modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['foreign.bin'], weights: artifacts.weightSpecs }] }));
      writeFileSync(join(dir, 'foreign.bin'), new Uint8Array(joinWeights(artifacts.weightData)));
      writeFileSync(join(dir, 'keras.json'), JSON.stringify(specToKerasJson(spec)));
      writeFileSync(join(dir, 'net.tfann'), "[('C',[5,5,1,8],[1,1,1,1]), ('P',[1,2,2,1],[1,2,2,1]), ('F',10)]");
      const run = (file: string) => evaluate({ files: [join(dir, file)], dataset: 'mnist', limit: 100, backend: 'wasm', json: true } satisfies EvaluateArgs);
      const own = await run('model.json');
      const foreign = await run('foreign.json');
      expect(own).toMatchObject({ kind: 'tfjs', trained: true, count: 100, params: model.countParams() });
      // The same weights, read through two doors, give the same numbers.
      expect(foreign).toMatchObject({ kind: 'tfjs', trained: true, accuracy: own.accuracy });
      expect(foreign.loss).toBeCloseTo(own.loss, 5);
      expect(await run('keras.json')).toMatchObject({ kind: 'keras-json', trained: false, count: 100 });
      expect(await run('net.tfann')).toMatchObject({ kind: 'tfann', trained: false, count: 100 });
      model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
