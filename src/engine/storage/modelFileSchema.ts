/**
 * Schemas (valibot) for every field of a loaded `model.json` that the playground reads: the weights
 * manifest and the playground's metadata. A file from anywhere is hostile until it passed these: a
 * `null` history entry, a 20,000-deep nested value, a shape of −1 or a dtype tfjs cannot decode is
 * refused here with the path of the field, before anything else touches it. The output carries only
 * the known fields (unknown keys are dropped), so nothing odd rides along to the page. The spec itself
 * is checked by `parseSpec` (its own validator with per-layer messages).
 */
import * as v from 'valibot';
import { isDatasetName } from '../data/datasets';
import type { DatasetName } from '../spec/types';

/** More epochs than any run can have (the epochs field allows far fewer); bounds what is cloned. */
export const MAX_HISTORY = 1000;
/** More weight tensors than any network the builder allows. */
export const MAX_WEIGHTS = 2000;
export const MAX_NAME_LENGTH = 200;

/** A plain object: valibot's object() also takes a list, whose indices then look like missing keys. */
function record<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.custom<unknown>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'an object'),
    schema,
  );
}

/** JSON has no NaN: a saved NaN metric (no validation split, a diverged run) comes back as null. */
const metric = v.pipe(
  v.union([v.number(), v.null()]),
  v.transform((value) => (value === null ? NaN : value)),
);

const epochMetrics = record(
  v.object({
    epoch: v.pipe(v.number(), v.integer(), v.minValue(0)),
    loss: metric,
    accuracy: metric,
    valLoss: metric,
    valAccuracy: metric,
    seconds: metric,
  }),
);

/** The playground's entry in userDefinedMetadata (the spec is checked by parseSpec afterwards). */
export const metadataSchema = v.object({
  name: v.optional(
    v.pipe(v.string(), v.maxLength(MAX_NAME_LENGTH, `is longer than ${MAX_NAME_LENGTH} characters`)),
  ),
  savedAt: v.optional(v.string()),
  dataset: v.optional(v.custom<DatasetName>(isDatasetName, 'a dataset name (mnist, fashion-mnist, cifar-10, some of their classes such as cifar-10:3,5, or one of your own datasets)')),
  spec: v.looseObject({}),
  epochs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  testAccuracy: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  history: v.optional(
    v.pipe(v.array(epochMetrics), v.maxLength(MAX_HISTORY, `has more than ${MAX_HISTORY} epochs`)),
  ),
});

const weightEntry = record(
  v.object({
    name: v.pipe(v.string(), v.minLength(1)),
    shape: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(6)),
    // What tfjs layers models store; 'string' and 'complex64' weights do not occur in a playground model.
    dtype: v.picklist(['float32', 'int32', 'bool']),
    quantization: v.optional(
      record(
        v.object({
          dtype: v.picklist(['uint8', 'uint16', 'float16']),
          scale: v.optional(v.number()),
          min: v.optional(v.number()),
        }),
      ),
    ),
  }),
);

export const manifestSchema = v.pipe(
  v.array(record(v.object({ paths: v.optional(v.array(v.string())), weights: v.array(weightEntry) }))),
  v.check(
    (groups) => groups.reduce((n, g) => n + g.weights.length, 0) <= MAX_WEIGHTS,
    `lists more than ${MAX_WEIGHTS} weights`,
  ),
);

export type CheckedMetadata = v.InferOutput<typeof metadataSchema>;
export type CheckedManifest = v.InferOutput<typeof manifestSchema>;

/** "userDefinedMetadata.cnnPlayground.history[3].epoch" style path of a valibot issue. */
function pathOf(prefix: string, issue: v.BaseIssue<unknown>): string {
  let path = prefix;
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return path;
}

/** What a value is, for a message (never the value itself: it may be huge). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  return typeof value === 'number'
    ? `the number ${Number.isFinite(value) ? value : String(value)}`
    : typeof value;
}

/**
 * Parses `value` with `schema`, or returns the first problem as one sentence naming the field, e.g.
 * "userDefinedMetadata.cnnPlayground.history[0] is null where an object was expected".
 */
export function check<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  prefix: string,
): { ok: true; value: v.InferOutput<S> } | { ok: false; problem: string } {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const where = pathOf(prefix, issue);
  if (issue.type === 'custom')
    return { ok: false, problem: `${where} is ${kindOf(issue.input)} where ${issue.message} was expected` };
  if (issue.kind === 'schema') {
    const expected = issue.expected ? ` where ${describeExpected(issue.expected)} was expected` : '';
    return { ok: false, problem: `${where} is ${kindOf(issue.input)}${expected}` };
  }
  // Validation actions carry the message given above ("has more than …") or valibot's default.
  const custom = /^(is|has|lists) /.test(issue.message)
    ? issue.message
    : `is ${kindOf(issue.input)}, which is not allowed (${issue.message})`;
  return { ok: false, problem: `${where} ${custom}` };
}

function describeExpected(expected: string): string {
  const words: Record<string, string> = {
    Object: 'an object',
    Array: 'a list',
    number: 'a number',
    string: 'text',
    '(number | null)': 'a number',
  };
  const options = expected.replace(/^\((.*)\)$/, '$1');
  return (
    words[expected] ?? (options.includes(' | ') ? 'one of ' : '') + options.replace(/"([^"]*)"/g, '“$1”')
  );
}
