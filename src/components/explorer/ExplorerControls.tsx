/** The explorer's size controls: operation, input, kernel, stride, padding, dilation and channels. */
import { useId, type ReactNode } from 'react';
import {
  MAX_DILATION,
  MAX_EDIT_CHANNELS,
  MAX_INPUT_SIDE,
  MAX_KERNEL_SIDE,
  MAX_STRIDE,
  type ExplorerOp,
  type ExplorerPadding,
  type ExplorerSetup,
} from '../../engine/explorer/setup';
import { ConceptButton } from '../teach/ConceptButton';

interface Props {
  setup: ExplorerSetup;
  onEdit(patch: Partial<ExplorerSetup>): void;
}

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  testId: string;
  onChange(v: number): void;
}): ReactNode {
  const id = useId();
  return (
    <div className="xctl__field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        value={Number.isFinite(props.value) ? props.value : ''}
        data-testid={props.testId}
        // An empty field is NaN: the panel reports it instead of guessing a number.
        onChange={(e) => props.onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
    </div>
  );
}

const PADDING_CHOICES: Array<{ value: string; label: string }> = [
  { value: 'valid', label: 'valid' },
  { value: 'same', label: 'same' },
  { value: 'number', label: 'number P' },
];

export function ExplorerControls({ setup, onEdit }: Props): ReactNode {
  const opId = useId();
  const padId = useId();
  const paddingKind = typeof setup.padding === 'number' ? 'number' : setup.padding;
  const setPadding = (kind: string) => {
    const padding: ExplorerPadding = kind === 'number' ? 1 : (kind as ExplorerPadding);
    onEdit({ padding });
  };
  const isConv = setup.op === 'conv';
  return (
    <fieldset className="xctl" aria-label="Convolution settings">
      <legend className="xctl__legend">Settings</legend>
      <div className="xctl__field">
        <label htmlFor={opId}>Operation</label>
        <ConceptButton concept="pooling" explorer={setup} />
        <select id={opId} value={setup.op} data-testid="op-select" onChange={(e) => onEdit({ op: e.target.value as ExplorerOp })}>
          <option value="conv">convolution</option>
          <option value="maxPool">max pooling</option>
          <option value="avgPool">average pooling</option>
        </select>
      </div>
      <div className="xctl__group" role="group" aria-label="Input size">
        <NumberField label="Input height" value={setup.inputHeight} min={1} max={MAX_INPUT_SIDE} testId="input-height" onChange={(v) => onEdit({ inputHeight: v })} />
        <NumberField label="Input width" value={setup.inputWidth} min={1} max={MAX_INPUT_SIDE} testId="input-width" onChange={(v) => onEdit({ inputWidth: v })} />
      </div>
      <div className="xctl__group" role="group" aria-label="Kernel size">
        <NumberField label={isConv ? 'Kernel height' : 'Window height'} value={setup.kernelHeight} min={1} max={MAX_KERNEL_SIDE} testId="kernel-height" onChange={(v) => onEdit({ kernelHeight: v })} />
        <NumberField label={isConv ? 'Kernel width' : 'Window width'} value={setup.kernelWidth} min={1} max={MAX_KERNEL_SIDE} testId="kernel-width" onChange={(v) => onEdit({ kernelWidth: v })} />
      </div>
      <div className="xctl__group" role="group" aria-label="Stride">
        <ConceptButton concept="stride" explorer={setup} />
        <NumberField label="Stride ↓ (rows)" value={setup.strides[0]} min={1} max={MAX_STRIDE} testId="stride-y" onChange={(v) => onEdit({ strides: [v, setup.strides[1]] })} />
        <NumberField label="Stride → (columns)" value={setup.strides[1]} min={1} max={MAX_STRIDE} testId="stride-x" onChange={(v) => onEdit({ strides: [setup.strides[0], v] })} />
      </div>
      <div className="xctl__group" role="group" aria-label="Padding">
        <div className="xctl__field">
          <label htmlFor={padId}>Padding</label>
          <ConceptButton concept="padding" explorer={setup} />
          <select id={padId} value={paddingKind} data-testid="padding-select" onChange={(e) => setPadding(e.target.value)}>
            {PADDING_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        {typeof setup.padding === 'number' && (
          <NumberField label="P (each side)" value={setup.padding} min={0} max={MAX_KERNEL_SIDE} testId="padding-number" onChange={(v) => onEdit({ padding: v })} />
        )}
      </div>
      <div className="xctl__group" role="group" aria-label="Dilation">
        <NumberField label="Dilation ↓" value={setup.dilation[0]} min={1} max={MAX_DILATION} testId="dilation-y" onChange={(v) => onEdit({ dilation: [v, setup.dilation[1]] })} />
        <NumberField label="Dilation →" value={setup.dilation[1]} min={1} max={MAX_DILATION} testId="dilation-x" onChange={(v) => onEdit({ dilation: [setup.dilation[0], v] })} />
      </div>
      <div className="xctl__group" role="group" aria-label="Channels">
        <NumberField label="Input channels" value={setup.inChannels} min={1} max={MAX_EDIT_CHANNELS} testId="in-channels" onChange={(v) => onEdit({ inChannels: v })} />
        {isConv && (
          <NumberField label="Output channels (filters)" value={setup.outChannels} min={1} max={MAX_EDIT_CHANNELS} testId="out-channels" onChange={(v) => onEdit({ outChannels: v })} />
        )}
      </div>
    </fieldset>
  );
}
