/**
 * The input panel: a test image, your own drawing, or (for Fashion-MNIST) an uploaded picture. Colour
 * datasets (CIFAR-10) offer an upload instead of the drawing pad: nobody draws a photo.
 */
import { useState } from 'react';
import { datasetMeta } from '../../engine/data/datasets';
import { modelDataset } from '../../store/inspectionBridge';
import { useAppStore } from '../../store';
import { DrawInput } from './DrawInput';
import { TestImagePicker } from './TestImagePicker';
import { UploadInput } from './UploadInput';
import { Segmented } from '../common/Segmented';

type Mode = 'test' | 'draw' | 'upload';

export function InputChooser() {
  const dataset = useAppStore(() => modelDataset());
  const [mode, setMode] = useState<Mode>('test');
  const modes: { key: Mode; label: string }[] = [
    { key: 'test', label: 'Test image' },
    ...(datasetMeta(dataset).channels === 3 ? [] : [{ key: 'draw' as const, label: 'Draw your own' }]),
    ...(dataset === 'fashion-mnist' || datasetMeta(dataset).channels === 3 ? [{ key: 'upload' as const, label: 'Upload a picture' }] : []),
  ];
  const current = modes.some((m) => m.key === mode) ? mode : 'test';

  return (
    <section className="panel inside__input" aria-labelledby="inside-input-title">
      <header className="panel__header">
        <h3 id="inside-input-title">Input</h3>
        <Segmented
          name="inside-input-mode"
          label="Where the input comes from"
          options={modes.map((m) => ({ key: m.key, label: m.label, testId: `input-mode-${m.key}` }))}
          value={current}
          onChange={setMode}
        />
      </header>
      {current === 'test' && <TestImagePicker />}
      {current === 'draw' && <DrawInput />}
      {current === 'upload' && <UploadInput />}
    </section>
  );
}
