import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPLORER_PRESETS } from '../engine/explorer/presets';
import { defaultSpec, getPreset, PRESETS } from '../engine/spec/presets';
import { HIDEABLE_CONTROLS, readAllowed } from './classroomControls';
import { bytesToBase64Url, MAX_DOCUMENT_BYTES, packDocument, unpackDocument } from './linkCodec';
import { MAX_LINK_EXPLORER_VALUES, readExplorerSetup, shareQuery } from './linkExtras';
import { decodeSetup, encodeLegacySetup, encodeSetup, encodeSetupReport, hashOfDocument, linkDocument, type SharedSetup } from './urlState';

const fallback: SharedSetup = { spec: defaultSpec(), dataset: 'mnist', trainOptions: { trainLimit: 2000, validationSplit: 0, testLimit: 1000 }, presetId: 'tiny' };
const fashion = getPreset('fashion-cnn')!;
const fashionSetup: SharedSetup = { spec: fashion.spec, dataset: 'fashion-mnist', trainOptions: { trainLimit: 2000, validationSplit: 0, testLimit: 1000 }, presetId: 'fashion-cnn' };
const explorer = EXPLORER_PRESETS[0].build();

describe('compact links (#z=)', () => {
  it('round-trip every preset with the explorer setup and a classroom list', () => {
    for (const preset of PRESETS) {
      const setup: SharedSetup = { ...fashionSetup, spec: preset.spec, dataset: preset.dataset, presetId: preset.id, explorer, classroom: ['play', 'learningRate'] };
      const decoded = decodeSetup(`#${encodeSetup(setup)}`, fallback);
      expect(decoded.problem).toBeNull();
      expect(decoded.setup).toEqual(setup);
    }
  });

  it('make the Fashion-MNIST CNN classroom link short enough for a small QR code', () => {
    const hash = encodeSetup({ ...fashionSetup, classroom: ['play', 'learningRate'] });
    // QR version 10 at error correction M holds 213 bytes: a phone reads it across a classroom.
    expect(`https://example.org/cnn-playground/?view=inside#${hash}`.length).toBeLessThan(213);
  });

  it('still open links of the first format (#s=)', () => {
    const decoded = decodeSetup(`#${encodeLegacySetup(fashionSetup)}`, fallback);
    expect(decoded.problem).toBeNull();
    expect(decoded.setup).toEqual(fashionSetup);
  });

  it('leave out an explorer setup of long decimals (a real layer) that would make the QR code too dense', () => {
    // The shape "explain this layer" gives for a first conv layer: a 28×28 image of long decimals.
    const real = { ...explorer, inputHeight: 28, inputWidth: 28, inChannels: 1, input: Array.from({ length: 784 }, (_, i) => Math.sin(i) / 3) };
    const report = encodeSetupReport({ ...fashionSetup, explorer: real });
    expect(report.explorerLeftOut).toBe(true);
    expect(decodeSetup(`#${report.hash}`, fallback).setup.explorer).toBeUndefined();
    expect(encodeSetupReport({ ...fashionSetup, explorer }).explorerLeftOut).toBe(false);
  });

  it('leave out an explorer setup too large for a link, and keep the rest', () => {
    const big = { ...explorer, inputHeight: 36, inputWidth: 36, inChannels: 1, input: new Array<number>(36 * 36).fill(0.5) };
    expect(big.input.length).toBeGreaterThan(MAX_LINK_EXPLORER_VALUES);
    const decoded = decodeSetup(`#${encodeSetup({ ...fashionSetup, explorer: big })}`, fallback);
    expect(decoded.setup.explorer).toBeUndefined();
    expect(decoded.setup.spec).toEqual(fashionSetup.spec);
  });

  it('name what is wrong with a tampered document and open the default', () => {
    const good = linkDocument(`#${encodeSetup({ ...fashionSetup, explorer, classroom: ['play'] })}`);
    const tampered = (edit: (doc: Record<string, unknown>) => void) => {
      const doc = structuredClone(good);
      edit(doc);
      return decodeSetup(`#${hashOfDocument(doc)}`, fallback);
    };
    const filters = tampered((doc) => void ((doc.m as { layers: Record<string, unknown>[] }).layers[0].filters = -3));
    expect(filters.setup).toBe(fallback);
    expect(filters.problem).toMatch(/could not be used.*Layer 1 \(Conv2D\).*filters.*default model is open instead/);
    expect(tampered((doc) => void (doc.v = 1)).problem).toMatch(/format version 1.*reads version 2/);
    expect(tampered((doc) => void (doc.d = 'cifar')).problem).toMatch(/dataset "cifar"/);
    // The model still opens; the broken extra is dropped and named.
    const badExplorer = tampered((doc) => void ((doc.x as Record<string, unknown>).kernel = 'evil'));
    expect(badExplorer.setup.spec).toEqual(fashionSetup.spec);
    expect(badExplorer.setup.explorer).toBeUndefined();
    expect(badExplorer.problem).toMatch(/explorer setup was ignored \(kernel is not a list of numbers\)/);
    const badClassroom = tampered((doc) => void (doc.c = ['play', 'selfDestruct']));
    expect(badClassroom.setup.classroom).toEqual(['play']);
    expect(badClassroom.problem).toMatch(/classroom.*"selfDestruct"/);
    // A classroom list that is not a list hides everything rather than nothing.
    expect(tampered((doc) => void (doc.c = 'all')).setup.classroom).toEqual([]);
  });

  it('refuse cut-short, edited and oversized links with a message, never a throw', () => {
    const hash = encodeSetup(fashionSetup);
    expect(decodeSetup(`#${hash.slice(0, hash.length - 8)}`, fallback).problem).toMatch(/not a valid compressed setup/);
    expect(decodeSetup('#z=%%%', fallback).problem).toMatch(/characters a link of this playground never has/);
    // A few hundred bytes that inflate to megabytes (a link built to exhaust memory).
    const bomb = bytesToBase64Url(deflateSync(strToU8(`{"v":2,"pad":"${' '.repeat(MAX_DOCUMENT_BYTES * 3)}"}`), { level: 9 }));
    expect(bomb.length).toBeLessThan(4000);
    expect(decodeSetup(`#z=${bomb}`, fallback).problem).toMatch(/could not be used/);
    expect(() => unpackDocument(bomb)).toThrow();
  });

  it('fuzz: any hash text opens either a valid setup or the default with a short message', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const decoded = decodeSetup(`#z=${encodeURIComponent(text)}`, fallback);
        expect(decoded.found).toBe(true);
        // Random text is never a compressed setup: always the default, with the reason.
        expect(decoded.setup).toBe(fallback);
        expect(decoded.problem).toMatch(/^The link's setup could not be used: .{10,}/);
        expect(decoded.problem!.length).toBeLessThanOrEqual(400);
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: flipping bytes of a real link never crashes and never opens an unchecked model', () => {
    const packed = Buffer.from(encodeSetup({ ...fashionSetup, explorer, classroom: ['play'] }).slice(2), 'base64url');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(packed.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
        const bytes = Uint8Array.from(packed);
        for (const [at, mask] of flips) bytes[at] ^= mask;
        const decoded = decodeSetup(`#z=${bytesToBase64Url(bytes)}`, fallback);
        // Either the default with the reason, or a document that still inflates and passed every check.
        const opened = decoded.setup;
        const sound =
          opened === fallback
            ? /could not be used/.test(decoded.problem ?? '')
            : opened.spec.layers.length > 0 &&
              (opened.explorer === undefined || readExplorerSetup(opened.explorer).problem === null) &&
              (opened.classroom ?? []).every((id) => HIDEABLE_CONTROLS.some((c) => c.id === id));
        expect(sound).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: arbitrary JSON documents under z= are read or refused with a message', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 2 }), (m, x, c) => {
        const decoded = decodeSetup(`#${hashOfDocument({ v: 2, d: 'mnist', m, x, c })}`, fallback);
        expect(decoded.setup === fallback ? decoded.problem : 'ok').toBeTruthy();
      }),
      { numRuns: 200 },
    );
    expect(packDocument({ a: 1 })).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('classroom list and lesson query', () => {
  it('keeps known control ids in registry order', () => {
    expect(readAllowed(['learningRate', 'play'])).toEqual({ allowed: ['play', 'learningRate'], problem: null });
    expect(readAllowed(undefined)).toEqual({ allowed: null, problem: null });
  });

  it('carries the view and a valid lesson step, drops invalid ones, keeps ?backend=', () => {
    expect(shareQuery('?backend=cpu&lesson=stride-1&step=3', 'inside')).toBe('?backend=cpu&lesson=stride-1&step=3&view=inside');
    expect(shareQuery('?lesson=%3Cscript%3E&step=-2', 'play')).toBe('');
    expect(shareQuery('?lesson=pooling&step=0', 'build')).toBe('?lesson=pooling&view=build');
    expect(shareQuery('?step=12345&view=inside', 'play')).toBe('');
  });
});
