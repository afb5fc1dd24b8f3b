/**
 * Adam in one pass per variable on the wasm backend. tfjs's AdamOptimizer runs about a dozen
 * elementwise kernels per variable and step (each a dispatch, an allocation and a full pass over
 * memory); here one native loop (native/kernels.wat) reads value, gradient and both moments once and
 * writes the new three. The float32 operations and their order are tfjs's own, so the results are
 * bit-identical (fusedAdam.test.ts), and state, serialisation and every other backend are the parent's.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernels } from './native/nativeKernels';
import { runSplit, SPLIT_GRAIN_FLOATS } from './native/nativeSplit';
import { asWasmBackend, heapF32, heapIndex, WASM } from './wasmBackendAccess';

interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

/** The parent's private state, which this subclass shares rather than duplicates. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (OptimizerVariable | undefined)[];
  accumulatedSecondMoment: (OptimizerVariable | undefined)[];
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const backend = tf.getBackend() === WASM ? asWasmBackend(tf.backend()) : null;
    const native = backend === null ? null : nativeKernels(backend);
    if (backend === null || native === null) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // The scalars exactly as tfjs makes them: JavaScript numbers rounded once to float32.
    const f = Math.fround;
    const accBeta1 = heapF32(backend)[heapIndex(backend, state.accBeta1)];
    const accBeta2 = heapF32(backend)[heapIndex(backend, state.accBeta2)];
    const constants = [
      f(state.beta1),
      f(1 - state.beta1),
      f(state.beta2),
      f(1 - state.beta2),
      f(1 - accBeta1),
      f(1 - accBeta2),
      f(state.epsilon),
      f(-state.learningRate),
    ] as const;
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      const trainable = false;
      state.accumulatedFirstMoment[i] ??= {
        originalName: `${name}/m`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(trainable)),
      };
      state.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(trainable)),
      };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      const m = state.accumulatedFirstMoment[i]!.variable;
      const v = state.accumulatedSecondMoment[i]!.variable;
      if (value.dtype !== 'float32' || gradient.dtype !== 'float32') {
        throw new Error(`Adam on wasm: variable ${name} is ${value.dtype}, its gradient ${gradient.dtype}; both must be float32.`);
      }
      const outM = backend.makeOutput(value.shape, 'float32');
      const outV = backend.makeOutput(value.shape, 'float32');
      const out = backend.makeOutput(value.shape, 'float32');
      const at = (info: tf.TensorInfo) => 4 * heapIndex(backend, info);
      const pointers = [value, gradient, m, v, outM, outV, out].map(at);
      // Elementwise: any split gives the same floats.
      runSplit(native, 'adam', value.size, (s, e) => [...pointers.map((p) => p + 4 * s), e - s, ...constants], SPLIT_GRAIN_FLOATS);
      assignFrom(m, outM);
      assignFrom(v, outV);
      assignFrom(value, out);
    });
    tf.tidy(() => {
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    this.incrementIterations();
  }
}

/** variable ← the freshly written tensor `info` (which the variable then owns alone). */
function assignFrom(variable: tf.Variable, info: tf.TensorInfo): void {
  const tensor = tf.engine().makeTensorFromTensorInfo(info);
  variable.assign(tensor);
  tensor.dispose();
}
