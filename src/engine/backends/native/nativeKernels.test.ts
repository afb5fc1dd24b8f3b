/**
 * The committed binary of the hand-written kernels is the one kernels.wat assembles to, and it binds to
 * the wasm backend's heap (so the training kernels really take the native route; their results are
 * checked against cpu in wasmTrainingKernels.test.ts and fusedAdam.test.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { asWasmBackend } from '../wasmBackendAccess';
import * as binaries from './kernelsBinary';
import { nativeKernels, setNativeKernelsEnabled } from './nativeKernels';
import { registerWasmTrainingKernels } from '../wasmTrainingKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('native wasm kernels', () => {
  it('kernelsBinary.ts is up to date with kernels.wat (else run npm run build:wasm)', async () => {
    // @ts-expect-error: a plain .mjs script without type declarations
    const { assemble } = (await import('../../../../scripts/build-wasm-kernels.mjs')) as {
      assemble(text: string): Promise<Record<string, string>>;
    };
    const built = await assemble(readFileSync(resolve(__dirname, 'kernels.wat'), 'utf8'));
    expect(built.shared).toBe(binaries.KERNELS_SHARED_BASE64);
    expect(built.unshared).toBe(binaries.KERNELS_UNSHARED_BASE64);
    expect(built.sharedRelaxed).toBe(binaries.KERNELS_SHARED_RELAXED_BASE64);
    expect(built.unsharedRelaxed).toBe(binaries.KERNELS_UNSHARED_RELAXED_BASE64);
    expect(built.probe).toBe(binaries.RELAXED_PROBE_BASE64);
  });

  it('the plain binary has no relaxed SIMD (it validates without the V8 flag) and the probe has', () => {
    // This file runs without --experimental-wasm-relaxed-simd, as Node 20 does by default.
    const decode = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    expect(WebAssembly.validate(decode(binaries.KERNELS_UNSHARED_BASE64))).toBe(true);
    expect(WebAssembly.validate(decode(binaries.KERNELS_SHARED_BASE64))).toBe(true);
    expect(WebAssembly.validate(decode(binaries.RELAXED_PROBE_BASE64))).toBe(false);
    expect(WebAssembly.validate(decode(binaries.KERNELS_UNSHARED_RELAXED_BASE64))).toBe(false);
  });

  it('binds to the wasm backend heap, once per memory', () => {
    const backend = asWasmBackend(tf.backend());
    const kernels = nativeKernels(backend);
    expect(kernels).not.toBeNull();
    expect(nativeKernels(backend)).toBe(kernels);
    expect(typeof kernels?.maxPoolGrad).toBe('function');
    expect(typeof kernels?.adam).toBe('function');
  });

  it('writes into tensors where they lie: MaxPoolGrad of a 2×2 window', () => {
    const x = tf.tensor4d([1, 4, 3, 2], [1, 2, 2, 1]);
    const dy = tf.tensor4d([5], [1, 1, 1, 1]);
    const y = tf.maxPool(x, 2, 2, 'valid');
    const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, {
      filterSize: [2, 2],
      strides: [2, 2],
      pad: 'valid',
    }) as tf.Tensor;
    expect(Array.from(dx.dataSync())).toEqual([0, 5, 0, 0]);
    tf.dispose([x, y, dy, dx]);
  });

  it('gives exactly what the JavaScript routes give (MaxPoolGrad with ties, leading-axes Sum)', () => {
    const runBoth = (run: () => tf.Tensor): [number[], number[]] => {
      const results: number[][] = [];
      for (const on of [true, false]) {
        setNativeKernelsEnabled(on);
        const out = run();
        results.push(Array.from(out.dataSync()));
        out.dispose();
      }
      setNativeKernelsEnabled(true);
      return [results[0], results[1]];
    };
    // Small integers: many ties, so "first strictly largest" is really exercised; 6 channels: SIMD + tail.
    const x = tf.tidy(() => tf.floor(tf.randomUniform([2, 9, 7, 6], 0, 3, 'float32', 5)));
    const y = tf.maxPool(x as tf.Tensor4D, [3, 2], [2, 2], 'same');
    const dy = tf.randomUniform(y.shape, -1, 1, 'float32', 6);
    const [nativeDx, jsDx] = runBoth(
      () => tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: [3, 2], strides: [2, 2], pad: 'same' }) as tf.Tensor,
    );
    expect(nativeDx).toEqual(jsDx);
    expect(nativeDx.some((v) => v !== 0)).toBe(true);
    // Windows that tile the input (the write-once route), over an odd size that 'valid' leaves a row of.
    const xt = tf.tidy(() => tf.floor(tf.randomUniform([3, 9, 7, 6], 0, 3, 'float32', 8)));
    const yt = tf.maxPool(xt as tf.Tensor4D, 2, 2, 'valid');
    const dyt = tf.randomUniform(yt.shape, -1, 1, 'float32', 9);
    const [nativeTiled, jsTiled] = runBoth(
      () => tf.engine().runKernel('MaxPoolGrad', { dy: dyt, input: xt, output: yt }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor,
    );
    expect(nativeTiled).toEqual(jsTiled);
    expect(nativeTiled.filter((v) => v !== 0).length).toBe(yt.size);
    tf.dispose([xt, yt, dyt]);
    const big = tf.randomUniform([64, 7, 7, 10], -1, 1, 'float32', 7);
    const [nativeSum, jsSum] = runBoth(() => tf.sum(big, [0, 1, 2]));
    expect(nativeSum).toEqual(jsSum);
    tf.dispose([x, y, dy, big]);
  });
});
