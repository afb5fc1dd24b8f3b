/**
 * Limits that keep a classroom laptop responsive: a typo such as 10000 filters must produce a
 * message, not a frozen tab. Beyond an `error` limit the spec is refused; beyond a `warn` limit
 * it trains, but slowly, and the learner is told so.
 *
 * How they were chosen: the largest seed model (the course notebook's CNN, 3.3 M parameters,
 * ≈ 14 M multiply-adds per example) must pass without a warning; weights plus Adam's two slots
 * for 20 M parameters are ≈ 240 MB, about what a browser tab can hold beside the dataset; a
 * batch's activations are kept under 1 GiB because training keeps them (and their gradients)
 * alive through the backward pass.
 */
export const LIMITS = {
  maxLayers: 64,
  maxInputSide: 512,
  maxInputChannels: 16,
  maxClasses: 1000,
  maxFilters: 1024,
  maxUnits: 16_384,
  maxWindow: 64,
  maxStride: 64,
  maxDilation: 16,
  maxLrnRadius: 32,
  maxBatchSize: 4096,
  maxEpochs: 1000,
  maxLearningRate: 10,
  maxL2: 1,
  maxInitStddev: 10,
  maxAbsBiasInit: 10,
  maxParams: 20_000_000,
  warnParams: 5_000_000,
  maxBatchActivationBytes: 1024 ** 3,
  warnBatchActivationBytes: 256 * 1024 ** 2,
  /** Multiply-adds of one forward pass of one example. */
  maxMacs: 2_000_000_000,
  warnMacs: 200_000_000,
} as const;
