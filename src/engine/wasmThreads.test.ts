import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS, poolThreadsFor, setPoolThreads, wasmThreadsFor, xnnpackThreadsFor } from './wasmThreads';

describe('wasmThreadsFor', () => {
  it('uses every core of a cross-origin-isolated page, 2 on a 2-core machine', () => {
    expect(wasmThreadsFor(2, true)).toBe(2);
    expect(wasmThreadsFor(6, true)).toBe(6);
  });
  it('caps at the threaded build’s pool and never goes below one', () => {
    expect(wasmThreadsFor(64, true)).toBe(MAX_WASM_THREADS);
    expect(wasmThreadsFor(0, true)).toBe(1);
    expect(wasmThreadsFor(Number.NaN, true)).toBe(1);
  });
  it('stays on one thread without cross-origin isolation', () => {
    expect(wasmThreadsFor(16, false)).toBe(1);
  });
});

describe('xnnpackThreadsFor', () => {
  it('gives XNNPACK one thread beside a pool of two, and every thread otherwise', () => {
    expect(xnnpackThreadsFor(2)).toBe(1);
    expect(xnnpackThreadsFor(1)).toBe(1);
    expect(xnnpackThreadsFor(4)).toBe(4);
  });
});

describe('poolThreadsFor', () => {
  it('follows XNNPACK until set, then keeps the number set (XNNPACK may have fewer)', () => {
    expect(poolThreadsFor(2)).toBe(2);
    setPoolThreads(4);
    expect(poolThreadsFor(1)).toBe(4);
    setPoolThreads(0);
    expect(poolThreadsFor(3)).toBe(3);
  });
});
