/**
 * The sum of a list of same-shaped tensors, on any backend. `tf.addN` compiles one WebGPU shader that
 * binds every input plus its output as storage buffers, and WebGPU devices allow 8 per shader stage
 * unless more are requested (tfjs does not ask): `addN` of 8 or more tensors fails to compile there,
 * and its output is whatever memory the buffer pool hands back, with no error thrown to JavaScript.
 * The Fashion CNN's 8 gradient tensors hit exactly that (its divergence check then read garbage and
 * stopped the run at batch 1 on WebGPU). Adding in groups of at most 7 stays inside the limit, with
 * one kernel per group on every backend, in the same left-to-right order as `addN`.
 */
import * as tf from '@tensorflow/tfjs';

/** Inputs per `addN` call: 7 inputs and the output are 8 storage buffers, WebGPU's default limit. */
export const ADD_GROUP = 7;

export function addAll<T extends tf.Tensor>(tensors: readonly T[]): T {
  if (tensors.length === 0) throw new Error('addAll: nothing to add.');
  return tf.tidy(() => {
    let total: T = tensors.length === 1 ? tf.clone(tensors[0]) : (tf.addN(tensors.slice(0, ADD_GROUP)) as T);
    for (let i = ADD_GROUP; i < tensors.length; i += ADD_GROUP - 1) {
      total = tf.addN([total, ...tensors.slice(i, i + ADD_GROUP - 1)]) as T;
    }
    return total;
  });
}
