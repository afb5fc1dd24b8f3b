/**
 * The explorer panel reports its window and step to the store, so that a lesson can check what the
 * learner did in the explorer (its state stays the panel's own).
 */
import { useEffect } from 'react';
import type { ExplorerGeometry, StepDetail } from '../../engine/explorer/compute';
import type { ExplorerSetup } from '../../engine/explorer/setup';
import { useAppStore } from '../../store';

export function useExplorerReport(setup: ExplorerSetup, geometry: ExplorerGeometry, step: number, detail: StepDetail | null): void {
  useEffect(() => {
    useAppStore.getState().setExplorerReport({
      op: setup.op,
      inputHeight: setup.inputHeight,
      inputWidth: setup.inputWidth,
      kernelHeight: setup.kernelHeight,
      kernelWidth: setup.kernelWidth,
      strides: [setup.strides[0], setup.strides[1]],
      padding: setup.padding,
      outHeight: geometry.outHeight,
      outWidth: geometry.outWidth,
      step,
      value: detail ? detail.value : null,
    });
  }, [setup, geometry, step, detail]);
  useEffect(() => () => useAppStore.getState().setExplorerReport(null), []);
}
