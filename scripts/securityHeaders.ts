/**
 * The HTTP headers the playground is served with, in one place: `vite preview` / `npm start` and the
 * dev server send them (vite.config.ts), and the build writes them as `dist/_headers` for static hosts
 * that read that file (Netlify, Cloudflare Pages); README "Serving it" shows the same for nginx.
 *
 * - The Content-Security-Policy allows only the app's own scripts. `'wasm-unsafe-eval'` lets the
 *   WebAssembly backend compile its .wasm; `blob:` in script-src and worker-src is what the threaded
 *   wasm build needs (Emscripten starts its pthread workers from a blob: URL and imports its script
 *   from another). No inline script, no eval, no plug-ins, no <base>, no framing.
 * - Cross-origin isolation (COOP + COEP) lets the wasm backend use threads (SharedArrayBuffer).
 * - The service worker (dist/sw.js, src/offline/sw.ts) is allowed by worker-src 'self' and the web-app
 *   manifest by default-src 'self' (no manifest-src needed). What the service worker serves from its
 *   cache keeps the headers it was fetched with, so the cached app is still cross-origin isolated
 *   (e2e/offline.spec.ts checks the page and the engine worker after an offline reload). sw.js is
 *   sent with `Cache-Control: no-cache`, so that a static host's caching never hides a new version.
 * - `.gz` datasets go out as application/gzip, without Content-Encoding: the body is the gzip file, which
 *   the worker decompresses itself (it also accepts a server that decompressed it on the way).
 */

const BASE_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

function policy(extra: Record<string, string[]> = {}): string {
  const directives = { ...BASE_DIRECTIVES };
  for (const [name, sources] of Object.entries(extra))
    directives[name] = [...(directives[name] ?? []), ...sources];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The policy of the built app (preview, `npm start`, static hosting). */
export const CONTENT_SECURITY_POLICY = policy();

/**
 * The dev server's policy: Vite injects an inline module script (React Fast Refresh's preamble) and
 * inline <style> elements, and talks to the page over a WebSocket for hot reloading.
 */
export const DEV_CONTENT_SECURITY_POLICY = policy({
  'script-src': ["'unsafe-inline'"],
  'style-src': ["'unsafe-inline'"],
  'connect-src': ['ws:', 'wss:'],
});

const COMMON_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // The page's own origin may use the camera (the webcam of Your data); nothing it embeds may.
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
};

export const PRODUCTION_HEADERS: Record<string, string> = {
  ...COMMON_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};
export const DEV_HEADERS: Record<string, string> = {
  ...COMMON_HEADERS,
  'Content-Security-Policy': DEV_CONTENT_SECURITY_POLICY,
};

export const GZIP_CONTENT_TYPE = 'application/gzip';

/** `_headers` (Netlify / Cloudflare Pages format) for the built app. */
export function headersFile(): string {
  const block = (path: string, headers: Record<string, string>) =>
    [path, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  return `${block('/*', PRODUCTION_HEADERS)}\n${block('/datasets/*', { 'Content-Type': GZIP_CONTENT_TYPE })}\n${block('/sw.js', { 'Cache-Control': 'no-cache' })}\n`;
}

interface HeadResponse {
  writeHead: (...args: never[]) => unknown;
  getHeader: (name: string) => unknown;
  setHeader: (name: string, value: string) => unknown;
  removeHeader: (name: string) => void;
}

/**
 * Connect middleware: a `.gz` file goes out as application/gzip and not Content-Encoding: gzip. The
 * static file server (sirv) sets both when it writes the head, after any middleware ran, either in
 * writeHead's headers or (behind Vite's compression middleware) already on the response, so
 * writeHead is wrapped and both places are mended. Only the real file is marked gzip-encoded: a
 * missing one falls back to the page, which keeps its text/html.
 */
export function gzipAsFile(req: { url?: string }, res: HeadResponse, next: () => void): void {
  if (req.url?.split('?')[0].endsWith('.gz')) {
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => unknown;
    (res as unknown as { writeHead: (...args: unknown[]) => unknown }).writeHead = (...args: unknown[]) => {
      const headers = args.find(
        (a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !Array.isArray(a),
      );
      const named = (pattern: RegExp) => Object.keys(headers ?? {}).filter((name) => pattern.test(name));
      if (headers && named(/^content-encoding$/i).some((name) => headers[name] === 'gzip')) {
        for (const name of named(/^content-(type|encoding)$/i)) delete headers[name];
        headers['Content-Type'] = GZIP_CONTENT_TYPE;
      }
      if (res.getHeader('Content-Encoding') === 'gzip') {
        res.removeHeader('Content-Encoding');
        res.setHeader('Content-Type', GZIP_CONTENT_TYPE);
      }
      return writeHead(...args);
    };
  }
  next();
}
