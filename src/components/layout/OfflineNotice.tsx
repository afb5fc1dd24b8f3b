/**
 * A one-line strip under the header while the network is away: what still works (the app, and the
 * datasets this device has saved) and what needs the network, and, when the chosen dataset is not
 * saved, that it cannot load until the network is back. Also says when a new version has been
 * installed, with a Reload button (never reloaded by itself: that would lose a run). Nothing shows
 * while online and up to date.
 */
import { useEffect } from 'react';
import { DATASET_NAMES, DATASET_TITLES } from '../../engine/data/datasets';
import type { DatasetName } from '../../engine/spec/types';
import { useAppStore } from '../../store';
import { chosenDatasetProblem, type OfflineFacts, offlineNotice } from '../../offline/availability';
import { keepLoadedDatasets, startOfflineSupport, useOfflineStore } from '../../offline/offlineStatus';
import './OfflineNotice.css';

/** "MNIST", "Fashion-MNIST": the notice is one line. */
const TITLES = Object.fromEntries(DATASET_NAMES.map((name) => [name, DATASET_TITLES[name].replace(/ digits$/, '')])) as Record<DatasetName, string>;

export function OfflineNotice() {
  const online = useOfflineStore((s) => s.online);
  const available = useOfflineStore((s) => s.available);
  const updated = useOfflineStore((s) => s.updated);
  const chosen = useAppStore((s) => s.dataset);
  const workerReady = useOfflineStore((s) => s.worker === 'ready');
  // Datasets the engine has fully loaded (its progress reaches 1 once every file is in and decoded).
  const loaded = useAppStore((s) =>
    DATASET_NAMES.filter((name) => {
      const load = s.datasets[name];
      return load !== undefined && !load.error && (load.phase === 'ready' || load.fraction >= 1);
    }).join(' '),
  );
  useEffect(() => startOfflineSupport(), []);
  // Once the app works offline, every dataset the engine has loaded is kept for offline use too.
  useEffect(() => {
    if (workerReady && online && loaded) void keepLoadedDatasets(loaded.split(' ') as DatasetName[]);
  }, [workerReady, online, loaded]);

  const facts: OfflineFacts = { online, available, all: DATASET_NAMES, titles: TITLES };
  const text = offlineNotice(facts);
  const problem = chosenDatasetProblem(facts, chosen);
  if (!text && !updated) return null;
  return (
    <div className={`offline-notice${text ? ' offline-notice--offline' : ''}`} role="status" data-testid="offline-notice" data-online={online}>
      {text && <span data-testid="offline-text">{text}</span>}
      {problem && (
        <span className="offline-notice__problem" role="alert" data-testid="offline-dataset-problem">
          {problem}
        </span>
      )}
      {updated && (
        <span className="offline-notice__update">
          A new version of the playground is installed.{' '}
          <button type="button" className="button button--ghost offline-notice__reload" onClick={() => window.location.reload()} data-testid="offline-reload">
            Reload to use it
          </button>
        </span>
      )}
    </div>
  );
}
