/**
 * Which backend this run trains on, and a way to change it between runs (changing it under a
 * running model would strand its tensors on the old backend, so it is locked while a run is active).
 */
import type { BackendChoice } from '../../engine/protocol';
import { BACKEND_CHOICES } from '../layout/backendChoices';
import { changeBackend } from '../../store/engineBridge';
import { useAppStore } from '../../store';


export function BackendLine() {
  const backend = useAppStore((s) => s.backend);
  const choice = useAppStore((s) => s.backendChoice);
  const active = useAppStore((s) => s.runState === 'running' || s.runState === 'paused');
  const speed = backend?.backends.find((b) => b.name === backend.name)?.examplesPerSecond;

  return (
    <div className="backend-line">
      <span>
        Trains on <strong data-testid="train-backend">{backend ? backend.name : '…'}</strong>
        {backend?.softwareAdapter && backend.name === 'webgpu' ? ' (software adapter)' : ''}
        {speed ? ` · about ${speed} examples/s measured` : ''}
      </span>
      <select
        value={choice}
        aria-label="Backend for the next run"
        disabled={active}
        title={active ? 'Stop the run to change the backend' : 'Backend for the next run'}
        onChange={(event) => void changeBackend(event.target.value as BackendChoice)}
        data-testid="train-backend-select"
      >
        {BACKEND_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
