/**
 * No code injection into exported Python: hostile model names travel the way an attacker sends them,
 * in a shared link (encoded, then read back by the page's own link reader), into both exporters; Python's
 * own parser then checks that each module has exactly the statements the generator meant, with the name
 * intact in MODEL_NAME and nothing broken out of its comment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_OPTIONS } from '../../store/specSlice';
import { decodeSetup, encodeSetup, type SharedSetup } from '../../store/urlState';
import { projectPython, runPythonScript, skipWithoutPython } from '../node/python';
import { PRESETS } from './presets';
import { exportKerasPython, exportPytorchPython } from './python-export';
import type { DatasetName, ModelSpec } from './types';

/** Names that have broken code generators before: line breaks of every kind, quotes, escapes, encodings. */
const ATTACKS = [
  'Nice model\nimport os; os.system("echo pwned")\n#',
  'Nice model\rimport os\r#',
  'a\r\nimport os',
  'x\u2028import os',
  'x\u2029import os',
  'x\u0085import os',
  'x\x0bimport os',
  'x\x0cimport os',
  'x\x1c\x1d\x1eimport os',
  'x\x00import os',
  '"; import os; x = "',
  "'; import os; x = '",
  '"""; import os; """',
  "'''; import os; '''",
  '\\',
  'ends with a backslash \\',
  '\\"; import os #',
  '\\N{LATIN SMALL LETTER A}',
  '\\x41\\u0041\\U00000041\\101',
  '{__import__("os").system("x")}',
  'f"{1}"',
  'x coding: utf-7 +AAo-import os+AAo-',
  '-*- coding: utf-7 -*-',
  'coding=latin-1',
  '\ud800',
  'lone low \udc00 surrogate',
  '\udbff\udfff',
  '😀 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'Trojan \u202e\u2066 source \u2069\u202c',
  'zero\u200bwidth\ufeffBOM',
  'tab\there',
  '\t# indented',
  '    import os',
  '# type: ignore',
  '',
  ' ',
  'x'.repeat(500),
  '\n'.repeat(50),
];

/** Fragments the random names are assembled from, next to arbitrary code units. */
const FRAGMENTS = [
  '\n',
  '\r',
  '\r\n',
  '"',
  "'",
  '"""',
  '\\',
  '#',
  '{',
  '}',
  'import os',
  'coding: utf-7',
  '+AAo-',
  '\u2028',
  '\u0085',
  '\x00',
  '\x0c',
  '\ud83d',
  '\ude00',
  'é',
  ';',
  ')',
  ']',
  '\t',
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
const piece = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 }), codeUnit);
const RANDOM = fc.sample(
  fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
  { numRuns: 1_000, seed: 20 },
);

const NAMES = [...ATTACKS, ...RANDOM];
const EXPORTERS = { keras: exportKerasPython, torch: exportPytorchPython } as const;
const DATASETS: DatasetName[] = ['mnist', 'fashion-mnist'];

interface Case {
  id: string;
  ref: string;
  name: string;
  code: string;
}

/** The spec as a learner's page gets it from a link that carries `spec`. */
function viaLink(spec: ModelSpec, dataset: DatasetName): ModelSpec {
  const setup: SharedSetup = { spec, dataset, trainOptions: { ...DEFAULT_TRAIN_OPTIONS }, presetId: null };
  const decoded = decodeSetup(`#${encodeSetup(setup)}`, { ...setup, spec: { ...spec, name: 'fallback' } });
  expect(decoded.problem).toBeNull();
  return decoded.setup.spec;
}

function buildCases(): { references: Record<string, string>; cases: Case[] } {
  const references: Record<string, string> = {};
  const cases: Case[] = [];
  NAMES.forEach((name, n) => {
    const preset = PRESETS[n % PRESETS.length];
    const dataset = DATASETS[n % DATASETS.length];
    const spec = viaLink({ ...structuredClone(preset.spec), name }, dataset);
    // The link reader keeps names to 200 code units (which may split a surrogate pair: still escaped).
    expect(spec.name).toBe(name.slice(0, 200));
    for (const [framework, exporter] of Object.entries(EXPORTERS)) {
      const ref = `${framework}/${preset.id}/${dataset}`;
      references[ref] ??= exporter({ ...spec, name: '' }, dataset).code!;
      cases.push({
        id: `${framework} #${n} ${JSON.stringify(name).slice(0, 60)}`,
        ref,
        name: spec.name,
        code: exporter(spec, dataset).code!,
      });
    }
  });
  return { references, cases };
}

describe('Python export under hostile names', () => {
  const { references, cases } = buildCases();

  it('writes code for every name, as well-formed ASCII outside the name comment', () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(1_000);
    for (const c of cases) {
      expect(c.code, c.id).toEqual(expect.any(String));
      // Well-formed Unicode: a lone surrogate would turn into U+FFFD on the way to a file.
      expect(Buffer.from(c.code, 'utf8').toString('utf8') === c.code, c.id).toBe(true);
      // Lines 1–2, where Python reads a `coding:` declaration, never hold user text.
      expect(c.code.split('\n').slice(0, 2), c.id).toEqual(references[c.ref].split('\n').slice(0, 2));
      // Only the comment may keep non-ASCII text (readable letters), never a line break of any kind.
      const outside = c.code.split('\n').filter((line) => !line.startsWith('# Model: '));
      expect(outside.join('\n'), c.id).toMatch(/^[\x20-\x7e\n]*$/);
      expect(c.code.split('\n').length, c.id).toBe(references[c.ref].split('\n').length);
    }
  });

  const env = projectPython([]);
  it.skipIf(skipWithoutPython('hostile names through ast.parse', env))(
    `Python's ast.parse finds exactly the generator's statements in ${cases.length} modules`,
    () => {
      const run = runPythonScript(env.python!, 'export_ast_check.py', JSON.stringify({ references, cases }));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const result = JSON.parse(run.stdout) as { checked: number; failures: { id: string; why: string }[] };
      expect(result.failures.slice(0, 10)).toEqual([]);
      expect(result.checked).toBe(cases.length);
      expect(result.checked).toBeGreaterThanOrEqual(2_000);
    },
  );
});
