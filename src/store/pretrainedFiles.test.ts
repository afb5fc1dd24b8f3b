/**
 * The pre-trained models under public/models/ are what src/store/pretrained.ts says they are: the
 * playground's own file format, the preset's network and dataset, the recorded epochs and seed,
 * float32 weights of the expected size, and the README records the same test accuracy.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountSpec } from '../engine/spec/accounting';
import { getPreset } from '../engine/spec/presets';
import { parseModelFiles } from '../engine/storage/modelFiles';
import { PRETRAINED_FILES, PRETRAINED_MODELS } from './pretrained';

const readme = readFileSync('public/models/README.md', 'utf8');

describe.each(PRETRAINED_MODELS.map((m) => [m.label, m] as const))('pre-trained %s', (_, entry) => {
  const folder = `public/models/${entry.folder}`;
  const bytes = readFileSync(`${folder}/weights.bin`);
  const parsed = parseModelFiles({ modelJson: readFileSync(`${folder}/model.json`, 'utf8'), weights: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });

  it('is the preset trained on its dataset, with the recorded epochs and seed', () => {
    const preset = getPreset(entry.presetId)!;
    const spec = parsed.metadata.spec;
    expect({ ...spec, training: { ...spec.training, epochs: 0 } }).toEqual({ ...preset.spec, training: { ...preset.spec.training, epochs: 0 } });
    expect(spec.training).toMatchObject({ epochs: entry.epochs, seed: entry.seed });
    expect(parsed.metadata.dataset).toBe(entry.dataset);
    expect(parsed.metadata.history).toHaveLength(entry.epochs);
  });

  it('holds one float32 per parameter, and both files are small', () => {
    expect(bytes.byteLength).toBe(4 * accountSpec(parsed.metadata.spec)!.totalParams);
    for (const name of PRETRAINED_FILES) expect(statSync(`${folder}/${name}`).size).toBeLessThan(2_000_000);
  });

  it('has its command and test accuracy recorded in the README', () => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${entry.folder}/\``));
    expect(row).toContain(`--preset ${entry.presetId} --epochs ${entry.epochs} --seed ${entry.seed} --out public/models/${entry.folder}`);
    expect(row).toContain(`| ${entry.testAccuracy.toFixed(4)} |`);
  });
});
