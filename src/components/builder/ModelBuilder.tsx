/**
 * The model builder: start from a preset or from scratch, edit the layers in place, undo / redo,
 * and read the live summary and the spec's problems. Everything here is a view of `spec` in the
 * store; the analysis (shapes, costs, issues) is recomputed once per edit.
 */
import { useMemo, type KeyboardEvent } from 'react';
import { useAppStore } from '../../store';
import { CodeExport } from './CodeExport';
import { LayerList } from './LayerList';
import { PresetPicker } from './PresetPicker';
import { ShareLinkButton } from './ShareLink';
import { SpecIssuesList } from './SpecIssuesList';
import { SummaryTable } from './SummaryTable';
import { analyseSpec } from './specAnalysis';
import './builder.css';

/** Text inputs keep Ctrl+Z for their own text; everything else in the builder gets model undo. */
function isTextEntry(target: EventTarget): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

export function ModelBuilder() {
  const spec = useAppStore((s) => s.spec);
  const canUndo = useAppStore((s) => s.past.length > 0);
  const canRedo = useAppStore((s) => s.future.length > 0);
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const analysis = useMemo(() => analyseSpec(spec), [spec]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (!(event.ctrlKey || event.metaKey) || isTextEntry(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) undo();
    else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
    else return;
    event.preventDefault();
  };

  return (
    <section className="panel builder" aria-labelledby="builder-title" onKeyDown={onKeyDown} data-testid="model-builder">
      <header className="builder__header">
        <h2 id="builder-title">Model</h2>
        <PresetPicker />
      </header>
      <div className="builder__toolbar" role="toolbar" aria-label="Model actions">
        <button type="button" className="button button--small" data-testid="undo" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
          ↶ Undo
        </button>
        <button type="button" className="button button--small" data-testid="redo" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
          ↷ Redo
        </button>
        <span className="builder__toolbar-gap" />
        <span className="builder__toolbar-label" aria-hidden="true">
          Copy
        </span>
        <ShareLinkButton />
        <CodeExport disabledReason={analysis.hasErrors ? 'Fix the errors in the model first' : null} />
      </div>
      <LayerList layers={analysis.layers} scale={analysis.scale} />
      <SpecIssuesList analysis={analysis} />
      <SummaryTable analysis={analysis} inputShape={spec.inputShape} />
    </section>
  );
}
