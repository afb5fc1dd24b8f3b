/**
 * A Keras file opened through the worker's session (the `openModelFile` request the page sends)
 * becomes the current model: it is evaluated with Keras's accuracy, and training it further starts
 * from its trained weights, where a fresh run of the same network starts from chance.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, EpochEvent, Evaluation, SavedModelInfo } from '../protocol';
import { loadDatasetFromDisk } from '../node/datasetSource';
import { fixtureBytes, readExpected } from '../node/kerasFixtures';
import { TrainingSession } from '../session/session';
import { imageKindOf, openModelFile } from './open-model-file';

beforeAll(async () => {
  // wasm with the playground's training kernels: the backend Node trains on (plain cpu is far too slow).
  await import('@tensorflow/tfjs-backend-wasm');
  const { registerWasmTrainingKernels } = await import('../backends/wasmTrainingKernels');
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
});

describe('a Keras file as the current model', () => {
  it('opens, evaluates as Keras did, and trains further from its weights', async () => {
    const want = readExpected().mnist_bn_dropout_avgpool;
    const events: EngineEvent[] = [];
    const session = new TrainingSession({ post: (e) => events.push(e), getDataset: loadDatasetFromDisk, backendName: () => 'wasm' });
    const of = <T extends EngineEvent['type']>(type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
    try {
      const bytes = fixtureBytes('mnist_bn_dropout_avgpool.keras');
      await session.handle({ type: 'openModelFile', requestId: 1, files: [{ name: 'mnist_bn_dropout_avgpool.keras', bytes: bytes.slice().buffer }], dataset: 'fashion-mnist' });
      expect(of('error')).toEqual([]);
      const info: SavedModelInfo = of('modelLoaded')[0].model;
      // The file's name says MNIST, which wins over the page's dataset.
      expect(info).toMatchObject({ name: 'mnist_bn_dropout_avgpool', dataset: 'mnist', trained: true, epochs: 0 });

      await session.handle({ type: 'evaluate', requestId: 2, limit: 2000 });
      const opened: Evaluation = of('evaluation')[0].evaluation;
      expect(opened.count).toBe(2000);
      expect(opened.accuracy).toBeGreaterThan(want.testAccuracy - 0.05);

      const options = { trainLimit: 320, validationSplit: 0, testLimit: 500 };
      const spec = { ...info.spec, training: { ...info.spec.training, epochs: 1 } };
      await session.handle({ type: 'train', runId: 3, spec, dataset: 'mnist', options: { ...options, continueFromCurrent: true } });
      await session.idle();
      await session.handle({ type: 'train', runId: 4, spec, dataset: 'mnist', options });
      await session.idle();
      const epochs = of('epochEnd') as EpochEvent[];
      const continued = epochs.find((e) => e.runId === 3)!;
      const fresh = epochs.find((e) => e.runId === 4)!;
      expect(continued.valAccuracy).toBeGreaterThan(0.85);
      expect(fresh.valAccuracy).toBeLessThan(continued.valAccuracy - 0.1);
    } finally {
      session.dispose();
    }
  });

  it('refuses a file that is no model with a message, and keeps the model it had', async () => {
    const events: EngineEvent[] = [];
    const session = new TrainingSession({ post: (e) => events.push(e), getDataset: loadDatasetFromDisk, backendName: () => 'cpu' });
    try {
      await session.handle({ type: 'openModelFile', requestId: 1, files: [{ name: 'weights.bin', bytes: new ArrayBuffer(8) }], dataset: 'mnist' });
      expect(events).toEqual([{ type: 'error', requestId: 1, kind: 'input', message: 'A weights .bin file alone is not a model: pick the model.json saved with it too.' }]);
    } finally {
      session.dispose();
    }
  });
});

describe('a picture picked as a model', () => {
  it('is refused by its format, pointing to Your data, not parsed as TFANN text', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(openModelFile([{ name: 'seven.png', bytes: png }])).rejects.toThrow(
      /^seven\.png is a PNG picture, not a model file\. Pictures to train on go in the Your data view/,
    );
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
    await expect(openModelFile([{ name: 'cat.txt', bytes: jpeg }])).rejects.toThrow(/cat\.txt is a JPEG picture/);
  });

  it('knows the picture formats by their signatures, and text is none of them', () => {
    const riff = (kind: string) => Uint8Array.from([...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...kind].map((c) => c.charCodeAt(0))));
    expect(imageKindOf(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toBe('GIF');
    expect(imageKindOf(Uint8Array.from([0x42, 0x4d, 0, 0]))).toBe('BMP');
    expect(imageKindOf(riff('WEBP'))).toBe('WebP');
    expect(imageKindOf(riff('WAVE'))).toBeNull();
    expect(imageKindOf(new TextEncoder().encode('[C 3x3x8, P 2x2, F 10]'))).toBeNull();
    expect(imageKindOf(new TextEncoder().encode('{"layers": []}'))).toBeNull();
  });
});
