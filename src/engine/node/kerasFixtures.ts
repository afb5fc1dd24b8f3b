/**
 * The real Keras files of ../shared/fixtures/keras/ (made by Keras itself) and what Keras computed on
 * them (expected.json), for the tests of the Keras import and export. Node only.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetName } from '../spec/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where the fixtures are: beside the checkout, as `npm run datasets` finds the datasets. */
export const KERAS_FIXTURES_DIR = resolve(root, '..', 'shared', 'fixtures', 'keras');

export interface ExpectedLayer {
  name: string;
  class: string;
  outputShape: number[];
  params: number;
}

export interface ExpectedModel {
  dataset: DatasetName;
  params: number;
  layers: ExpectedLayer[];
  testAccuracy: number;
  testLoss: number;
  first32Softmax: number[][];
}

export const KERAS_FIXTURES = ['fashion_cnn_seed001', 'mnist_bn_dropout_avgpool'] as const;

export function readExpected(): Record<(typeof KERAS_FIXTURES)[number], ExpectedModel> {
  return JSON.parse(readFileSync(join(KERAS_FIXTURES_DIR, 'expected.json'), 'utf8')) as Record<(typeof KERAS_FIXTURES)[number], ExpectedModel>;
}

export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(KERAS_FIXTURES_DIR, file)));
}
