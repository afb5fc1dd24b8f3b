import { describe, expect, it } from 'vitest';
import { defaultSpec, PRESETS } from '../engine/spec/presets';
import { accountSpec } from '../engine/spec/accounting';
import { decodeSetup, encodeLegacySetup, encodeSetup, installUrlPersistence, type SharedSetup, type UrlPersistedState, urlWithSetup } from './urlState';

const fallback: SharedSetup = { spec: defaultSpec(), dataset: 'mnist', trainOptions: { trainLimit: 2000, validationSplit: 0, testLimit: 1000 }, presetId: 'tiny' };

function setupOf(presetIndex: number): SharedSetup {
  const preset = PRESETS[presetIndex];
  return { spec: preset.spec, dataset: preset.dataset, trainOptions: { trainLimit: 500, validationSplit: 0.1, testLimit: 200 }, presetId: preset.id };
}

describe('encodeSetup / decodeSetup', () => {
  it('round-trips every preset exactly, with dataset, options and seed', () => {
    for (let i = 0; i < PRESETS.length; i++) {
      const setup = setupOf(i);
      setup.spec.training.seed = 1234 + i;
      const decoded = decodeSetup(`#${encodeSetup(setup)}`, fallback);
      expect(decoded.found).toBe(true);
      expect(decoded.problem).toBeNull();
      expect(decoded.setup).toEqual(setup);
    }
  });

  it('keeps the Fashion CNN link short enough to hand out', () => {
    const setup = setupOf(PRESETS.findIndex((p) => p.id === 'fashion-cnn'));
    const hash = encodeSetup(setup);
    // About 1,000 characters in the first format; a QR code of a few dozen modules now.
    expect(encodeLegacySetup(setup).length).toBeGreaterThan(900);
    expect(hash.length).toBeLessThan(120);
    expect(hash).toMatch(/^z=[A-Za-z0-9_-]+$/);
  });

  it('round-trips unicode model names', () => {
    const setup = { ...fallback, spec: { ...defaultSpec(), name: 'Modèle 3×3 — ünïcode ✓' } };
    expect(decodeSetup(`#${encodeSetup(setup)}`, fallback).setup.spec.name).toBe('Modèle 3×3 — ünïcode ✓');
  });

  it('reports nothing for a link without a hash', () => {
    expect(decodeSetup('', fallback)).toEqual({ setup: fallback, found: false, problem: null });
    expect(decodeSetup('#', fallback)).toEqual({ setup: fallback, found: false, problem: null });
  });

  it('says a hash that holds no setup cannot be used, rather than replacing it silently', () => {
    for (const hash of ['#hello-world', '#other=1', '#%E0%A4%A']) {
      const decoded = decodeSetup(hash, fallback);
      expect(decoded.found, hash).toBe(true);
      expect(decoded.setup).toBe(fallback);
      expect(decoded.problem, hash).toMatch(/^The link's setup could not be used: its address ends in ".+", which holds no playground setup \(was the link cut short or edited\?\)\. The default model is open instead\.$/);
    }
    expect(decodeSetup('#hello-world', fallback).problem).toContain('"#hello-world"');
    // A compact link cut right after its key has an empty setup, and says so.
    for (const hash of ['#z', '#z=', '#s=']) expect(decodeSetup(hash, fallback).problem, hash).toMatch(/its setup is empty \(was the link cut short\?\)/);
    // A long stray hash is not echoed in full.
    expect(decodeSetup(`#${'x'.repeat(5000)}`, fallback).problem!.length).toBeLessThan(300);
  });

  it('falls back with a message naming the problem for garbage and tampered links', () => {
    const garbage = decodeSetup('#s=%%%not-base64', fallback);
    expect(garbage.setup).toBe(fallback);
    expect(garbage.problem).toMatch(/not a valid encoded setup/);

    const good = encodeLegacySetup(setupOf(2));
    const truncated = decodeSetup(`#${good.slice(0, good.length / 2)}`, fallback);
    expect(truncated.setup).toBe(fallback);
    expect(truncated.problem).toMatch(/could not be used/);

    const tamper = (mutate: (doc: Record<string, unknown>) => void): string => {
      const doc = JSON.parse(Buffer.from(good.slice(2), 'base64url').toString('utf8')) as Record<string, unknown>;
      mutate(doc);
      return `#s=${Buffer.from(JSON.stringify(doc)).toString('base64url')}`;
    };
    const hugeFilters = decodeSetup(
      tamper((doc) => {
        ((doc.m as { layers: Record<string, unknown>[] }).layers[0]).filters = 1e9;
      }),
      fallback,
    );
    expect(hugeFilters.setup).toBe(fallback);
    expect(hugeFilters.problem).toMatch(/Layer 1 \(Conv2D\).*filters/);

    const badDataset = decodeSetup(tamper((doc) => void (doc.d = 'cifar')), fallback);
    expect(badDataset.problem).toMatch(/dataset "cifar"/);
    const badVersion = decodeSetup(tamper((doc) => void (doc.v = 99)), fallback);
    expect(badVersion.problem).toMatch(/format version 99/);
    const notObject = decodeSetup(`#s=${Buffer.from('[1,2]').toString('base64url')}`, fallback);
    expect(notObject.problem).toMatch(/does not hold a setup object/);
  });

  it('keeps the model but ignores bad training options, and says so', () => {
    const good = encodeLegacySetup(setupOf(2));
    const doc = JSON.parse(Buffer.from(good.slice(2), 'base64url').toString('utf8')) as Record<string, unknown>;
    doc.o = { trainLimit: -5, validationSplit: 3 };
    const decoded = decodeSetup(`#s=${Buffer.from(JSON.stringify(doc)).toString('base64url')}`, fallback);
    expect(decoded.setup.spec).toEqual(PRESETS[2].spec);
    expect(decoded.setup.trainOptions).toEqual(fallback.trainOptions);
    expect(decoded.problem).toMatch(/training subset -5.*validation split 3/);
  });

  it('opens a well-formed spec with shape errors as it is, and says it has problems', () => {
    const spec = structuredClone(PRESETS[2].spec);
    spec.layers[0] = { ...spec.layers[0], kernelSize: [30, 30], padding: 'valid' } as typeof spec.layers[0];
    const decoded = decodeSetup(`#${encodeSetup({ ...fallback, spec })}`, fallback);
    expect(accountSpec(decoded.setup.spec)).toBeNull();
    expect(decoded.setup.spec.layers[0]).toMatchObject({ kernelSize: [30, 30] });
    expect(decoded.problem).toMatch(/1 problem, marked on the layers/);
  });

  it('keeps the query (?backend=) when building the URL', () => {
    expect(urlWithSetup({ pathname: '/app/', search: '?backend=cpu' }, fallback)).toMatch(/^\/app\/\?backend=cpu#z=/);
  });
});

/** A minimal window: location + history + hashchange, enough for the persistence loop. */
function fakeWindow(hash: string) {
  const listeners: (() => void)[] = [];
  const location = { pathname: '/', search: '?backend=cpu', hash, href: `http://localhost/?backend=cpu${hash}` };
  const writes: string[] = [];
  const win = {
    location,
    history: {
      state: null,
      replaceState: (_: unknown, __: string, url: string) => {
        writes.push(url);
        location.hash = url.slice(url.indexOf('#'));
      },
    },
    addEventListener: (_: string, listener: () => void) => listeners.push(listener),
    removeEventListener: () => undefined,
  };
  return { win: win as unknown as Window, writes, fireHashChange: () => listeners.forEach((l) => l()) };
}

const EXTRA_STATE = { urlProblem: null, classroom: null, explorerShown: null, explainSetup: null, explainVersion: 0, section: 'play' } as const;

function fakeStore(initial: UrlPersistedState) {
  let state = initial;
  const subscribers: ((s: UrlPersistedState, p: UrlPersistedState) => void)[] = [];
  return {
    getState: () => state,
    setState: (partial: Partial<UrlPersistedState>) => {
      const previous = state;
      state = { ...state, ...partial };
      subscribers.forEach((s) => s(state, previous));
    },
    subscribe: (listener: (s: UrlPersistedState, p: UrlPersistedState) => void) => {
      subscribers.push(listener);
      return () => undefined;
    },
  };
}

describe('installUrlPersistence', () => {
  it('reads the link at start, writes edits back debounced, keeps ?backend=', async () => {
    const shared = setupOf(2);
    const { win, writes } = fakeWindow(`#${encodeSetup(shared)}`);
    const store = fakeStore({ ...fallback, ...EXTRA_STATE });
    const uninstall = installUrlPersistence(store, win);
    expect(store.getState().spec).toEqual(shared.spec);
    expect(store.getState().dataset).toBe('fashion-mnist');

    store.setState({ dataset: 'mnist' });
    store.setState({ trainOptions: { validationSplit: 0, trainLimit: 300 } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const last = writes[writes.length - 1];
    expect(last.startsWith('/?backend=cpu#z=')).toBe(true);
    const reread = decodeSetup(last.slice(last.indexOf('#')), fallback);
    expect(reread.setup).toMatchObject({ dataset: 'mnist', trainOptions: { trainLimit: 300 } });
    uninstall();
  });

  it('opens the default with a banner message for a tampered link', () => {
    const { win } = fakeWindow('#s=eyJ2IjoxLCJkIjoibW5pc3QiLCJtIjp7fX0');
    const store = fakeStore({ ...fallback, ...EXTRA_STATE });
    installUrlPersistence(store, win)();
    expect(store.getState().spec).toEqual(fallback.spec);
    expect(store.getState().urlProblem).toMatch(/its model is invalid/);
  });
});

describe('tampered link banner', () => {
  const fallback2: SharedSetup = { spec: defaultSpec(), dataset: 'mnist', trainOptions: { trainLimit: 2000, validationSplit: 0, testLimit: 1000 }, presetId: 'tiny' };
  const withDocument = (edit: (doc: Record<string, unknown>) => void) => {
    const good = encodeLegacySetup(fallback2);
    const doc = JSON.parse(Buffer.from(good.slice(2), 'base64url').toString('utf8')) as Record<string, unknown>;
    edit(doc);
    return `#s=${Buffer.from(JSON.stringify(doc)).toString('base64url')}`;
  };
  const payload = 'A'.repeat(40_000);

  it.each([
    ['dataset', (doc: Record<string, unknown>) => void (doc.d = payload)],
    ['format version', (doc: Record<string, unknown>) => void (doc.v = payload)],
    ['training subset', (doc: Record<string, unknown>) => void (doc.o = { trainLimit: payload })],
    ['layer type', (doc: Record<string, unknown>) => void ((doc.m as { layers: Record<string, unknown>[] }).layers[0].type = payload)],
    ['model name', (doc: Record<string, unknown>) => void ((doc.m as Record<string, unknown>).name = { [payload]: 1 })],
  ])('echoes at most a few dozen characters of a 40 KB %s', (_, edit) => {
    const decoded = decodeSetup(withDocument(edit), fallback2);
    expect(decoded.problem).not.toBeNull();
    expect(decoded.problem!.length).toBeLessThanOrEqual(400);
    expect(decoded.problem).not.toContain('A'.repeat(41));
  });
});
