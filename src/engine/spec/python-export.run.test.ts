/**
 * The exported Python runs: the tf.keras and PyTorch code of every preset is saved as a file and run by
 * the project's Python (.venv, `npm run python-env`) the way a learner runs it, on a few real images
 * read from the playground's own IDX files. The code builds the model, asserts its parameter count
 * and output shape, and trains one step; the test checks the framework's own count against the
 * playground's summary and that the step produced a finite loss.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetFolders } from '../node/datasetSource';
import { projectPython, skipWithoutPython } from '../node/python';
import { accountSpec } from './accounting';
import { PRESETS, type Preset } from './presets';
import { exportKerasPython, exportPytorchPython } from './python-export';
import type { DatasetName } from './types';

/** Fewer images than any preset's batch: one training step. */
const IMAGES = 16;

const env = projectPython(['tensorflow', 'keras', 'torch', 'numpy']);
const skip = skipWithoutPython('exported tf.keras and PyTorch code run in real Python', env);
const dir = mkdtempSync(join(tmpdir(), 'cnnp-python-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dataDir(name: DatasetName): string {
  const found = datasetFolders(name).find((folder) => existsSync(join(folder, 'train-images-idx3-ubyte.gz')));
  if (!found)
    throw new Error(
      `${name} IDX files not found in ${datasetFolders(name).join(' or ')}; run \`npm run datasets\``,
    );
  return found;
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Two Pythons at a time, whatever vitest's concurrency: the machine may have only two cores. */
let slots = 2;
const waiting: (() => void)[] = [];
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots === 0) await new Promise<void>((go) => waiting.push(go));
  else slots--;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else slots++;
  }
}

/** Runs `python file` with the quick-try settings the exported code documents. */
function runFile(file: string, dataset: DatasetName): Promise<Ran> {
  return inSlot(
    () =>
      new Promise((resolve) => {
        const child = spawn(env.python!, [file], {
          cwd: dir,
          env: {
            ...process.env,
            CNNP_DATA_DIR: dataDir(dataset),
            CNNP_EPOCHS: '1',
            CNNP_TRAIN_LIMIT: String(IMAGES),
            CNNP_TEST_LIMIT: String(IMAGES),
            // The machine is shared; quiet TensorFlow's start-up log.
            OMP_NUM_THREADS: '2',
            TF_CPP_MIN_LOG_LEVEL: '2',
            PYTHONIOENCODING: 'utf-8',
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      }),
  );
}

const frameworks = [
  { framework: 'tf.keras', exporter: exportKerasPython },
  { framework: 'PyTorch', exporter: exportPytorchPython },
] as const;

// The exported code reads IDX files; presets on other datasets are refused by the exporters
// (checked in python-export.test.ts), so only the IDX presets run here.
const cases = PRESETS.filter((preset) => preset.dataset === 'mnist' || preset.dataset === 'fashion-mnist').flatMap((preset) =>
  frameworks.map((f) => ({ ...f, preset, label: `${preset.id} (${f.framework})` })),
);

describe.skipIf(skip)('exported Python runs in .venv', () => {
  it.concurrent.each(cases)(
    '$label builds, counts the summary’s parameters and trains one step on real images',
    async ({
      framework,
      exporter,
      preset,
    }: {
      framework: string;
      exporter: typeof exportKerasPython;
      preset: Preset;
    }) => {
      const total = accountSpec(preset.spec)!.totalParams;
      // Fewer images than one batch: exactly one training step.
      expect(preset.spec.training.batchSize).toBeGreaterThanOrEqual(IMAGES);
      const { code } = exporter(preset.spec, preset.dataset);
      const file = join(dir, `${preset.id}-${framework === 'PyTorch' ? 'torch' : 'keras'}.py`);
      writeFileSync(file, code!, 'utf8');
      const ran = await runFile(file, preset.dataset);
      expect(ran.stderr.split('\n').filter((l) => /Error|Traceback/.test(l))).toEqual([]);
      expect(ran.status).toBe(0);
      // The framework's own count, printed by model.summary() / the code's print, against the playground's summary.
      const printed = /Total params: ([\d,]+)/.exec(ran.stdout)?.[1];
      expect(printed?.replaceAll(',', '')).toBe(String(total));
      // The code's last line: "<MODEL_NAME>: …loss X…", the name as the spec has it.
      const last = ran.stdout.split('\n').find((line) => line.startsWith(`${preset.spec.name}: `));
      const loss = /loss (\S+?),?(?: |$)/.exec(last ?? '')?.[1];
      expect(Number.isFinite(Number(loss)), `loss ${loss} in:\n${ran.stdout.slice(-2000)}`).toBe(true);
    },
    // Generous: the clock runs while a test waits for one of the two Python slots, on a shared machine.
    900_000,
  );
});
