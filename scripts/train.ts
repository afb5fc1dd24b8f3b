/**
 * Headless training with the same engine the page's worker runs (TrainingSession):
 *
 *   npm run train -- --preset <id> | --spec <file> [--dataset mnist|fashion-mnist|cifar-10|<file>] [--epochs N]
 *        [--limit N] [--test-limit N] [--validation-split F] [--batch N] [--lr X] [--seed N]
 *        [--backend wasm|cpu (default wasm)] [--out <dir>] [--json]
 *
 * Prints progress (stderr), each epoch's metrics, then the test-set accuracy and loss and the wall
 * time; `--json` prints one JSON document on stdout instead of the summary. `--out` writes the
 * model as model.json + weights.bin (tfjs layers format). Exit status: 0 trained, 1 the run failed,
 * 2 bad arguments. `--dataset <file>` trains on a dataset made in the page and exported (its
 * classes and image size; the network's output layer and batch are fitted to it). This is how the
 * seed articles' published numbers are reproduced outside a browser.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATASET_NAMES, isDatasetName } from '../src/engine/data/datasets';
import { fitSpecToDataset } from '../src/engine/data/fitSpec';
import { loadDatasetFromDisk } from '../src/engine/node/datasetSource';
import type { BackendName, EngineEvent, Evaluation, EpochMetrics, ModelFiles } from '../src/engine/protocol';
import { kerasJsonToSpec } from '../src/engine/spec/keras-json';
import { getPreset, PRESETS } from '../src/engine/spec/presets';
import { tfannToSpec } from '../src/engine/spec/tfann';
import type { DatasetName, ModelSpec, TrainingSpec } from '../src/engine/spec/types';
import { formatIssues, hasErrors, looksLikeSpec, parseSpec, type SpecIssue } from '../src/engine/spec/validate';
import { TrainingSession } from '../src/engine/session/session';
import { useNodeBackend } from '../src/engine/node/nodeBackend';
import { loadDatasetFile } from '../src/engine/node/customDatasetFile';

export interface TrainArgs {
  preset?: string;
  specFile?: string;
  dataset?: DatasetName;
  /** A learner's dataset file (made in the page and exported), given as --dataset <file>. */
  datasetFile?: string;
  epochs?: number;
  limit?: number;
  testLimit?: number;
  validationSplit: number;
  batch?: number;
  lr?: number;
  seed?: number;
  backend: BackendName;
  out?: string;
  json: boolean;
}

const USAGE =
  'Usage: npm run train -- --preset <id> | --spec <file> [--dataset mnist|fashion-mnist|cifar-10|cifar-10:3,5|<dataset file>] [--epochs N] [--limit N] ' +
  '[--test-limit N] [--validation-split F] [--batch N] [--lr X] [--seed N] [--backend cpu|wasm] [--out <dir>] [--json]';

/** Parses the command line; returns a message naming the bad argument instead of throwing. */
export function parseTrainArgs(argv: string[]): TrainArgs | { error: string } {
  // wasm (with our training kernels) is the fastest Node backend by far: the Fashion CNN trains at
  // hundreds of examples per second there and at one or two on plain-JavaScript cpu.
  const args: TrainArgs = { validationSplit: 0, backend: 'wasm', json: false };
  const integer = (flag: string, text: string | undefined, min: number): number | string => {
    const n = Number(text);
    return Number.isInteger(n) && n >= min ? n : `${flag} needs a whole number ≥ ${min}, not "${text ?? ''}"`;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = (): string | undefined => argv[++i];
    let value: number | string | undefined;
    switch (flag) {
      case '--json':
        args.json = true;
        continue;
      case '--preset':
        args.preset = next();
        if (!args.preset || !getPreset(args.preset)) return { error: `Unknown preset "${args.preset ?? ''}". Presets: ${PRESETS.map((p) => p.id).join(', ')}` };
        continue;
      case '--spec':
        args.specFile = next();
        if (!args.specFile || !existsSync(args.specFile)) return { error: `--spec needs an existing file, not "${args.specFile ?? ''}"` };
        continue;
      case '--dataset': {
        const name = next();
        if (name && !isDatasetName(name) && existsSync(name)) {
          args.datasetFile = name;
          continue;
        }
        if (!isDatasetName(name)) return { error: `--dataset is one of ${DATASET_NAMES.join(', ')}, some of their classes (e.g. cifar-10:3,5 for cats and dogs) or a dataset file exported from the page, not "${name ?? ''}"` };
        args.dataset = name;
        continue;
      }
      case '--backend': {
        const name = next();
        if (name !== 'cpu' && name !== 'wasm') return { error: `--backend is cpu or wasm in Node (webgl and webgpu need a browser), not "${name ?? ''}"` };
        args.backend = name;
        continue;
      }
      case '--out':
        args.out = next();
        if (!args.out) return { error: '--out needs a folder' };
        continue;
      case '--validation-split': {
        const f = Number(next());
        if (!(f >= 0 && f < 1)) return { error: '--validation-split needs a fraction from 0 up to (not including) 1' };
        args.validationSplit = f;
        continue;
      }
      case '--lr': {
        const lr = Number(next());
        if (!(lr > 0 && Number.isFinite(lr))) return { error: '--lr needs a positive learning rate, e.g. 0.001' };
        args.lr = lr;
        continue;
      }
      case '--epochs':
        value = integer(flag, next(), 1);
        if (typeof value === 'number') args.epochs = value;
        break;
      case '--limit':
        value = integer(flag, next(), 1);
        if (typeof value === 'number') args.limit = value;
        break;
      case '--test-limit':
        value = integer(flag, next(), 1);
        if (typeof value === 'number') args.testLimit = value;
        break;
      case '--batch':
        value = integer(flag, next(), 1);
        if (typeof value === 'number') args.batch = value;
        break;
      case '--seed':
        value = integer(flag, next(), 0);
        if (typeof value === 'number') args.seed = value;
        break;
      default:
        return { error: `Unknown argument "${flag}".` };
    }
    if (typeof value === 'string') return { error: value };
  }
  if (!args.preset === !args.specFile) return { error: 'Give exactly one of --preset <id> or --spec <file>.' };
  return args;
}

