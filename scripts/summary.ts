/**
 * `npm run summary -- <preset-name | spec.json | keras.json | tfann.txt> [--json]`
 * Prints the Keras-style summary of a network (output shapes, params, multiply-adds, receptive
 * field), or with --json the same as JSON. An invalid spec prints its validation messages and
 * exits with status 1; a missing or unreadable argument exits with status 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { accountSpec, summaryRows } from '../src/engine/spec/accounting';
import { formatIssues, hasErrors, type SpecIssue } from '../src/engine/spec/issues';
import { kerasJsonToSpec } from '../src/engine/spec/keras-json';
import { getPreset, PRESETS } from '../src/engine/spec/presets';
import { formatSummary } from '../src/engine/spec/summary-format';
import { tfannToSpec } from '../src/engine/spec/tfann';
import type { ModelSpec } from '../src/engine/spec/types';
import { looksLikeSpec, parseSpec } from '../src/engine/spec/validate';

function usage(problem: string): never {
  process.stderr.write(
    `${problem}\nUsage: npm run summary -- <preset | spec.json | keras.json | tfann.txt> [--json]\nPresets: ${PRESETS.map((p) => p.id).join(', ')}\n`,
  );
  process.exit(2);
}

/** A preset id, or a file holding a playground spec, Keras model JSON or TFANN notation. */
function load(arg: string): { spec?: ModelSpec; issues: SpecIssue[]; source: string } {
  const preset = getPreset(arg);
  if (preset) return { spec: preset.spec, issues: [], source: `preset ${preset.id}` };
  if (!existsSync(arg)) usage(`"${arg}" is neither a preset nor a file.`);
  const text = readFileSync(arg, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Not JSON: the TFANN article's Python tuple notation is the one text format left.
    return { ...tfannToSpec(text), source: `TFANN notation in ${arg}` };
  }
  if (looksLikeSpec(doc)) return { ...parseSpec(doc), source: `spec ${arg}` };
  return { ...kerasJsonToSpec(doc), source: `Keras JSON ${arg}` };
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  if (args.length !== 1) usage(args.length === 0 ? 'Name a preset or a file.' : `Expected one model, got ${args.length}: ${args.join(' ')}.`);
  const { spec, issues, source } = load(args[0]);
  const accounting = spec && !hasErrors(issues) ? accountSpec(spec) : null;
  if (json) {
    const rows = accounting ? summaryRows(accounting) : null;
    process.stdout.write(`${JSON.stringify({ source, valid: accounting !== null, issues, spec: spec ?? null, accounting, rows }, null, 2)}\n`);
    return accounting ? 0 : 1;
  }
  if (issues.length) process.stderr.write(`${formatIssues(issues)}\n\n`);
  if (!spec || !accounting) {
    process.stderr.write(`${source} is not a valid model (${issues.filter((i) => i.severity === 'error').length} error(s)).\n`);
    return 1;
  }
  process.stdout.write(`${formatSummary(spec.name, accounting)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
