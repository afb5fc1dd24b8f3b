/**
 * The page: a one-line header (name, the views, the backend badge, projector mode, theme), then the
 * open view. The home view is the playground: one live picture of the network learning; Build,
 * Inside and the Convolution explorer are deeper views of the same model.
 */
import { useEffect } from 'react';
import type { BackendChoice } from '../engine/protocol';
import { startEngine } from '../store/engineBridge';
import { useAppStore } from '../store';
import type { Section } from '../store/uiSlice';
import { BuildPage } from './BuildPage';
import { OwnDataPage } from './dataset/OwnDataPage';
import { ExplorerTab } from './inside/ExplorerTab';
import { InsidePage } from './inside/InsidePage';
import { BackendBadge } from './layout/BackendBadge';
import { OfflineNotice } from './layout/OfflineNotice';
import { ProjectorToggle } from './layout/ProjectorToggle';
import { type TabDef, TabList, TabPanel } from './layout/Tabs';
import { ThemeToggle } from './layout/ThemeToggle';
import { ModelDropZone } from './results/ModelDropZone';
import { PlaygroundView } from './playground/PlaygroundView';
import { ClassroomBanner } from './share/ClassroomBanner';
import { UrlProblemBanner } from './share/UrlProblemBanner';
import { controlShown } from '../store/classroomControls';
import { LessonsEntry } from './teach/LessonsEntry';

const BACKENDS: BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** ?backend=webgl forces a backend (for demos on odd hardware, and for tests). */
function backendFromUrl(): BackendChoice {
  const value = new URLSearchParams(window.location.search).get('backend');
  return BACKENDS.includes(value as BackendChoice) ? (value as BackendChoice) : 'auto';
}

const TABS: TabDef<Section>[] = [
  { key: 'play', label: 'Playground', render: () => <PlaygroundView /> },
  { key: 'build', label: 'Build & train', render: () => <BuildPage /> },
  { key: 'inside', label: 'Inside the network', render: () => <InsidePage /> },
  { key: 'explorer', label: 'Convolution explorer', render: () => <ExplorerTab /> },
  { key: 'data', label: 'Your data', render: () => <OwnDataPage /> },
];

export function App() {
  const section = useAppStore((s) => s.section);
  const setSection = useAppStore((s) => s.setSection);
  // A classroom link hides the views it does not allow (the playground always shows).
  const classroom = useAppStore((s) => s.classroom);
  const tabs = TABS.filter((tab) => tab.key === 'play' || controlShown(classroom, `view:${tab.key}`));
  useEffect(() => {
    void startEngine(backendFromUrl());
  }, []);

  return (
    <div className={`app app--${section}`}>
      <header className="app__header">
        <h1 className="app__title">
          CNN Playground <span className="visually-hidden">build, train and look inside a convolutional network</span>
        </h1>
        <TabList tabs={tabs} active={section} onChange={setSection} />
        <ClassroomBanner />
        <div className="app__header-tools">
          <LessonsEntry />
          <BackendBadge />
          <ProjectorToggle />
          <ThemeToggle />
        </div>
      </header>
      <OfflineNotice />
      <UrlProblemBanner />
      <main className="app__main">
        <TabPanel tabs={tabs} active={section} />
      </main>
      <ModelDropZone />
    </div>
  );
}
