/** Editable kernel weights (one input-channel slice of one filter at a time) and the filter's bias. */
import type { CSSProperties, ReactNode } from 'react';
import { kernelIndex, type ExplorerSetup } from '../../engine/explorer/setup';

interface Props {
  setup: ExplorerSetup;
  focusChannel: number;
  outChannel: number;
  onEdit(patch: Partial<ExplorerSetup>): void;
}

export function KernelEditor({ setup, focusChannel, outChannel, onEdit }: Props): ReactNode {
  if (setup.op !== 'conv') return null;
  const setWeight = (ky: number, kx: number, v: number) => {
    const kernel = [...setup.kernel];
    kernel[kernelIndex(setup, ky, kx, focusChannel, outChannel)] = v;
    onEdit({ kernel });
  };
  const setBias = (v: number) => {
    const bias = [...setup.bias];
    bias[outChannel] = v;
    onEdit({ bias });
  };
  const style = { '--kw': setup.kernelWidth } as CSSProperties;
  const slice = setup.inChannels > 1 ? `, input channel ${focusChannel + 1}` : '';
  const filter = setup.outChannels > 1 ? ` of filter ${outChannel + 1}` : '';
  return (
    <fieldset className="xkernel" data-testid="kernel-editor">
      <legend className="xctl__legend">
        Weights{filter}
        {slice}
      </legend>
      <div className="xkernel__grid" style={style}>
        {Array.from({ length: setup.kernelHeight }, (_, ky) =>
          Array.from({ length: setup.kernelWidth }, (_, kx) => {
            const v = setup.kernel[kernelIndex(setup, ky, kx, focusChannel, outChannel)];
            return (
              <input
                key={`${ky}:${kx}`}
                type="number"
                step={0.1}
                className="xkernel__weight"
                aria-label={`Weight row ${ky + 1}, column ${kx + 1}`}
                data-testid={`kernel-weight-${ky}-${kx}`}
                value={Number.isFinite(v) ? Math.round(v * 10000) / 10000 : ''}
                onChange={(e) => setWeight(ky, kx, e.target.value === '' ? Number.NaN : Number(e.target.value))}
              />
            );
          }),
        )}
      </div>
      <label className="xkernel__bias">
        <span>Bias</span>
        <input
          type="number"
          step={0.1}
          data-testid="kernel-bias"
          value={Number.isFinite(setup.bias[outChannel]) ? Math.round(setup.bias[outChannel] * 10000) / 10000 : ''}
          onChange={(e) => setBias(e.target.value === '' ? Number.NaN : Number(e.target.value))}
        />
      </label>
    </fieldset>
  );
}
