/** The convolution explorer's pure maths: setups, the step-by-step arithmetic, presets and "explain this layer". */
export * from './setup';
export * from './compute';
export * from './layer';
export * from './presets';
export * from './imageKernels';
