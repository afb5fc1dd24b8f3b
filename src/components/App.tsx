/** The page: header with the engine's status, then the sections as tabs. */
import { useEffect, useState } from 'react';
import type { BackendChoice } from '../engine/protocol';
import { startEngine } from '../store/engineBridge';
import { SampleGallery } from './dataset/SampleGallery';
import { BackendBadge } from './layout/BackendBadge';
import { type TabDef, Tabs } from './layout/Tabs';
import { ThemeToggle } from './layout/ThemeToggle';

type Section = 'build' | 'inside' | 'explorer';

const BACKENDS: BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** ?backend=webgl forces a backend (for demos on odd hardware, and for tests). */
function backendFromUrl(): BackendChoice {
  const value = new URLSearchParams(window.location.search).get('backend');
  return BACKENDS.includes(value as BackendChoice) ? (value as BackendChoice) : 'auto';
}

export function App() {
  const [section, setSection] = useState<Section>('build');
  useEffect(() => {
    void startEngine(backendFromUrl());
  }, []);

  const tabs: TabDef<Section>[] = [
    { key: 'build', label: 'Build & train', render: () => <SampleGallery /> },
    { key: 'inside', label: 'Inside the network', render: () => <p className="panel__note">Train a model first.</p> },
    { key: 'explorer', label: 'Convolution explorer', render: () => <p className="panel__note">Coming up.</p> },
  ];

  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">
          CNN Playground <span className="app__subtitle">build, train and look inside a convolutional network</span>
        </h1>
        <BackendBadge />
        <ThemeToggle />
      </header>
      <main className="app__main">
        <Tabs tabs={tabs} active={section} onChange={setSection} />
      </main>
    </div>
  );
}
