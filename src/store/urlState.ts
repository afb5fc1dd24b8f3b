/**
 * The whole setup (spec with its hyper-parameters and seed, dataset, training-run options, preset,
 * the convolution explorer's setup and a classroom link's allowed controls) lives in the URL hash as
 * `#z=<deflated JSON, base64url>` (see linkCodec), so that a link opens exactly that playground and
 * stays short enough for a QR code. Links of the first format, `#s=<base64url JSON>`, still open.
 * Reading is defensive: an unreadable or tampered hash never blanks the page; it yields the
 * default setup plus a message that names what was wrong. `?backend=` in the query is left alone.
 */
import type { TrainOptions } from '../engine/protocol';
import { getPreset, type PresetId } from '../engine/spec/presets';
import { DATASET_NAMES, isDatasetName } from '../engine/data/datasets';
import { formatIssues, hasErrors, parseSpec } from '../engine/spec/validate';
import type { DatasetName, LayerSpec, ModelSpec } from '../engine/spec/types';
import type { ExplorerSetup } from '../engine/explorer/setup';
import { HIDEABLE_CONTROLS, readAllowed, type ControlId } from './classroomControls';
import { LinkTextError, packDocument, unpackDocument } from './linkCodec';
import { explorerFitsLink, readExplorerSetup, shareQuery } from './linkExtras';
import type { Section } from './uiSlice';

/** Everything a shared link carries. */
export interface SharedSetup {
  spec: ModelSpec;
  dataset: DatasetName;
  trainOptions: TrainOptions;
  presetId: PresetId | null;
  /** The convolution explorer's setup (compact links only; left out when it is too large). */
  explorer?: ExplorerSetup;
  /** A classroom link: the only hideable controls shown (compact links only). */
  classroom?: readonly ControlId[];
}

/** The result of reading a hash: the setup to open, and what was wrong with the link (if anything). */
export interface DecodedSetup {
  setup: SharedSetup;
  /** False when the hash holds no setup at all (a plain link): nothing to report. */
  found: boolean;
  /** A sentence for the banner; null when the link was read as it is. */
  problem: string | null;
}

/** The first format: base64url JSON, still read. */
const LEGACY_KEY = 's';
const LEGACY_VERSION = 1;
/** The compact format: deflated JSON (linkCodec). */
const HASH_KEY = 'z';
const FORMAT_VERSION = 2;
const DATASETS: readonly DatasetName[] = DATASET_NAMES;
const MAX_HASH_CHARS = 64_000;
const MAX_TRAIN_LIMIT = 60_000;
const MAX_TEST_LIMIT = 10_000;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Drops fields that equal the parser's defaults, which keeps links short. */
function compactLayer(layer: LayerSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { ...layer };
  if ((layer.type === 'conv2d' || layer.type === 'dense') && layer.useBias) delete out.useBias;
  if ((layer.type === 'conv2d' || layer.type === 'dense') && layer.kernelInitializer === 'glorotUniform') delete out.kernelInitializer;
  return out;
}

function modelDocument(setup: SharedSetup, version: number): Record<string, unknown> {
  return {
    v: version,
    d: setup.dataset,
    p: setup.presetId,
    o: setup.trainOptions,
    m: { ...setup.spec, layers: setup.spec.layers.map(compactLayer) },
  };
}

/**
 * Longest compact value that may carry an explorer setup. Hand-made setups (small whole numbers) pack
 * into a few dozen characters; one taken from a real layer (hundreds of long decimals) would make the
 * QR code too dense to scan, so it is left out and the share dialog says so.
 */
const MAX_EXPLORER_LINK_CHARS = 1200;

/** The compact hash fragment, and whether the explorer setup had to be left out to keep it short. */
export function encodeSetupReport(setup: SharedSetup): { hash: string; explorerLeftOut: boolean } {
  const document = modelDocument(setup, FORMAT_VERSION);
  if (setup.classroom) document.c = HIDEABLE_CONTROLS.map((c) => c.id).filter((id) => setup.classroom!.includes(id));
  const without = packDocument(document);
  if (!setup.explorer) return { hash: `${HASH_KEY}=${without}`, explorerLeftOut: false };
  const withExplorer = explorerFitsLink(setup.explorer) ? packDocument({ ...document, x: setup.explorer }) : null;
  if (withExplorer === null || withExplorer.length > MAX_EXPLORER_LINK_CHARS) return { hash: `${HASH_KEY}=${without}`, explorerLeftOut: true };
  return { hash: `${HASH_KEY}=${withExplorer}`, explorerLeftOut: false };
}

