import { describe, expect, it } from 'vitest';
import { getPreset } from '../spec/presets';
import { classifyError, nanFault, nextBackend } from './faults';

describe('faults', () => {
  it('offers the next backend in speed order', () => {
    expect(nextBackend('webgpu')).toBe('webgl');
    expect(nextBackend('webgl')).toBe('wasm');
    expect(nextBackend('wasm')).toBe('cpu');
    expect(nextBackend('cpu')).toBeUndefined();
  });

  it('recognises out-of-memory, a lost device and a missing kernel', () => {
    const oom = classifyError(new Error('Failed to allocate buffer: out of memory'), 'webgl');
    expect(oom).toMatchObject({ kind: 'oom', nextBackend: 'wasm' });
    expect(oom.hint).toMatch(/smaller batch size/);
    expect(classifyError(new Error('GPUDevice was lost: unknown'), 'webgpu')).toMatchObject({ kind: 'deviceLost', nextBackend: 'webgl' });
    expect(classifyError(new Error("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"), 'wasm')).toMatchObject({
      kind: 'backend',
      nextBackend: 'cpu',
    });
    expect(classifyError('something odd', 'cpu')).toMatchObject({ kind: 'internal', message: 'Training failed: something odd' });
  });

  it('blames a high learning rate for a NaN loss, and otherwise suggests lowering it', () => {
    const spec = getPreset('tiny')!.spec;
    spec.training = { ...spec.training, optimizer: 'sgd', learningRate: 5 };
    const high = nanFault(spec, 0, 12, NaN);
    expect(high.message).toBe('The training loss became NaN (epoch 1, by batch 12): the weights diverged, so the run was stopped.');
    expect(high.hint).toMatch(/learning rate 5 is high for sgd: try 0.01/);
    spec.training.learningRate = 0.001;
    expect(nanFault(spec, 2, 3, Infinity).hint).toMatch(/Lower the learning rate/);
    expect(nanFault(spec, 2, 3, Infinity).message).toMatch(/became infinite \(epoch 3, by batch 3\)/);
  });
});
