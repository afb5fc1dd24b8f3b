/**
 * The helper thread of nativePool.ts, as source text: it runs as a Blob worker in browsers and as an
 * `eval` worker_threads.Worker in Node, so it is plain JavaScript with no imports, and it speaks the
 * pool's control-block protocol (header indices as in nativePool.ts CONTROL).
 *
 * Why source text rather than a bundled worker file: the pool is started from inside the engine's own
 * worker, where a second Vite worker entry would mean a second copy of nothing but this loop.
 */
export const POOL_THREAD_SOURCE = `
'use strict';
const GENERATION = 0, DONE = 1, STOP = 2, FAILED = 3, CLAIM = 5, PARTS = 6;
// Spins before sleeping on the generation counter (a few tens of microseconds).
const SPINS = 1 << 14;
const port = typeof self !== 'undefined' && typeof self.postMessage === 'function'
  ? { send: (m) => self.postMessage(m), listen: (f) => { self.onmessage = (e) => f(e.data); } }
  : (() => { const p = require('node:worker_threads').parentPort;
      return { send: (m) => p.postMessage(m), listen: (f) => p.once('message', f) }; })();

port.listen((setup) => {
  let exports, control, args, names;
  try {
    exports = new WebAssembly.Instance(setup.module, { env: { memory: setup.memory } }).exports;
    control = new Int32Array(setup.control);
    args = new Float64Array(setup.control);
    names = setup.names;
  } catch (error) {
    port.send({ type: 'error', error: String(error && error.message || error) });
    return;
  }
  // The next part of the call of generation g, or -1 (as nativePool.ts claimPart).
  const claim = (g) => {
    const tag = g & 0xffff;
    for (;;) {
      const word = Atomics.load(control, CLAIM);
      if (((word >>> 16) & 0xffff) !== tag) return -1;
      const next = word & 0xffff;
      if (next >= Atomics.load(control, PARTS)) return -1;
      if (Atomics.compareExchange(control, CLAIM, word, word + 1) === word) return next;
    }
  };
  let seen = Atomics.load(control, GENERATION);
  port.send({ type: 'ready' });
  for (;;) {
    let spins = 0;
    let now;
    while ((now = Atomics.load(control, GENERATION)) === seen) {
      if (++spins > SPINS) Atomics.wait(control, GENERATION, seen);
    }
    seen = now;
    if (Atomics.load(control, STOP) !== 0) return;
    for (let part = claim(now); part >= 0; part = claim(now)) {
      const slot = (setup.headerBytes + part * setup.slotBytes) / 4;
      const argsAt = (setup.headerBytes + part * setup.slotBytes + 8) / 8;
      try {
        const count = control[slot + 1];
        const values = new Array(count);
        for (let i = 0; i < count; i++) values[i] = args[argsAt + i];
        exports[names[control[slot]]](...values);
      } catch (error) {
        Atomics.store(control, FAILED, 1);
        port.send({ type: 'failed', error: String(error && error.message || error) });
      }
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
    }
  }
});
`;
