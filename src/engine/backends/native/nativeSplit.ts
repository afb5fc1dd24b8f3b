/**
 * How a native kernel call is split across threads. A splittable kernel takes a range [start, end) of
 * its outermost independent dimension (rows of a product, images of a batch, elements of a flat pass)
 * and writes only the outputs of that range, so that several threads can run disjoint ranges of one
 * call at the same time on the shared heap. Each range is computed exactly as one call over all of it
 * would compute it, so results do not depend on how many threads there are.
 *
 * `runSplit` is the one entry point kernels use; with no thread pool attached it runs the whole range
 * on the calling thread.
 */
import type { NativeKernels } from './nativeKernels';

/** Names of the exports of kernels.wat. */
export type NativeKernelName = keyof NativeKernels;

/** The numeric arguments of one call of a kernel for the range [start, end). */
export type SplitArgs = (start: number, end: number) => number[];

/** Something that can run the ranges of one call on several threads (see nativePool.ts). */
export interface SplitRunner {
  /** Runs `name` over [0, total) in parts of at least `grain`; returns when every part is done. */
  run(kernels: NativeKernels, name: NativeKernelName, total: number, args: SplitArgs, grain: number): void;
}

/**
 * Smallest part worth handing to another thread, in floats of a streaming pass: about 50 µs of work,
 * against the 10–50 µs a wake-up costs.
 */
export const SPLIT_GRAIN_FLOATS = 1 << 16;

/**
 * The same for kernels that multiply and add: about 50 µs of a product (≈ 25 G multiply-adds a second
 * on one thread). A conv layer's image is worth millions of them, so its grain is one image, not the
 * six that counting its outputs as a streaming pass's floats gave: the MNIST CNN's 64 images then went
 * out in parts of 6, which two threads finish at best 34 : 30.
 */
export const SPLIT_GRAIN_MACS = 1 << 20;

let runner: SplitRunner | null = null;

/** Attaches (or, with null, detaches) the thread pool that runSplit hands its ranges to. */
export function setSplitRunner(next: SplitRunner | null): void {
  runner = next;
}

/** The attached pool, or null. */
export function splitRunner(): SplitRunner | null {
  return runner;
}

/** Calls the export `name` with the arguments of the range [start, end). */
export function callRange(kernels: NativeKernels, name: NativeKernelName, args: number[]): void {
  (kernels[name] as (...a: number[]) => void)(...args);
}

/**
 * Runs `name` over [0, total), split across the attached pool when there is one and the range is
 * worth splitting (at least two parts of `grain`), otherwise in one call on this thread.
 */
export function runSplit(
  kernels: NativeKernels,
  name: NativeKernelName,
  total: number,
  args: SplitArgs,
  grain = 1,
): void {
  if (total <= 0) return;
  if (runner !== null && total >= 2 * grain) {
    runner.run(kernels, name, total, args, grain);
    return;
  }
  callRange(kernels, name, args(0, total));
}
