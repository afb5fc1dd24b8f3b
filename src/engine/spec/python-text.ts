/**
 * Safe pieces of generated Python. Everything the exporters write that comes from a user (a model
 * name from a shared link, a file or a field) goes through here: text is escaped for the place it
 * goes (a string literal or a comment) and numbers and choices are checked, or the export is refused.
 * Nothing from a user may ever become Python syntax.
 */

/** Thrown when a value cannot be written safely; the exporters turn it into `code: null` with the reason. */
export class ExportRefused extends Error {}

/**
 * Characters written as themselves: letters, marks, digits, punctuation, symbols and the plain space.
 * Everything else is escaped: control characters (newline, carriage return, form feed, NUL), the Unicode
 * line and paragraph separators, format characters (bidirectional overrides and zero-width characters,
 * which make code read differently from what runs: "Trojan Source"), other spaces, lone surrogates and
 * unassigned or private-use code points.
 */
const VISIBLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function escapeCodePoint(cp: number): string {
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp === 0x09) return '\\t';
  const hex = cp.toString(16);
  if (cp < 0x100) return `\\x${hex.padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** Code points of a JS string; a lone surrogate comes out as itself (for...of yields it alone). */
function* codePoints(text: string): Generator<[string, number]> {
  for (const ch of text) yield [ch, ch.codePointAt(0) as number];
}

/** A Python string literal ("…") whose value is exactly `text`, lone surrogates included. ASCII-only. */
export function pyString(text: string): string {
  if (typeof text !== 'string') throw new ExportRefused(`expected text, got ${typeof text}`);
  let out = '"';
  for (const [ch, cp] of codePoints(text)) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else out += escapeCodePoint(cp);
  }
  return `${out}"`;
}

/**
 * Text for the inside of a `#` comment: stays on its one line whatever it holds (every line break and
 * invisible character is shown as its escape, e.g. `\n`), and keeps readable letters of any script.
 * Comments must still never be on lines 1–2, where Python reads a `coding:` declaration.
 */
export function pyComment(text: string): string {
  if (typeof text !== 'string') throw new ExportRefused(`expected text, got ${typeof text}`);
  let out = '';
  for (const [ch, cp] of codePoints(text))
    out += ch === '\\' ? '\\\\' : VISIBLE.test(ch) ? ch : escapeCodePoint(cp);
  return out;
}

/** A Python float/int literal of a finite number; anything else is refused (NaN, ±Infinity, text). */
/** Text for inside a """docstring""": one line as `pyComment` makes it, with quotes escaped so it cannot close. */
export function pyDocText(text: string): string {
  return pyComment(text).replaceAll('"', '\\"');
}

export function pyNumber(x: unknown, what: string): string {
  if (typeof x !== 'number' || !Number.isFinite(x))
    throw new ExportRefused(`${what} is ${String(x)}, not a finite number`);
  // JS prints numbers the way Python reads them (1e-7, 0.5, 1e+21); -0 prints as 0.
  return String(x);
}

/** A whole number, e.g. a filter count or a seed. */
export function pyInt(x: unknown, what: string): string {
  if (typeof x !== 'number' || !Number.isSafeInteger(x))
    throw new ExportRefused(`${what} is ${String(x)}, not a whole number`);
  return String(x);
}

/** A tuple of whole numbers, e.g. (3, 3). */
export function pyTuple(values: unknown, what: string): string {
  if (!Array.isArray(values) || values.length === 0)
    throw new ExportRefused(`${what} is not a list of whole numbers`);
  const parts = values.map((v, i) => pyInt(v, `${what}[${i}]`));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

/** One of a fixed set of words (an activation, a padding), checked so that it can go inside quotes. */
export function pyChoice<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ExportRefused(
      `${what} ${JSON.stringify(value)?.slice(0, 40)} is not one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

/** The value of a lookup table with a checked key (never `undefined` written into code). */
export function pyLookup<K extends string, V>(table: Record<K, V>, key: unknown, what: string): V {
  if (typeof key !== 'string' || !Object.hasOwn(table, key))
    throw new ExportRefused(
      `${what} ${JSON.stringify(key)?.slice(0, 40)} is not one of ${Object.keys(table).join(', ')}`,
    );
  return table[key as K];
}

/** Python's True / False. */
export function pyBool(value: unknown, what: string): string {
  if (typeof value !== 'boolean') throw new ExportRefused(`${what} is not true or false`);
  return value ? 'True' : 'False';
}

export interface PythonExport {
  /** The code, or null when the spec cannot be built or written safely (see `reason`). */
  code: string | null;
  /** The parameter count the code asserts (Keras' count). */
  params: number;
  /** Why there is no code, in words; undefined when there is code. */
  reason?: string;
}

/** Runs an exporter body, turning a refused value (or any surprise) into `code: null` with the reason. */
export function guardedExport(write: () => PythonExport): PythonExport {
  try {
    return write();
  } catch (error) {
    const reason =
      error instanceof ExportRefused
        ? error.message
        : `the model could not be written as Python (${String(error)})`;
    return { code: null, params: 0, reason };
  }
}