/** The hash fragment (without '#') that encodes this setup in the compact format. */
export function encodeSetup(setup: SharedSetup): string {
  return encodeSetupReport(setup).hash;
}

/** The first format's hash fragment (links made before the compact one; kept for tests and tools). */
export function encodeLegacySetup(setup: SharedSetup): string {
  return `${LEGACY_KEY}=${toBase64Url(JSON.stringify(modelDocument(setup, LEGACY_VERSION)))}`;
}

/** The JSON document of a compact hash (for tests and tools that edit a link); throws when unreadable. */
export function linkDocument(hash: string): Record<string, unknown> {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(HASH_KEY);
  if (value === null) throw new Error('no compact setup in this hash');
  return unpackDocument(value) as Record<string, unknown>;
}

/** A compact hash fragment holding exactly this document (for tests that build tampered links). */
export function hashOfDocument(document: unknown): string {
  return `${HASH_KEY}=${packDocument(document)}`;
}

/** Longest stretch of a tampered value the banner repeats. */
const MAX_SHOWN = 40;
/** Longest banner sentence. */
const MAX_PROBLEM = 400;

/** A value from the link as the banner shows it: JSON, cut to a few dozen characters. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN - 1)}…`;
}

/**
 * Cuts what a message echoes from the link (quoted values, very long words, the whole sentence) so a
 * tampered link cannot fill the page with its payload.
 */
