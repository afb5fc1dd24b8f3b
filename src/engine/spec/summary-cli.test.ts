import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specToKerasJson } from './keras-json';
import { getPreset } from './presets';

const root = join(__dirname, '..', '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'summary.ts'), ...args], { encoding: 'utf8', cwd: root });
const dir = mkdtempSync(join(tmpdir(), 'summary-cli-'));

describe('npm run summary', () => {
  it('prints the Keras-style table of a preset with params, multiply-adds and receptive field', () => {
    const { status, stdout } = run('fashion-cnn');
    expect(status).toBe(0);
    expect(stdout).toContain('Model: "Fashion-MNIST CNN"');
    expect(stdout).toMatch(/conv2d_2 \(Conv2D\)\s+\(None, 14, 14, 64\)\s+18,496\s+3,612,672\s+8×8 \(jump 2×2\)/);
    expect(stdout).toContain('Total params: 421,642');
    expect(stdout).toContain('Multiply-adds per example (forward): 4,241,152');
  });

  it('prints JSON with --json, and reads Keras JSON files', () => {
    const file = join(dir, 'keras.json');
    writeFileSync(file, JSON.stringify(specToKerasJson(getPreset('lenet5')!.spec)));
    const { status, stdout } = run(file, '--json');
    expect(status).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.valid).toBe(true);
    expect(out.accounting.totalParams).toBe(61_706);
    expect(out.rows[0]).toMatchObject({ name: 'conv2d_0', type: 'Conv2D', outputShape: '(None, 28, 28, 6)', params: 156 });
  });

  it('prints the validation messages of an invalid spec and exits non-zero', () => {
    const file = join(dir, 'bad.json');
    const spec = getPreset('fashion-cnn')!.spec;
    spec.layers.splice(4, 1);
    writeFileSync(file, JSON.stringify(spec));
    const { status, stderr } = run(file);
    expect(status).toBe(1);
    expect(stderr).toContain('error: Layer 5 (Dense) receives the 7×7×64 feature maps');
    expect(stderr).toContain('Insert a Flatten layer before layer 5');
    expect(run('no-such-model').status).toBe(2);
  });
});
