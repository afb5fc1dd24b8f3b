/**
 * Where a step's time goes, measured on the real training loop: tf.profile records every kernel the
 * worker runs while it waits (the session trains on in the same worker meanwhile), and the totals are
 * divided by the steps that ran. On the wasm backend a kernel's time is its wall time, so the figures
 * include the native pool's hand-offs; what is left of a step's wall time is JavaScript between kernels.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelShare {
  kernel: string;
  msPerStep: number;
  callsPerStep: number;
}

export interface StepProfile {
  steps: number;
  wallMsPerStep: number;
  kernelMsPerStep: number;
  kernels: KernelShare[];
}

/**
 * Profiles whatever runs during the next `ms` milliseconds; `examplesSeen` counts the steps. `byShape`
 * keeps kernels with different input shapes apart (a model's first and second convolution).
 */
export async function profileWhileTraining(ms: number, batch: number, examplesSeen: () => number, byShape = false): Promise<StepProfile> {
  const seen0 = examplesSeen();
  const t0 = performance.now();
  const info = await tf.profile(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const wall = performance.now() - t0;
  const steps = Math.max(1, Math.round((examplesSeen() - seen0) / batch));
  const totals = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const key = byShape ? `${k.name}[${k.inputShapes.map((s) => (s ?? []).join('x')).join(',')}]` : k.name;
    const entry = totals.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    entry.calls += 1;
    totals.set(key, entry);
  }
  const kernels = [...totals].map(([kernel, t]) => ({ kernel, msPerStep: t.ms / steps, callsPerStep: t.calls / steps }));
  kernels.sort((a, b) => b.msPerStep - a.msPerStep);
  return { steps, wallMsPerStep: wall / steps, kernelMsPerStep: kernels.reduce((s, k) => s + k.msPerStep, 0), kernels };
}

/** One log line: the step's wall and kernel time, then the kernels that take ≥ 1 % of it. */
export function describeProfile(label: string, p: StepProfile): string {
  const top = p.kernels
    .filter((k) => k.msPerStep >= p.wallMsPerStep / 1000)
    .map((k) => `${k.kernel} ${k.msPerStep.toFixed(1)} ms ×${Number(k.callsPerStep.toFixed(1))}`);
  return `profile ${label}: ${p.steps} steps, ${p.wallMsPerStep.toFixed(1)} ms a step, kernels ${p.kernelMsPerStep.toFixed(1)} ms: ${top.join(', ')}`;
}
