/**
 * The network, drawn left to right: the input image, one column per layer with its live output,
 * the class probabilities; a "+" between columns inserts a layer; the connections run behind.
 * The columns come from the spec in the store (so an edit shows its new shapes and parameters at
 * once); the maps come from the last activations the worker sent for the chosen input.
 */
import { useMemo } from 'react';
import { specIndexOfLayerName } from '../../engine/spec/layer-names';
import type { LayerActivation } from '../../engine/protocol';
import { useAppStore } from '../../store';
import { NetworkEdges } from '../../viz/network/NetworkEdges';
import { useViz } from '../common/useViz';
import { analyseSpec } from '../builder/specAnalysis';
import { InputColumn } from './InputColumn';
import { InsertLayer } from './InsertLayer';
import { LayerColumn } from './LayerColumn';
import { OutputColumn } from './OutputColumn';

/** True when the last layer is the classifier head that the output column shows. */
function headIndex(layers: { type: string; units?: number }[], numClasses: number): number | null {
  const last = layers.length - 1;
  const layer = layers[last];
  return layer && layer.type === 'dense' && layer.units === numClasses ? last : null;
}

export function NetworkPicture() {
  const spec = useAppStore((s) => s.spec);
  const activations = useAppStore((s) => s.activations);
  const analysis = useMemo(() => analyseSpec(spec), [spec]);
  const head = headIndex(spec.layers, spec.numClasses);

  // Activations by spec index, and their position in the answer (which the close-up speaks of).
  const bySpecIndex = useMemo(() => {
    const map = new Map<number, { activation: LayerActivation; position: number }>();
    activations?.layers.forEach((activation, position) => {
      map.set(specIndexOfLayerName(activation.name) ?? position, { activation, position });
    });
    return map;
  }, [activations]);

  const edgesRef = useViz((element) => new NetworkEdges(element), analysis);
  const middle = analysis.layers.filter((view) => view.index !== head);
  const totalParams = analysis.accounting?.totalParams ?? null;

  return (
    <section className="pg-picture" aria-label="The network, layer by layer" data-testid="pg-picture" data-params={totalParams ?? ''}>
      <div className="pg-picture__columns" ref={edgesRef}>
        <InputColumn order={0} />
        <InsertLayer at={0} />
        {middle.map((view, k) => {
          const live = bySpecIndex.get(view.index);
          // The model in the worker may lag the spec by a moment after an edit: only draw maps of the same shape.
          const fits = live && view.output && live.activation.shape.join('x') === view.output.join('x');
          return [
            <LayerColumn key={`c${view.index}`} order={k + 1} view={view} count={spec.layers.length} activation={fits ? live.activation : null} position={fits ? live.position : null} />,
            <InsertLayer key={`i${view.index}`} at={view.index + 1} />,
          ];
        })}
        <OutputColumn order={middle.length + 1} head={head === null ? null : analysis.layers[head]} totalParams={totalParams} broken={analysis.hasErrors} />
      </div>
    </section>
  );
}
