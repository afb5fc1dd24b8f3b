/**
 * Training metrics accumulated on the device between two reads. Each batch adds its loss and its
 * number of correct predictions to one small tensor; nothing is read back per batch. `take()` hands
 * over what was accumulated so far and starts a new window, and the caller reads it asynchronously.
 * A NaN or infinite loss in any batch makes the window's loss sum non-finite, so one read per window
 * is enough to notice divergence.
 */
import * as tf from '@tensorflow/tfjs';
import { countsFrom, type DivergenceCounts } from './divergence';

/** A closed window: its summed metrics (still on the device) and how many batches/examples it covers. */
export interface ClosedWindow {
  /**
   * float32 [2] or [2 + HEALTH_LENGTH]: [sum of batch losses, number of correct predictions, then the
   * summed divergence health vectors when batches carried one]. Dispose after reading.
   */
  sums: tf.Tensor1D;
  batches: number;
  examples: number;
}

/** What a window's read gives. */
export interface WindowMetrics {
  batches: number;
  examples: number;
  /** Mean batch loss over the window (NaN / ±Infinity when a batch diverged). */
  loss: number;
  accuracy: number;
  finite: boolean;
  /** Summed non-finite counts of the window's outputs and gradients, when the batches carried them. */
  divergence?: DivergenceCounts;
}

export class MetricsWindow {
  private sums: tf.Tensor1D | null = null;
  private batches = 0;
  private examples = 0;

  /**
   * Adds one batch (the tensors are not kept or disposed here). `health` (see `batchHealth`) must be
   * given for every batch of a window or for none.
   */
  add(loss: tf.Scalar, correct: tf.Scalar, examples: number, health?: tf.Tensor1D): void {
    const previous = this.sums;
    this.sums = tf.keep(
      tf.tidy(() => {
        const metrics = tf.stack([loss, correct]) as tf.Tensor1D;
        const batch = health ? (tf.concat([metrics, health]) as tf.Tensor1D) : metrics;
        return previous ? (tf.add(previous, batch) as tf.Tensor1D) : batch;
      }),
    );
    previous?.dispose();
    this.batches += 1;
    this.examples += examples;
  }

  get pendingBatches(): number {
    return this.batches;
  }

  /** Closes the window and starts a new one; null when no batch was added since the last take. */
  take(): ClosedWindow | null {
    if (!this.sums) return null;
    const closed: ClosedWindow = { sums: this.sums, batches: this.batches, examples: this.examples };
    this.sums = null;
    this.batches = 0;
    this.examples = 0;
    return closed;
  }

  /** Frees the open window's tensor. */
  dispose(): void {
    this.sums?.dispose();
    this.sums = null;
    this.batches = 0;
    this.examples = 0;
  }
}

/** Reads a closed window (one small GPU→CPU transfer) and frees its tensor. */
export async function readWindow(window: ClosedWindow): Promise<WindowMetrics> {
  try {
    const values = await window.sums.data();
    const [lossSum, correct] = values;
    const loss = lossSum / window.batches;
    return {
      ...(values.length > 2 ? { divergence: countsFrom(values, 2) } : {}),
      batches: window.batches,
      examples: window.examples,
      loss,
      accuracy: correct / window.examples,
      finite: Number.isFinite(loss),
    };
  } finally {
    window.sums.dispose();
  }
}
