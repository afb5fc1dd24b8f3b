/**
 * The home view's preset names: what each network is, and where it comes from in small print
 * ("from the TensorFlow 2 tutorial (seed 001)"), so a class knows whose model it is watching.
 */
import type { PresetId } from '../../engine/spec/presets';
import type { DatasetName } from '../../engine/spec/types';

export const PRESET_SOURCES: Record<PresetId, string> = {
  tiny: 'the smallest CNN that learns: made for this playground',
  'fashion-mlp': 'from the TensorFlow 2 Fashion-MNIST tutorial (seed 001), its dense baseline',
  'fashion-cnn': 'from the TensorFlow 2 Fashion-MNIST tutorial (seed 001)',
  'mnist-cnn-1000': 'from the TensorFlow CNN tutorial (seed 003)',
  'mnist-cnn-course': 'from the CNN course notebook (seed 002): learns slowly on purpose',
  'tfann-cnnc': 'from the TFANN article (seed 000), adapted to 28×28 greyscale',
  lenet5: 'LeCun et al., 1998, on 28×28 input',
  'tfann-cnnc-cifar': 'from the TFANN article (seed 000), as published: cats and dogs of CIFAR-10',
  'cifar10-cnn': 'from the TensorFlow CNN tutorial for CIFAR-10 (where seed 003 points next)',
};

/** What Play will show, in one sentence for the first visit. */
export function firstVisitLine(dataset: DatasetName): string {
  if (dataset.startsWith('custom:')) return 'Press ▶ and watch a CNN learn the classes of your own dataset.';
  if (dataset === 'cifar-10') return 'Press ▶ and watch a CNN learn to tell ten kinds of colour photo apart.';
  return dataset === 'mnist'
    ? 'Press ▶ and watch a CNN learn to read handwritten digits.'
    : 'Press ▶ and watch a CNN learn to tell ten kinds of clothing apart.';
}
