/**
 * Test-set accuracy and loss of a model file, with the engine the page runs:
 *
 *   npm run evaluate -- <model file> [<weights .bin>] --dataset mnist|fashion-mnist|cifar-10 [--limit N]
 *        [--backend wasm|cpu (default wasm)] [--json]
 *
 * The model file is any format the page opens: Keras 3 `.keras`, Keras `.h5`, a TensorFlow.js
 * model.json (its weights .bin is found beside it from the manifest), Keras architecture JSON, a
 * playground spec or TFANN notation (the last three untrained). Prints accuracy and loss, or one JSON
 * document with `--json`. Exit status: 0 evaluated, 1 the file could not be opened, 2 bad arguments.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { type OpenedModel, openModelFile, type PickedFile } from '../src/engine/files/open-model-file';
import { evaluateSplit } from '../src/engine/inspect/evaluation';
import { DATASET_NAMES, isDatasetName } from '../src/engine/data/datasets';
import { loadDatasetFromDisk } from '../src/engine/node/datasetSource';
import type { BackendName } from '../src/engine/protocol';
import type { DatasetName } from '../src/engine/spec/types';
import { outputIsProbabilities } from '../src/engine/train/objective';
import { uploadSplit } from '../src/engine/train/residentData';
import { useNodeBackend } from '../src/engine/node/nodeBackend';

export interface EvaluateArgs {
  files: string[];
  dataset: DatasetName;
  limit?: number;
  backend: BackendName;
  json: boolean;
}

const USAGE = 'Usage: npm run evaluate -- <model file> [<weights .bin>] --dataset mnist|fashion-mnist|cifar-10 [--limit N] [--backend wasm|cpu] [--json]';

/** Parses the command line; returns a message naming the bad argument instead of throwing. */
export function parseEvaluateArgs(argv: string[]): EvaluateArgs | { error: string } {
  const files: string[] = [];
  let dataset: DatasetName | undefined;
  let limit: number | undefined;
  let backend: BackendName = 'wasm';
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--json':
        json = true;
        break;
      case '--dataset': {
        const name = argv[++i];
        if (!isDatasetName(name)) return { error: `--dataset is one of ${DATASET_NAMES.join(', ')}, not "${name ?? ''}"` };
        dataset = name;
        break;
      }
      case '--limit': {
        const text = argv[++i];
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1) return { error: `--limit needs a whole number ≥ 1, not "${text ?? ''}"` };
        limit = n;
        break;
      }
      case '--backend': {
        const name = argv[++i];
        if (name !== 'cpu' && name !== 'wasm') return { error: `--backend is cpu or wasm in Node (webgl and webgpu need a browser), not "${name ?? ''}"` };
        backend = name;
        break;
      }
      default:
        if (arg.startsWith('--')) return { error: `Unknown argument "${arg}".` };
        if (!existsSync(arg)) return { error: `No such model file: ${arg}` };
        files.push(arg);
    }
  }
  if (files.length === 0) return { error: 'Give the model file to evaluate.' };
  if (!dataset) return { error: 'Give the dataset to evaluate on: --dataset mnist or --dataset fashion-mnist.' };
  return { files, dataset, limit, backend, json };
}

/** The files to open: a model.json brings the weight files its manifest names, when they lie beside it. */
export function pickFiles(paths: string[]): PickedFile[] {
  const picked = paths.map((path) => ({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) }));
  for (const path of paths.filter((p) => p.endsWith('.json'))) {
    try {
      const doc = JSON.parse(readFileSync(path, 'utf8')) as { weightsManifest?: { paths?: string[] }[] };
      const wanted = (doc.weightsManifest ?? []).flatMap((g) => g.paths ?? []);
      if (wanted.length > 1) throw new Error(`${path} has its weights in ${wanted.length} shards; join them into one .bin first.`);
      for (const name of wanted) {
        const beside = join(dirname(path), name);
        if (!picked.some((f) => f.name.endsWith('.bin')) && existsSync(beside)) picked.push({ name, bytes: new Uint8Array(readFileSync(beside)) });
      }
    } catch (error) {
      if (error instanceof SyntaxError) continue; // not JSON: TFANN notation, opened as text
      throw error;
    }
  }
  return picked;
}


export interface EvaluateReport {
  model: string;
  kind: OpenedModel['kind'];
  trained: boolean;
  dataset: DatasetName;
  backend: BackendName;
  params: number;
  accuracy: number;
  loss: number;
  count: number;
  warnings: string[];
}

/** Opens the model file and evaluates it on the test set (the first `limit` images). */
export async function evaluate(args: EvaluateArgs): Promise<EvaluateReport> {
  await useNodeBackend(args.backend);
  const opened = await openModelFile(pickFiles(args.files));
  const dataset = await loadDatasetFromDisk(args.dataset, 0);
  try {
    if (opened.spec.numClasses !== dataset.classNames.length) {
      throw new Error(`The model predicts ${opened.spec.numClasses} classes but ${args.dataset} has ${dataset.classNames.length}.`);
    }
    const split = uploadSplit(dataset.test);
    try {
      const result = await evaluateSplit(opened.model, split, { probabilities: outputIsProbabilities(opened.spec), numClasses: opened.spec.numClasses, limit: args.limit });
      return {
        model: opened.spec.name,
        kind: opened.kind,
        trained: opened.trained,
        dataset: args.dataset,
        backend: args.backend,
        params: opened.model.countParams(),
        accuracy: result.accuracy,
        loss: result.loss,
        count: result.count,
        warnings: opened.issues.map((i) => i.message),
      };
    } finally {
      tf.dispose([split.images, split.labels]);
    }
  } finally {
    opened.model.dispose();
  }
}

async function main(): Promise<void> {
  const parsed = parseEvaluateArgs(process.argv.slice(2));
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n${USAGE}\n`);
    process.exit(2);
  }
  let report: EvaluateReport;
  try {
    report = await evaluate(parsed);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  if (parsed.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
    const untrained = report.trained ? '' : ' (untrained: the file has no weights)';
    process.stdout.write(
      `${report.model}${untrained} on ${report.dataset} (${report.backend}, ${report.params.toLocaleString('en')} params): ` +
        `test accuracy ${report.accuracy.toFixed(4)}, test loss ${report.loss.toFixed(4)} on ${report.count} images\n`,
    );
  }
  process.exit(0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