export function capEcho(message: string): string {
  const cut = message
    // Whole quoted values, pair by pair (escaped quotes inside them included): matching any quote
    // followed by 40 characters also caught a short value's closing quote and the sentence after it.
    .replace(/"(?:[^"\\]|\\.)*"?/g, (quoted) => (quoted.length <= MAX_SHOWN + 1 ? quoted : `${quoted.slice(0, MAX_SHOWN - 1)}…`))
    .replace(/\S{60,}/g, (word) => `${word.slice(0, MAX_SHOWN - 1)}…`);
  return cut.length <= MAX_PROBLEM ? cut : `${cut.slice(0, MAX_PROBLEM - 1)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalCount(value: unknown, max: number): number | undefined | null {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max ? value : null;
}

/** Training-run options from the link; null (with a reason) when a value is out of range. */
function readTrainOptions(raw: unknown, fallback: TrainOptions): { options: TrainOptions; problem: string | null } {
  if (raw === undefined) return { options: { ...fallback }, problem: null };
  if (!isRecord(raw)) return { options: { ...fallback }, problem: 'its training options are not an object' };
  const trainLimit = optionalCount(raw.trainLimit, MAX_TRAIN_LIMIT);
  const testLimit = optionalCount(raw.testLimit, MAX_TEST_LIMIT);
  const split = raw.validationSplit ?? 0;
  const problems: string[] = [];
  if (trainLimit === null) problems.push(`training subset ${shown(raw.trainLimit)} is not a whole number from 1 to ${MAX_TRAIN_LIMIT}`);
  if (testLimit === null) problems.push(`test subset ${shown(raw.testLimit)} is not a whole number from 1 to ${MAX_TEST_LIMIT}`);
  if (typeof split !== 'number' || !(split >= 0 && split < 1)) problems.push(`validation split ${shown(split)} is not between 0 and 1`);
  if (problems.length) return { options: { ...fallback }, problem: problems.join('; ') };
  return { options: { trainLimit: trainLimit ?? undefined, testLimit: testLimit ?? undefined, validationSplit: split as number }, problem: null };
}

/** The hash as the learner typed it ("%20" read as a space), or as it is when it is not valid escaping. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The compact (`z=`) or first-format (`s=`) value of a location hash, or null when it carries none. */
function hashValue(hash: string): { value: string; compact: boolean } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const compact = params.get(HASH_KEY);
  if (compact !== null) return { value: compact, compact: true };
  const legacy = params.get(LEGACY_KEY);
  return legacy === null ? null : { value: legacy, compact: false };
}

/**
 * Reads a location hash. Never throws: a hash that cannot be decoded, parsed or typed gives the
 * fallback setup and a problem sentence naming what was wrong and what happened instead.
 * A spec that is well-formed but has validation errors (an unfinished edit someone shared) is
 * opened as it is, so the builder can mark the faulty fields, and the problem says so.
 */
export function decodeSetup(hash: string, fallback: SharedSetup): DecodedSetup {
  const found = hashValue(hash);
  const reject = (why: string): DecodedSetup => ({
    setup: fallback,
    found: true,
    problem: capEcho(`The link's setup could not be used: ${why}. The default model is open instead.`),
  });
  const text = hash.replace(/^#/, '');
  if (found === null) {
    // No hash, or an empty one, is a plain visit. Anything else ("#hello-world", a "#z" cut before
    // its "=") was meant as a setup and is said to be unusable, not silently replaced.
    if (text === '') return { setup: fallback, found: false, problem: null };
    return reject(`its address ends in ${shown(`#${safeDecode(text)}`)}, which holds no playground setup (was the link cut short or edited?)`);
  }
  const { value, compact } = found;
  const version = compact ? FORMAT_VERSION : LEGACY_VERSION;
  // "#z=" or "#z" alone: nothing to unpack (the unpacker took it for a bomb).
  if (value === '') return reject('its setup is empty (was the link cut short?)');
  if (value.length > MAX_HASH_CHARS) return reject(`it is ${value.length.toLocaleString('en')} characters long, more than a playground link can be`);
  let document: unknown;
  try {
    document = compact ? unpackDocument(value) : JSON.parse(fromBase64Url(value));
  } catch (error) {
    return reject(error instanceof LinkTextError ? error.message : 'it is not a valid encoded setup (was the link cut short or edited?)');
  }
  if (!isRecord(document)) return reject('it does not hold a setup object');
  if (document.v !== version) return reject(`it has format version ${shown(document.v)}, but this playground reads version ${version} from a "${compact ? HASH_KEY : LEGACY_KEY}=" link`);
  const dataset = document.d;
  if (!isDatasetName(dataset)) {
    return reject(`dataset ${shown(dataset)} is not one of ${DATASETS.join(', ')} or some of their classes`);
  }
  const parsed = parseSpec(document.m);
  if (!parsed.spec) {
    const errors = parsed.issues.filter((i) => i.severity === 'error');
    return reject(`its model is invalid — ${formatIssues(errors.slice(0, 3))}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`);
  }
  const { options, problem: optionsProblem } = readTrainOptions(document.o, fallback.trainOptions);
  const presetId = typeof document.p === 'string' && getPreset(document.p) ? (document.p as PresetId) : null;
  const notes: string[] = [];
  if (optionsProblem) notes.push(`The link's training options were ignored (${optionsProblem}).`);
  // The explorer setup and the classroom list exist only in compact links.
  const explorer = compact ? readExplorerSetup(document.x) : { setup: null, problem: null };
  const classroom = compact ? readAllowed(document.c) : { allowed: null, problem: null };
  if (explorer.problem) notes.push(`The link's ${explorer.problem}.`);
  if (classroom.problem) notes.push(`The link's classroom setting: ${classroom.problem}.`);
  const errorCount = parsed.issues.filter((i) => i.severity === 'error').length;
  if (hasErrors(parsed.issues)) {
    notes.push(`The link's model has ${errorCount} problem${errorCount > 1 ? 's' : ''}, marked on the layers below; fix ${errorCount > 1 ? 'them' : 'it'} before training.`);
  }
  return {
    setup: {
      spec: parsed.spec,
      dataset: dataset as DatasetName,
      trainOptions: options,
      presetId,
      ...(explorer.setup ? { explorer: explorer.setup } : {}),
      ...(classroom.allowed ? { classroom: classroom.allowed } : {}),
    },
    found: true,
    problem: notes.length ? capEcho(notes.join(' ')) : null,
  };
}

/** The URL of the current page with this setup in its hash; path and query (e.g. ?backend=) kept. */
export function urlWithSetup(location: Pick<Location, 'pathname' | 'search'>, setup: SharedSetup): string {
  return `${location.pathname}${location.search}#${encodeSetup(setup)}`;
}

/** The part of the application state that the URL carries, plus the banner message. */
export interface UrlPersistedState {
  spec: ModelSpec;
  dataset: DatasetName;
  trainOptions: TrainOptions;
  presetId: PresetId | null;
  urlProblem: string | null;
  classroom: readonly ControlId[] | null;
  explorerShown: ExplorerSetup | null;
  explainSetup: ExplorerSetup | null;
  explainVersion: number;
  section: Section;
}

/** The store surface URL persistence needs (the app store satisfies it). */
export interface PersistableStore {
  getState(): UrlPersistedState;
  setState(partial: Partial<UrlPersistedState>): void;
  subscribe(listener: (state: UrlPersistedState, previous: UrlPersistedState) => void): () => void;
}

const WRITE_DELAY_MS = 250;

function currentSetup(state: UrlPersistedState): SharedSetup {
  return {
    spec: state.spec,
    dataset: state.dataset,
    trainOptions: state.trainOptions,
    presetId: state.presetId,
    ...(state.explorerShown ? { explorer: state.explorerShown } : {}),
    ...(state.classroom ? { classroom: state.classroom } : {}),
  };
}

/**
 * Reads the setup from the page's hash into the store (without undo history, so "undo" cannot go
 * back to a default the user never saw), then keeps the hash in step with the store through
 * `history.replaceState`, debounced so that typing does not flood the history API. A hash pasted
 * into the address bar later (hashchange) is read the same way. Returns the uninstaller.
 */
export function installUrlPersistence(store: PersistableStore, win: Window = window): () => void {
  let lastWritten = '';
  let timer: ReturnType<typeof setTimeout> | null = null;

  const write = (): void => {
    timer = null;
    const url = urlWithSetup(win.location, currentSetup(store.getState()));
    if (url === lastWritten) return;
    lastWritten = url;
    win.history.replaceState(win.history.state, '', url);
  };

  const read = (): void => {
    const state = store.getState();
    const decoded = decodeSetup(win.location.hash, currentSetup(state));
    if (!decoded.found) return;
    const { spec, dataset, trainOptions, presetId, explorer, classroom } = decoded.setup;
    store.setState({
      spec: structuredClone(spec),
      dataset,
      trainOptions,
      presetId,
      urlProblem: decoded.problem,
      // A link without a classroom list (the teacher's "full playground" link) leaves classroom mode.
      classroom: classroom ?? null,
      ...(explorer && explorer !== state.explorerShown ? { explorerShown: explorer, explainSetup: explorer, explainVersion: state.explainVersion + 1 } : {}),
    });
  };

  const onHashChange = (): void => {
    if (`${win.location.pathname}${win.location.search}${win.location.hash}` === lastWritten) return;
    read();
    write();
  };

  read();
  write();
  const unsubscribe = store.subscribe((state, previous) => {
    const changed =
      state.spec !== previous.spec ||
      state.dataset !== previous.dataset ||
      state.trainOptions !== previous.trainOptions ||
      state.presetId !== previous.presetId ||
      state.classroom !== previous.classroom ||
      state.explorerShown !== previous.explorerShown;
    if (!changed) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, WRITE_DELAY_MS);
  });
  win.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    win.removeEventListener('hashchange', onHashChange);
  };
}

export interface ShareOptions {
  /** The controls a classroom link allows; null (or absent) = a plain link with every control. */
  classroom?: readonly ControlId[] | null;
  /** The view the link opens on (the page's own view when not given). */
  section?: Section;
}

/**
 * The absolute link to hand out: this page's setup (even before the debounced write), opening on the
 * current view, with the lesson step of the address kept, and the classroom choice of `options`
 * (the page's own classroom list when not given).
 */
export function currentShareUrl(state: UrlPersistedState, win: Window = window, options: ShareOptions = {}): string {
  const classroom = options.classroom === undefined ? state.classroom : options.classroom;
  const setup = { ...currentSetup(state), classroom: classroom ?? undefined };
  if (!setup.classroom) delete setup.classroom;
  const url = `${win.location.pathname}${shareQuery(win.location.search, options.section ?? state.section)}#${encodeSetup(setup)}`;
  return new URL(url, win.location.href).href;
}

/** True when the explorer setup on screen is too large to travel in a link (the dialog says so). */
export function explorerLeftOut(state: UrlPersistedState): boolean {
  return encodeSetupReport(currentSetup(state)).explorerLeftOut;
}
