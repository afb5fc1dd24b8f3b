/**
 * Picks the tfjs backend for the command-line tools (train, evaluate). Node only: tfjs-node cannot be
 * installed here, so it is wasm (with the playground's training kernels) or plain cpu.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../protocol';

export async function useNodeBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    // Conv nets need the training kernels the upstream wasm backend lacks.
    const { registerWasmTrainingKernels } = await import('../backends/wasmTrainingKernels');
    registerWasmTrainingKernels();
  }
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not initialise`);
  await tf.ready();
}
