/**
 * The saved-model library with real IndexedDB in two tabs: same-name saves stay apart, a save or a
 * delete in one tab shows in the other's list without a reload, an entry saved right before a hard
 * stop survives and loads, and weights that a save cut short left without an entry (in this store or
 * in tfjs's database, where older versions kept them) are removed at start-up.
 */
import { expect, type Page, test } from '@playwright/test';
import { backendLine, gotoView, openView, typeInto, watchConsole } from './helpers';


const names = (page: Page) => page.getByTestId('saved-models').locator('.library__name').allTextContents();

async function save(page: Page, name: string): Promise<void> {
  await typeInto(page, 'save-model-name', name);
  await page.getByTestId('save-model').click();
}

/** Writes orphaned weights: one in the library's own store, one in tfjs's database (the old layout). */
async function leaveOrphans(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const open = (name: string, version: number, upgrade: (db: IDBDatabase) => void) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name, version);
        req.onupgradeneeded = () => upgrade(req.result);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const write = (db: IDBDatabase, store: string, value: unknown) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction(store, 'readwrite');
        tx.objectStore(store).put(value);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    const library = await open('cnn-playground-models', 2, () => undefined);
    await write(library, 'weights', { key: 'orphan-new', weightSpecs: [], weights: new ArrayBuffer(8) });
    library.close();
    const tfjs = await open('tensorflowjs', 1, (db) => {
      db.createObjectStore('models_store', { keyPath: 'modelPath' });
      db.createObjectStore('model_info_store', { keyPath: 'modelPath' });
    });
    const info = { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: 8 };
    await write(tfjs, 'models_store', {
      modelPath: 'cnnp-orphan-old',
      modelArtifacts: { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(8) },
    });
    await write(tfjs, 'model_info_store', { modelPath: 'cnnp-orphan-old', modelArtifactsInfo: info });
    tfjs.close();
  });
}

async function orphanKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const keys = (name: string, store: string) =>
      new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction(store).objectStore(store).getAllKeys();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map(String));
          };
          all.onerror = () => reject(all.error);
        };
        req.onerror = () => reject(req.error);
      });
    return [
      ...(await keys('cnn-playground-models', 'weights')),
      ...(await keys('tensorflowjs', 'model_info_store')),
    ].filter((k) => k.includes('orphan'));
  });
}

test('two tabs share one up-to-date library; saves are durable and orphans are cleaned up', async ({
  context,
}) => {
  test.setTimeout(300_000);
  const a = await context.newPage();
  const errors = watchConsole(a);
  await gotoView(a, '/?backend=wasm');
  expect(await backendLine(a)).toContain('Backend: wasm');
  await typeInto(a, 'hp-train-limit', '320');
  await typeInto(a, 'hp-epochs', '1');
  await typeInto(a, 'hp-test-limit', '100');
  await a.getByTestId('train-start').click();
  await expect(a.getByTestId('run-state')).toHaveText(/finished/, { timeout: 180_000 });

  const b = await context.newPage();
  errors.push(...watchConsole(b));
  await gotoView(b, '/?backend=wasm');
  expect(await backendLine(b)).toContain('Backend: wasm');
  await expect(b.getByTestId('saved-models')).toHaveText('No saved models yet.');

  // Same-name saves make distinct entries, and the other tab sees each one without a reload.
  await save(a, 'same');
  await expect(a.getByTestId('library-message')).toHaveText('Saved “same”.');
  await save(a, 'same');
  await expect(a.getByTestId('library-message')).toHaveText('Saved “same (2)”.');
  await expect.poll(() => names(b).then((n) => n.sort())).toEqual(['same', 'same (2)']);

  // A delete in the second tab leaves the first tab's list too.
  await b.getByRole('button', { name: 'Delete same (2)' }).click();
  await expect(b.getByTestId('library-message')).toHaveText('Deleted the saved model.');
  await expect.poll(() => names(a)).toEqual(['same']);

  // "Saved" means stored: a reload at once (it ends the worker, as closing the tab would; Hard stop is
  // disabled with no run to stop), and the entry is there and loads.
  await save(a, 'durable');
  await expect(a.getByTestId('library-message')).toHaveText('Saved “durable”.');
  await a.reload();
  await openView(a, 'build');
  expect(await backendLine(a)).toContain('Backend: wasm');
  await expect.poll(() => names(a).then((n) => n.sort())).toEqual(['durable', 'same']);
  await a
    .getByTestId('saved-models')
    .locator('li', { hasText: 'durable' })
    .getByRole('button', { name: 'Load' })
    .click();
  await expect(a.getByTestId('results-model')).toContainText('loaded from this browser');

  // Weights without an entry are gone after the next start.
  await leaveOrphans(a);
  expect((await orphanKeys(a)).sort()).toEqual(['cnnp-orphan-old', 'orphan-new']);
  await a.reload();
  await openView(a, 'build');
  expect(await backendLine(a)).toContain('Backend: wasm');
  await expect.poll(() => names(a).then((n) => n.sort())).toEqual(['durable', 'same']);
  await expect.poll(() => orphanKeys(a)).toEqual([]);
  expect(errors).toEqual([]);
});
