/**
 * The parts of a share link beside the model: the convolution explorer's setup (in the hash) and the
 * guided-lesson step and view (in the query, where the lessons and the view switch read them at
 * start). Everything read from a link is checked here; what fails is dropped and named.
 */
import type { ExplorerSetup } from '../engine/explorer/setup';
import { validateSetup } from '../engine/explorer/setup';
import type { Section } from './uiSlice';

/**
 * The largest explorer setup a link carries (input values + weights). A hand-made setup is a few
 * dozen numbers; "explain this layer" on a real layer can be thousands, which would make the QR code
 * unreadable, so such a link opens the explorer on its default and the share dialog says so.
 */
export const MAX_LINK_EXPLORER_VALUES = 1200;

export function explorerFitsLink(setup: ExplorerSetup): boolean {
  return setup.input.length + setup.kernel.length + setup.bias.length <= MAX_LINK_EXPLORER_VALUES;
}

const OPS = ['conv', 'maxPool', 'avgPool'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isPair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && v.every(isNumber);
const isNumbers = (v: unknown): boolean => Array.isArray(v) && v.length <= 1_000_000 && v.every(isNumber);

/** The explorer setup a link carries, or null with the reason. */
export function readExplorerSetup(raw: unknown): { setup: ExplorerSetup | null; problem: string | null } {
  if (raw === undefined) return { setup: null, problem: null };
  const fail = (why: string) => ({ setup: null, problem: `its convolution explorer setup was ignored (${why})` });
  if (!isRecord(raw)) return fail('it is not an object');
  if (typeof raw.op !== 'string' || !OPS.includes(raw.op)) return fail(`operation ${JSON.stringify(raw.op)?.slice(0, 20)} is not conv, maxPool or avgPool`);
  const sizes = ['inputHeight', 'inputWidth', 'inChannels', 'kernelHeight', 'kernelWidth', 'outChannels'] as const;
  const badSize = sizes.find((k) => !isNumber(raw[k]));
  if (badSize) return fail(`${badSize} is not a number`);
  if (!isPair(raw.strides) || !isPair(raw.dilation)) return fail('strides and dilation must be two numbers each');
  if (!(raw.padding === 'valid' || raw.padding === 'same' || isNumber(raw.padding))) return fail('padding is not valid, same or a number');
  const arrays = ['input', 'kernel', 'bias'] as const;
  const badArray = arrays.find((k) => !isNumbers(raw[k]));
  if (badArray) return fail(`${badArray} is not a list of numbers`);
  if (raw.activation !== undefined && raw.activation !== 'linear' && raw.activation !== 'relu') return fail('activation is not linear or relu');
  if (raw.label !== undefined && (typeof raw.label !== 'string' || raw.label.length > 200)) return fail('its label is not a short text');
  for (const k of ['focusChannel', 'focusOutChannel'] as const) {
    const v = raw[k];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0 && (v as number) < (k === 'focusChannel' ? (raw.inChannels as number) : (raw.outChannels as number)))) {
      return fail(`${k} is not one of its channels`);
    }
  }
  const setup: ExplorerSetup = {
    op: raw.op as ExplorerSetup['op'],
    inputHeight: raw.inputHeight as number,
    inputWidth: raw.inputWidth as number,
    inChannels: raw.inChannels as number,
    kernelHeight: raw.kernelHeight as number,
    kernelWidth: raw.kernelWidth as number,
    strides: raw.strides as [number, number],
    padding: raw.padding as ExplorerSetup['padding'],
    dilation: raw.dilation as [number, number],
    outChannels: raw.outChannels as number,
    input: raw.input as number[],
    kernel: raw.kernel as number[],
    bias: raw.bias as number[],
    ...(raw.activation !== undefined ? { activation: raw.activation as 'linear' | 'relu' } : {}),
    ...(raw.label !== undefined ? { label: raw.label as string } : {}),
    ...(raw.focusChannel !== undefined ? { focusChannel: raw.focusChannel as number } : {}),
    ...(raw.focusOutChannel !== undefined ? { focusOutChannel: raw.focusOutChannel as number } : {}),
  };
  const errors = validateSetup(setup);
  if (errors.length) return fail(errors[0]);
  return { setup, problem: null };
}

/** A lesson id as the lessons use it: short, lower-case words with dashes or digits. */
const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_STEP = 99;
const SECTIONS: readonly Section[] = ['play', 'build', 'inside', 'explorer'];

/**
 * The query a share link gets: the current query (e.g. ?backend=) with the view set to `section`,
 * and `lesson` and `step` kept only when they are a short id and a small positive whole number.
 * The lessons read those two at start; the link carries them as they are.
 */
export function shareQuery(search: string, section: Section): string {
  const params = new URLSearchParams(search);
  const lesson = params.get('lesson');
  const step = params.get('step');
  if (lesson !== null && !LESSON_ID.test(lesson)) params.delete('lesson');
  if (step !== null && !(/^[1-9][0-9]?$/.test(step) && Number(step) <= MAX_STEP)) params.delete('step');
  params.delete('view');
  if (SECTIONS.includes(section) && section !== 'play') params.set('view', section);
  const text = params.toString();
  return text ? `?${text}` : '';
}
