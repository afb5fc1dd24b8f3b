/** The reachability probe against a real local HTTP server, there and then gone. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serverReachable } from './offlineStatus';

let server: Server | undefined;
const seen: string[] = [];

function listen(): Promise<string> {
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url} ${request.headers['cache-control'] ?? ''}`);
    response.end();
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`)));
}

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('serverReachable', () => {
  it('asks the server itself, past every cache, and says true when it answers', async () => {
    const base = await listen();
    expect(await serverReachable(base)).toBe(true);
    expect(seen.at(-1)).toMatch(/^HEAD \/\?network-probe=\d+ no-cache/);
  });

  it('says false when nothing answers', async () => {
    const base = await listen();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await serverReachable(base)).toBe(false);
  });
});