/** The spec named by the arguments, with the command line's training overrides applied. */
export function resolveSpec(args: TrainArgs): { spec?: ModelSpec; dataset: DatasetName; issues: SpecIssue[] } {
  let spec: ModelSpec | undefined;
  let issues: SpecIssue[] = [];
  let dataset: DatasetName = args.dataset ?? 'mnist';
  if (args.preset) {
    const preset = getPreset(args.preset)!;
    dataset = args.dataset ?? preset.dataset;
    // The preset's own training subset (seed 000: 2,048 images) unless --limit says otherwise.
    if (args.limit === undefined && preset.trainLimit !== undefined && dataset === preset.dataset) args.limit = preset.trainLimit;
    // A preset on another dataset takes that dataset's image shape and classes, as in the page.
    spec = fitSpecToDataset(preset.spec, dataset).spec;
  } else {
    const text = readFileSync(args.specFile!, 'utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined;
    }
    const parsed = doc === undefined ? tfannToSpec(text) : looksLikeSpec(doc) ? parseSpec(doc) : kerasJsonToSpec(doc);
    spec = parsed.spec;
    issues = parsed.issues;
  }
  if (spec) {
    const overrides: Partial<TrainingSpec> = {};
    if (args.epochs !== undefined) overrides.epochs = args.epochs;
    if (args.batch !== undefined) overrides.batchSize = args.batch;
    if (args.lr !== undefined) overrides.learningRate = args.lr;
    if (args.seed !== undefined) overrides.seed = args.seed;
    spec = { ...spec, training: { ...spec.training, ...overrides } };
  }
  return { spec, dataset, issues };
}


