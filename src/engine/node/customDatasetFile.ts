/**
 * A learner's dataset file (exported from the page) read from disk for the CLI: checked by the same
 * reader the page uses, split by the same seed. Node only.
 */
import { readFileSync } from 'node:fs';
import { type CustomDataset, toEngineDataset } from '../data/customDataset';
import { readDatasetFile } from '../data/customFile';
import { registerCustomDataset } from '../data/customRegistry';

export function loadDatasetFile(path: string): { custom: CustomDataset; dataset: ReturnType<typeof toEngineDataset> } {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new Error(`${path}: could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  let custom: CustomDataset;
  try {
    custom = readDatasetFile(bytes);
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const dataset = toEngineDataset(custom);
  registerCustomDataset(dataset);
  return { custom, dataset };
}
