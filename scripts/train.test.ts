import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelFiles } from '../src/engine/storage/modelFiles';
import { parseTrainArgs, resolveSpec, train, type TrainArgs } from './train';

describe('npm run train: arguments', () => {
  it('reads every option and applies the training overrides to the preset', () => {
    const args = parseTrainArgs(['--preset', 'fashion-cnn', '--epochs', '2', '--limit', '500', '--batch', '16', '--seed', '3', '--lr', '0.01', '--json']) as TrainArgs;
    expect(args).toMatchObject({ preset: 'fashion-cnn', epochs: 2, limit: 500, batch: 16, seed: 3, lr: 0.01, json: true, backend: 'wasm' });
    const { spec, dataset } = resolveSpec(args);
    expect(dataset).toBe('fashion-mnist');
    expect(spec?.training).toMatchObject({ epochs: 2, batchSize: 16, seed: 3, learningRate: 0.01 });
  });

  it("fits a preset to another dataset and brings a preset's own training subset (seed 000: 2,048 cats and dogs)", () => {
    const moved = resolveSpec(parseTrainArgs(['--preset', 'fashion-cnn', '--dataset', 'cifar-10']) as TrainArgs);
    expect([moved.dataset, moved.spec?.inputShape, moved.spec?.numClasses]).toEqual(['cifar-10', [32, 32, 3], 10]);
    const seed = parseTrainArgs(['--preset', 'tfann-cnnc-cifar']) as TrainArgs;
    const resolved = resolveSpec(seed);
    expect([resolved.dataset, resolved.spec?.inputShape, resolved.spec?.numClasses, seed.limit]).toEqual(['cifar-10:3,5', [32, 32, 3], 2, 2048]);
    const limited = parseTrainArgs(['--preset', 'tfann-cnnc-cifar', '--limit', '512']) as TrainArgs;
    resolveSpec(limited);
    expect(limited.limit).toBe(512);
    expect(parseTrainArgs(['--preset', 'tiny', '--dataset', 'cifar-10:3,3'])).toEqual({ error: expect.stringMatching(/--dataset is one of mnist, fashion-mnist, cifar-10/) });
  });

  it('names the bad argument instead of throwing', () => {
    expect(parseTrainArgs(['--preset', 'nope'])).toEqual({ error: expect.stringMatching(/Unknown preset "nope"\. Presets: tiny/) });
    expect(parseTrainArgs(['--preset', 'tiny', '--epochs', 'two'])).toEqual({ error: '--epochs needs a whole number ≥ 1, not "two"' });
    expect(parseTrainArgs(['--preset', 'tiny', '--backend', 'webgl'])).toEqual({ error: expect.stringMatching(/need a browser/) });
    expect(parseTrainArgs(['--epochs', '1'])).toEqual({ error: 'Give exactly one of --preset <id> or --spec <file>.' });
    expect(parseTrainArgs(['--preset', 'tiny', '--frobnicate'])).toEqual({ error: 'Unknown argument "--frobnicate".' });
  });
});

describe('npm run train: a short run', () => {
  it('trains, reports the test accuracy and loss, and writes model files that load back', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cnnp-train-'));
    try {
      const lines: string[] = [];
      const args = parseTrainArgs(['--preset', 'tiny', '--epochs', '1', '--limit', '320', '--batch', '32', '--test-limit', '100', '--out', out]) as TrainArgs;
      const report = await train(args, (line) => lines.push(line));
      expect(report.state).toBe('finished');
      expect(report.epochs).toHaveLength(1);
      expect(report.test?.count).toBe(100);
      expect(report.test?.accuracy).toBeGreaterThan(0.2);
      expect(Number.isFinite(report.test?.loss)).toBe(true);
      expect(lines[0]).toMatch(/^training Tiny CNN on mnist with wasm/);
      const parsed = parseModelFiles({
        modelJson: readFileSync(join(out, 'model.json'), 'utf8'),
        weights: new Uint8Array(readFileSync(join(out, 'weights.bin'))).buffer,
      });
      expect(parsed.metadata.spec.name).toBe('Tiny CNN');
      expect(parsed.metadata.history).toHaveLength(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
