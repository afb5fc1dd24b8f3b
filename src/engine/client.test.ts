/**
 * The client's side of the protocol with a scripted worker: each request resolves with exactly the
 * event ANSWER_TYPES names, an `error` answer rejects with its kind, and a hard stop fails what is
 * pending and makes a fresh worker.
 */
import { describe, expect, it } from 'vitest';
import { EngineClient, errorKindOf, RequestError, type WorkerLike } from './client';
import { ANSWER_TYPES, type EngineEvent, type EngineRequest } from './protocol';

/** A worker whose answers the test writes by hand. */
function scripted(answer: (request: EngineRequest, reply: (event: EngineEvent) => void) => void) {
  const made: WorkerLike[] = [];
  const factory = () => {
    const worker = {
      onmessage: null,
      onerror: null,
      postMessage: (request: EngineRequest) =>
        answer(request, (event) => setTimeout(() => worker.onmessage?.({ data: event } as MessageEvent<EngineEvent>), 0)),
      terminate: () => undefined,
    } as WorkerLike;
    made.push(worker);
    return worker;
  };
  return { factory, made };
}

describe('EngineClient', () => {
  it('every request that expects an answer has one answer type', () => {
    expect(ANSWER_TYPES.inspect).toBe('activations');
    expect(ANSWER_TYPES.importModel).toBe('modelLoaded');
    expect(Object.keys(ANSWER_TYPES).sort()).toEqual(
      ['calibrate', 'deleteModel', 'evaluate', 'exportForPython', 'exportModel', 'filters', 'importModel', 'init', 'inspect', 'listModels', 'loadDataset', 'loadModel', 'openModelFile', 'samples', 'saveModel', 'setBackend', 'topActivations',
        // Kept runs (issue 19).
        'listRuns', 'renameRun', 'deleteRun', 'exportRun', 'keepRunWeights', 'openRunModel',
        // Insight (issue 19) and own datasets (issue 18).
        'lookFor', 'cancelLookFor', 'explainPrediction', 'putCustomDataset'].sort(),
    );
  });

  it('resolves with the answering event only, skipping other events that carry the same id', async () => {
    const { factory } = scripted((request, reply) => {
      if (request.type !== 'deleteModel') return;
      reply({ type: 'models', requestId: request.requestId, models: [] });
      reply({ type: 'modelDeleted', requestId: request.requestId, key: request.key });
    });
    const client = new EngineClient('x', factory);
    const answer = await client.request({ type: 'deleteModel', key: 'k1' });
    expect(answer).toEqual({ type: 'modelDeleted', requestId: 1, key: 'k1' });
  });

  it('rejects with the error kind the engine sent', async () => {
    const { factory } = scripted((request, reply) => {
      if ('requestId' in request) reply({ type: 'error', requestId: request.requestId, kind: 'no-model', message: 'There is no model yet.' });
    });
    const client = new EngineClient('x', factory);
    const failure = await client.request({ type: 'evaluate' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RequestError);
    expect(errorKindOf(failure)).toBe('no-model');
    expect((failure as Error).message).toBe('There is no model yet.');
  });

  it('a hard stop fails what is pending and the next request makes a fresh worker', async () => {
    const { factory, made } = scripted(() => undefined);
    const client = new EngineClient('x', factory);
    const pending = client.request({ type: 'listModels' }).catch((error: unknown) => error);
    client.restart('hard stop');
    expect(errorKindOf(await pending)).toBe('restarted');
    void client.request({ type: 'listModels' }).catch(() => undefined);
    expect(made).toHaveLength(2);
  });
});
