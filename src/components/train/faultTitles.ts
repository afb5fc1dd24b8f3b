/** The heading of each kind of run fault, for every place that shows one (Build's banner, the home view). */
const TITLES: Record<string, string> = {
  nan: 'Training diverged',
  oom: 'Out of memory',
  deviceLost: 'The GPU device was lost',
  backend: 'This backend cannot train the network',
  dataset: 'The dataset could not be loaded',
  spec: 'The network cannot be trained',
  storage: 'Saving or loading failed',
  internal: 'Training failed',
};

/** The heading for a fault of `kind` ("Training diverged"); "Training failed" when there is no fault to name. */
export function faultTitle(kind: string | undefined): string {
  if (kind === undefined) return 'Training failed';
  return TITLES[kind] ?? 'Problem';
}
