/**
 * A short, bounded measurement of how fast each backend trains a small conv net on this machine, so
 * that "automatic" can pick the fastest rather than the first (a software WebGPU adapter is usually the
 * slowest of all). Each backend gets a warm-up batch and then trains until a time budget runs out.
 */
import * as tf from '@tensorflow/tfjs';
import { activate } from './backend';
import type { BackendName, MeasuredSpeeds } from './protocol';

const BATCH = 16;
/** Per-backend measuring time after warm-up; a slow backend still gets at least one timed batch. */
const BUDGET_MS = 1500;

function calibrationModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Examples per second of the calibration model on the currently active backend. */
export async function measureActiveBackend(now: () => number = () => performance.now()): Promise<number> {
  const model = calibrationModel();
  const xs = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 7);
  const ys = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 8), 10);
  try {
    await model.trainOnBatch(xs, ys); // warm-up: shader compiles, buffer pools
    let batches = 0;
    const started = now();
    do {
      await model.trainOnBatch(xs, ys);
      batches++;
    } while (now() - started < BUDGET_MS);
    return (batches * BATCH * 1000) / (now() - started);
  } finally {
    xs.dispose();
    ys.dispose();
    model.dispose();
  }
}

/**
 * Measures every candidate that can be activated; leaves whichever backend was measured last active
 * (the caller re-selects). Failures are skipped: a backend that cannot train is simply not ranked.
 */
export async function calibrate(candidates: BackendName[]): Promise<MeasuredSpeeds> {
  const speeds: MeasuredSpeeds = {};
  for (const name of candidates) {
    if ((await activate(name)) !== null) continue;
    try {
      speeds[name] = Math.round(await measureActiveBackend());
    } catch {
      // e.g. a kernel missing on this backend: not a candidate for training.
    }
  }
  return speeds;
}
