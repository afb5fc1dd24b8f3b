import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, gzipAsFile, headersFile, PRODUCTION_HEADERS } from './securityHeaders';

/** Just enough of a Node response to see what the head would say. */
function fakeResponse(set: Record<string, string>) {
  const headers = new Map(Object.entries(set).map(([k, v]) => [k.toLowerCase(), v]));
  let written: Record<string, unknown> | undefined;
  const res = {
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    writeHead: (_status: number, head?: Record<string, unknown>) => (written = head),
  };
  return { res, headers, written: () => written };
}

describe('security headers', () => {
  it('hold the policy the issue asks for, and the README documents the very same one', () => {
    for (const part of [
      "script-src 'self' 'wasm-unsafe-eval' blob:",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(part);
    }
    expect(CONTENT_SECURITY_POLICY.replace("'wasm-unsafe-eval'", '')).not.toContain('unsafe');
    expect(PRODUCTION_HEADERS).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    expect(readFileSync('README.md', 'utf8')).toContain(CONTENT_SECURITY_POLICY);
    expect(headersFile()).toContain(`  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`);
    expect(headersFile()).toContain('/datasets/*\n  Content-Type: application/gzip\n');
    expect(headersFile()).toContain('/sw.js\n  Cache-Control: no-cache\n');
  });

  it('serves a .gz file as application/gzip without Content-Encoding, in writeHead or already set', () => {
    const direct = fakeResponse({});
    gzipAsFile({ url: '/datasets/mnist/a.gz?x=1' }, direct.res, () => undefined);
    direct.res.writeHead(200, { 'Content-Type': '', 'Content-Encoding': 'gzip', 'Content-Length': 10 });
    expect(direct.written()).toEqual({ 'Content-Type': 'application/gzip', 'Content-Length': 10 });

    const preset = fakeResponse({ 'Content-Type': '', 'Content-Encoding': 'gzip' });
    gzipAsFile({ url: '/datasets/mnist/a.gz' }, preset.res, () => undefined);
    preset.res.writeHead(200);
    expect(Object.fromEntries(preset.headers)).toEqual({ 'content-type': 'application/gzip' });
  });

  it('leaves the page that answers for a missing .gz file, and other files, alone', () => {
    const fallback = fakeResponse({});
    gzipAsFile({ url: '/datasets/mnist/missing.gz' }, fallback.res, () => undefined);
    fallback.res.writeHead(200, { 'Content-Type': 'text/html' });
    expect(fallback.written()).toEqual({ 'Content-Type': 'text/html' });
    const script = fakeResponse({});
    gzipAsFile({ url: '/assets/main.js' }, script.res, () => undefined);
    script.res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Encoding': 'gzip' });
    expect(script.written()).toEqual({ 'Content-Type': 'text/javascript', 'Content-Encoding': 'gzip' });
  });
});