function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  return s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(1)} s`;
}

export interface TrainReport {
  spec: string;
  dataset: DatasetName;
  backend: BackendName;
  state: string;
  epochs: EpochMetrics[];
  test?: { accuracy: number; loss: number; count: number };
  seconds: number;
  examplesPerSecond: number;
  fault?: { kind: string; message: string; hint: string };
  files?: string[];
}

/** Trains as the arguments say and returns the report (also used by the CLI's test). */
export async function train(args: TrainArgs, log: (line: string) => void = () => undefined): Promise<TrainReport> {
  const resolved = resolveSpec(args);
  let { spec, dataset } = resolved;
  const { issues } = resolved;
  if (!spec || hasErrors(issues)) throw new Error(`The spec cannot be trained:\n${formatIssues(issues.filter((i) => i.severity === 'error'))}`);
  let getDataset = loadDatasetFromDisk;
  if (args.datasetFile) {
    const own = loadDatasetFile(args.datasetFile);
    dataset = own.dataset.name;
    const fitted = fitSpecToDataset(spec, own.dataset.name, { trainCount: own.dataset.train.count });
    spec = fitted.spec;
    log(`${args.datasetFile}: “${own.dataset.title}”, ${own.dataset.classNames.join(', ')}; ${own.dataset.train.count} training and ${own.dataset.test.count} test images${fitted.changes.length ? `; network fitted to it (${fitted.changes.join('; ')})` : ''}`);
    getDataset = (name) => (name === own.dataset.name ? Promise.resolve(own.dataset) : loadDatasetFromDisk(name));
  }
  await useNodeBackend(args.backend);
  const started = performance.now();
  const report: TrainReport = { spec: spec.name, dataset, backend: args.backend, state: 'running', epochs: [], seconds: 0, examplesPerSecond: 0 };
  let lastLog = -Infinity;
  let evaluation: Evaluation | undefined;
  let files: ModelFiles | undefined;
  const onEvent = (event: EngineEvent): void => {
    switch (event.type) {
      case 'progress':
        report.examplesPerSecond = event.examplesPerSecond;
        if (performance.now() - lastLog > 2000) {
          lastLog = performance.now();
          log(`epoch ${event.epoch + 1}/${event.epochs} batch ${event.batch}/${event.batchesPerEpoch}  loss ${event.loss.toFixed(4)}  acc ${event.accuracy.toFixed(4)}  ${event.examplesPerSecond.toFixed(1)} ex/s  eta ${formatSeconds(event.etaSeconds)}`);
        }
        return;
      case 'epochEnd': {
        const { type: _type, runId: _runId, ...metrics } = event;
        report.epochs.push(metrics);
        log(`epoch ${event.epoch + 1} done in ${formatSeconds(event.seconds)}: loss ${event.loss.toFixed(4)} acc ${event.accuracy.toFixed(4)}  val_loss ${event.valLoss.toFixed(4)} val_acc ${event.valAccuracy.toFixed(4)}`);
        return;
      }
      case 'fault':
        report.fault = { kind: event.kind, message: event.message, hint: event.hint };
        return;
      case 'runState':
        report.state = event.state;
        return;
      case 'evaluation':
        if (event.requestId !== undefined) evaluation = event.evaluation;
        return;
      case 'modelExported':
        files = event.files;
        return;
      case 'error':
        throw new Error(event.message);
      default:
        return;
    }
  };
  const session = new TrainingSession({ post: onEvent, getDataset, backendName: () => args.backend });
  try {
    log(`training ${spec.name} on ${dataset} with ${args.backend}: ${spec.training.epochs} epoch(s), batch ${spec.training.batchSize}, ${spec.training.optimizer} lr ${spec.training.learningRate}, seed ${spec.training.seed}`);
    await session.handle({
      type: 'train',
      runId: 1,
      spec,
      dataset,
      options: { trainLimit: args.limit, testLimit: args.testLimit, validationSplit: args.validationSplit },
    });
    await session.idle();
    report.seconds = (performance.now() - started) / 1000;
    if (report.state !== 'finished') return report;
    await session.handle({ type: 'evaluate', requestId: 1, limit: args.testLimit });
    if (evaluation) report.test = { accuracy: evaluation.accuracy, loss: evaluation.loss, count: evaluation.count };
    if (args.out) {
      await session.handle({ type: 'exportModel', requestId: 2 });
      if (files) {
        mkdirSync(args.out, { recursive: true });
        const paths = [join(args.out, 'model.json'), join(args.out, 'weights.bin')];
        writeFileSync(paths[0], files.modelJson);
        writeFileSync(paths[1], new Uint8Array(files.weights));
        report.files = paths;
      }
    }
    return report;
  } finally {
    session.dispose();
  }
}

async function main(): Promise<void> {
  const parsed = parseTrainArgs(process.argv.slice(2));
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n${USAGE}\n`);
    process.exit(2);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let report: TrainReport;
  try {
    report = await train(parsed, log);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (parsed.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (report.fault) {
    process.stdout.write(`Training ${report.state}: ${report.fault.message}\nHint: ${report.fault.hint}\n`);
  } else if (report.test) {
    process.stdout.write(
      `${report.spec} on ${report.dataset} (${report.backend}): test accuracy ${report.test.accuracy.toFixed(4)}, ` +
        `test loss ${report.test.loss.toFixed(4)} on ${report.test.count} images; ` +
        `${report.epochs.length} epoch(s) in ${formatSeconds(report.seconds)} (${report.examplesPerSecond.toFixed(1)} examples/s)\n`,
    );
    // Beside the source's own setting and result, so a reproduction can be judged at a glance.
    const published = parsed.preset ? getPreset(parsed.preset)?.publishedResult : undefined;
    if (published) {
      const result = published.accuracy === null ? 'no accuracy published' : `accuracy ${published.accuracy} after ${published.epochs} epoch(s)`;
      process.stdout.write(`published: ${result} (${published.source})\n`);
    }
    if (report.files) process.stdout.write(`wrote ${report.files.join(', ')}\n`);
  }
  process.exit(report.state === 'finished' ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
