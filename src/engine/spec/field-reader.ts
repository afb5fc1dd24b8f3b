/**
 * Typed reading of untrusted values (URL state, files, pasted JSON): every read either yields a
 * value of the right type or records an issue naming the layer and field, and yields undefined.
 */
import { specError, type SpecIssue } from './issues';
import type { Pair } from './types';

export type Record_ = Record<string, unknown>;

export function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short, safe rendering of a bad value for a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? typeof value : text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return typeof value;
  }
}

interface NumberRule {
  integer?: boolean;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  example: number;
}

/** Reads fields of one object (a layer, the training block, the spec) and collects issues. */
export class FieldReader {
  constructor(
    private readonly obj: Record_,
    /** "Layer 3 (Conv2D)" or "Training" — how messages name the owner. */
    private readonly owner: string,
    private readonly layerIndex: number | null,
    readonly issues: SpecIssue[],
    /** Prefix of the issue's field path, e.g. "training.". */
    private readonly fieldPrefix = '',
  ) {}

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  private fail(field: string, message: string, fix: string): undefined {
    this.issues.push(specError(this.layerIndex, this.fieldPrefix + field, `${this.owner}: ${message}`, fix));
    return undefined;
  }

  number(field: string, rule: NumberRule, fallback?: number): number | undefined {
    const value = this.obj[field];
    if (value === undefined) {
      if (fallback !== undefined) return fallback;
      return this.fail(field, `${field} is missing.`, `Add "${field}": ${rule.example}.`);
    }
    const problem = numberProblem(field, value, rule);
    return problem ? this.fail(field, problem[0], problem[1]) : (value as number);
  }

  /** A [height, width] pair; a single number means a square window. */
  pair(field: string, rule: NumberRule, fallback?: Pair): Pair | undefined {
    const value = this.obj[field];
    if (value === undefined && fallback !== undefined) return fallback;
    const parts: unknown = typeof value === 'number' ? [value, value] : value;
    if (!Array.isArray(parts) || parts.length !== 2) {
      if (value === undefined) return this.fail(field, `${field} is missing.`, `Add "${field}": [${rule.example}, ${rule.example}] (height, width).`);
      return this.fail(field, `${field} must be [height, width], got ${show(value)}.`, `Write ${field} as two whole numbers, e.g. [${rule.example}, ${rule.example}].`);
    }
    const intRule = { ...rule, integer: true };
    const problem = numberProblem(`${field} height`, parts[0], intRule) ?? numberProblem(`${field} width`, parts[1], intRule);
    return problem ? this.fail(field, problem[0], problem[1]) : [parts[0] as number, parts[1] as number];
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback?: T): T | undefined {
    const value = this.obj[field];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const list = allowed.map((a) => `'${a}'`).join(', ');
    if (value === undefined) return this.fail(field, `${field} is missing.`, `Add "${field}", one of ${list}.`);
    return this.fail(field, `${field} ${show(value)} is not one of ${list}.`, `Choose one of ${list}.`);
  }

  boolean(field: string, fallback: boolean): boolean | undefined {
    const value = this.obj[field];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    return this.fail(field, `${field} must be true or false, got ${show(value)}.`, `Set ${field} to true or false.`);
  }

  string(field: string, fallback: string): string | undefined {
    const value = this.obj[field];
    if (value === undefined) return fallback;
    if (typeof value === 'string') return value.slice(0, 200);
    return this.fail(field, `${field} must be text, got ${show(value)}.`, `Set ${field} to a short name in quotes.`);
  }
}

/** [message, fix] when `value` breaks `rule`, else null. */
function numberProblem(name: string, value: unknown, rule: NumberRule): [string, string] | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return [`${name} must be a number, got ${show(value)}.`, `Set ${name} to a number such as ${rule.example}.`];
  }
  const range = describeRange(rule);
  if (rule.integer && !Number.isInteger(value)) {
    return [`${name} must be a whole number, got ${value}.`, `Set ${name} to a whole number${range}, e.g. ${Math.max(Math.round(value), rule.min ?? 1)}.`];
  }
  const tooLow = (rule.min !== undefined && value < rule.min) || (rule.above !== undefined && value <= rule.above);
  const tooHigh = rule.max !== undefined && value > rule.max;
  if (!tooLow && !tooHigh) return null;
  const floor = rule.min ?? rule.above ?? 0;
  const what = tooHigh ? 'too large' : value === 0 ? 'zero' : value < 0 && floor >= 0 ? 'negative' : 'too small';
  return [`${name} is ${what} (${value}); it must be${range}.`, `Set ${name} to a value${range}, e.g. ${rule.example}.`];
}

function describeRange(rule: NumberRule): string {
  const low = rule.min !== undefined ? `≥ ${rule.min}` : rule.above !== undefined ? `> ${rule.above}` : '';
  const high = rule.max !== undefined ? `≤ ${rule.max}` : '';
  const both = [low, high].filter(Boolean).join(' and ');
  return both ? ` ${both}` : '';
}
