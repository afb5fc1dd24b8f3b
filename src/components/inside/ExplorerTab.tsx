/**
 * The explorer tab: the convolution explorer, opened on the setup "explain this layer" left in the
 * store (remounted for each new explanation), with its notice above.
 */
import { ConvExplorerPanel } from '../explorer/ConvExplorerPanel';
import { useAppStore } from '../../store';
import { ExplainNotice } from './ExplainNotice';

export function ExplorerTab() {
  const setup = useAppStore((s) => s.explainSetup);
  const version = useAppStore((s) => s.explainVersion);
  const image = useAppStore((s) => s.explainImage);
  const report = useAppStore((s) => s.setExplorerShown);
  return (
    <>
      <ExplainNotice />
      <ConvExplorerPanel initial={setup ?? undefined} sampleImage={image ?? undefined} key={version} onValidSetup={report} />
    </>
  );
}
