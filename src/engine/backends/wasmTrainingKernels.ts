/**
 * Makes the tfjs `wasm` backend able to train conv nets, and fast at it.
 *
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter at all, and its other gradient kernels
 * are scalar loops. This module registers replacements that do the arithmetic as XNNPACK
 * matrix products over im2col patch matrices (see gemm.ts, im2col.ts). Threads: XNNPACK uses
 * the backend's thread pool when the threaded-SIMD binary is loaded (crossOriginIsolated
 * pages); the JS patch loops run on the calling thread.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { addConfig } from './biasAdd';
import { batchMatMulConfig } from './batchMatMul';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { conv2dConfig } from './conv2dForward';
import { setGemmKernel } from './gemm';
import { registerReluGradient, RELU_GRAD, reluGradConfig } from './reluGrad';
import { castConfig, identityConfig } from './sharedIdentity';
import { maxPoolConfig, reluConfig } from './maxPool';
import { maxPoolGradConfig } from './maxPoolGrad';
import { sumConfig } from './sum';
import { WASM } from './wasmBackendAccess';

/** Kernels this module puts on the wasm backend. */
export const WASM_TRAINING_KERNEL_NAMES: readonly string[] = [
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
  tf.BatchMatMul,
  tf.MaxPoolGrad,
  tf.Sum,
  tf.Identity,
  tf.Cast,
  RELU_GRAD,
  tf.Add,
  tf.Conv2D,
  tf.MaxPool,
  tf.Relu,
];

let registered = false;

/**
 * Registers (or overrides) the wasm backend's kernels so that conv-net training works and is
 * fast: Conv2DBackpropFilter (missing upstream); Conv2DBackpropInput, transposed BatchMatMul,
 * MaxPoolGrad and leading-axes Sum (slow upstream); Identity and same-dtype Cast (copies upstream,
 * see sharedIdentity.ts); Relu's gradient and bias additions in one pass (reluGrad.ts, biasAdd.ts);
 * MaxPool and Relu split across the native pool (maxPool.ts).
 * The overrides keep the originals' setup so they also work when registered before the backend
 * initialises; `only` limits it to the named kernels. Idempotent; call it any time after importing
 * tfjs, before or after `tf.setBackend('wasm')`. Never throws: if the wasm kernels are absent it
 * does nothing.
 */
export function registerWasmTrainingKernels(options: { only?: readonly string[] } = {}): void {
  if (registered) return;
  const originalMatMul = tf.getKernel(tf.BatchMatMul, WASM);
  const originalSum = tf.getKernel(tf.Sum, WASM);
  const originalIdentity = tf.getKernel(tf.Identity, WASM);
  const originalCast = tf.getKernel(tf.Cast, WASM);
  const originalAdd = tf.getKernel(tf.Add, WASM);
  const originalConv2D = tf.getKernel(tf.Conv2D, WASM);
  const originalMaxPool = tf.getKernel(tf.MaxPool, WASM);
  const originalRelu = tf.getKernel(tf.Relu, WASM);
  if (
    originalConv2D === undefined ||
    originalMaxPool === undefined ||
    originalRelu === undefined ||
    originalMatMul === undefined ||
    originalSum === undefined ||
    originalIdentity === undefined ||
    originalCast === undefined ||
    originalAdd === undefined
  ) {
    return;
  }
  registered = true;
  setGemmKernel(originalMatMul);
  const replacements = [
    conv2dBackpropFilterConfig,
    conv2dBackpropInputConfig,
    batchMatMulConfig(originalMatMul),
    maxPoolGradConfig,
    sumConfig(originalSum),
    identityConfig(originalIdentity),
    castConfig(originalCast),
    reluGradConfig,
    addConfig(originalAdd),
    conv2dConfig(originalConv2D),
    maxPoolConfig(originalMaxPool),
    reluConfig(originalRelu),
  ];
  // `only` keeps the rest of the backend stock (the bench's "stock tfjs-wasm + what it needs to train").
  for (const config of replacements.filter((c) => options.only?.includes(c.kernelName) ?? true)) {
    if (tf.getKernel(config.kernelName, WASM) !== undefined) tf.unregisterKernel(config.kernelName, WASM);
    tf.registerKernel(config);
    // Relu's gradient (global in tfjs) dispatches to the native kernel on wasm only.
    if (config.kernelName === RELU_GRAD) registerReluGradient();
  }
}
