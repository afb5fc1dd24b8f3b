/**
 * The banner for what went wrong: a NaN loss, a lost GPU device, running out of memory, a backend
 * that cannot train the network, a spec or dataset problem. It names the problem and the fix, and
 * offers the next backend when the engine suggests one. A software WebGPU adapter gets a quieter
 * note, because it works but is the slowest way to train here.
 */
import { useAppStore } from '../../store';
import { switchBackend } from '../../store/runBridge';
import { faultTitle } from './faultTitles';

export function FaultBanner() {
  const fault = useAppStore((s) => s.fault);
  const setFault = useAppStore((s) => s.setFault);
  const backend = useAppStore((s) => s.backend);

  if (fault) {
    return (
      <div
        className="banner banner--error fault-banner"
        role="alert"
        data-testid="fault-banner"
        data-kind={fault.kind}
      >
        <p className="fault-banner__title">
          <span aria-hidden="true">⚠ </span>
          <strong>{faultTitle(fault.kind)}</strong>
        </p>
        <p className="fault-banner__text">{fault.message}</p>
        <p className="fault-banner__text">
          <strong>What to do:</strong> {fault.hint}
        </p>
        <div className="fault-banner__actions">
          {fault.nextBackend && (
            <button
              type="button"
              className="button"
              onClick={() => void switchBackend(fault.nextBackend!)}
              data-testid="fault-switch-backend"
            >
              Switch to {fault.nextBackend}
            </button>
          )}
          <button
            type="button"
            className="button button--ghost"
            onClick={() => setFault(null)}
            data-testid="fault-dismiss"
          >
            Dismiss
          </button>
        </div>
      </div>
    );
  }
  // Shown before the first run too, so that nothing appears (and shifts the page) when training starts.
  if (backend?.softwareAdapter && backend.name === 'webgpu') {
    return (
      <p className="banner banner--info fault-banner--note" data-testid="software-adapter-note">
        WebGPU is a software adapter here (no real GPU): the slowest way to train. WebGL or WebAssembly (“Run
        on”, at the top) are faster.
      </p>
    );
  }
  return null;
}
