/**
 * Divergence in the page: a shared link opens 18 linear dense layers with the largest initial weight
 * spread the builder allows; training it on WebAssembly (whose clamp used to hide the NaN outputs
 * behind a clipped, finite loss, so the run "finished") fails on its first batch, and the banner says
 * what happened, where, and what to change.
 */
import { expect, test } from '@playwright/test';
import { SPEC_VERSION, type LayerSpec, type ModelSpec } from '../src/engine/spec/types';
import { encodeSetup } from '../src/store/urlState';
import { backendLine, gotoView, watchConsole } from './helpers';

function deepLinear(): ModelSpec {
  const dense = (units: number, activation: 'linear' | 'softmax'): LayerSpec => ({
    type: 'dense',
    units,
    activation,
    useBias: true,
    kernelInitializer: 'randomNormal',
    initStddev: 10,
  });
  const layers: LayerSpec[] = [{ type: 'flatten' }];
  for (let i = 0; i < 17; i++) layers.push(dense(256, 'linear'));
  layers.push(dense(10, 'softmax'));
  return {
    version: SPEC_VERSION,
    name: '18 linear layers',
    inputShape: [28, 28, 1],
    numClasses: 10,
    layers,
    training: { optimizer: 'sgd', learningRate: 0.01, batchSize: 32, epochs: 1, seed: 1, l2: 0 },
  };
}

test('a diverging network stops on its first batch with NaN or overflow named', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchConsole(page);
  const hash = encodeSetup({
    spec: deepLinear(),
    dataset: 'mnist',
    trainOptions: { trainLimit: 640, validationSplit: 0, testLimit: 100 },
    presetId: null,
  });
  await gotoView(page, `/?backend=wasm#${hash}`);
  expect(await backendLine(page)).toContain('Backend: wasm');
  await expect(page.getByTestId('train-start')).toBeEnabled();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-state')).toHaveText(/failed/, { timeout: 120_000 });
  const banner = page.getByTestId('fault-banner');
  await expect(banner).toHaveAttribute('data-kind', 'nan');
  await expect(banner).toContainText('Training diverged');
  await expect(banner).toContainText(
    /The network’s outputs( and its gradients)? (became NaN \(not a number\)|overflowed to ±Infinity) at epoch 1, batch 1:/,
  );
  await expect(banner).toContainText(/The weights of layers? dense_\d+/);
  await expect(banner).toContainText('A smaller initial weight spread');
  expect(errors).toEqual([]);
});
