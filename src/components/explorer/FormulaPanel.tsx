/**
 * The output-size formula with the current numbers, in the textbook form and TensorFlow's, for
 * rows and columns; how SAME splits its padding; which rows/columns no window reaches.
 */
import type { ReactNode } from 'react';
import type { AxisArithmetic } from '../../engine/spec/arithmetic';
import { tensorflowFormula, textbookFormula } from '../../engine/spec/arithmetic';
import type { ExplorerGeometry } from '../../engine/explorer/compute';
import type { ExplorerSetup } from '../../engine/explorer/setup';
import { ConceptButton } from '../teach/ConceptButton';

interface Props {
  setup: ExplorerSetup;
  geometry: ExplorerGeometry;
}

function splitText(a: AxisArithmetic, before: string, after: string): string | null {
  if (a.padding !== 'same') return null;
  const total = a.padBefore + a.padAfter;
  if (total === 0) return `SAME needs no padding here: the windows already fit.`;
  const odd = total % 2 === 1 ? ` — an odd total, so the extra one goes ${after}, as TensorFlow does` : '';
  return `SAME pads ${total} in total: ${a.padBefore} ${before}, ${a.padAfter} ${after}${odd}.`;
}

function unreachedText(a: AxisArithmetic, noun: string): string | null {
  if (a.unreached.length === 0) return null;
  const list = a.unreached.join(', ');
  const many = a.unreached.length > 1;
  return `${noun}${many ? 's' : ''} ${list} ${many ? 'are' : 'is'} never reached by any window (faded in the input): the stride does not divide evenly.`;
}

function AxisBlock(props: { title: string; axis: AxisArithmetic; testId: string; before: string; after: string; noun: string }): ReactNode {
  const { axis } = props;
  const split = splitText(axis, props.before, props.after);
  const unreached = unreachedText(axis, props.noun);
  return (
    <div className="xformula__axis" data-testid={props.testId}>
      <h4 className="xformula__title">{props.title}</h4>
      <p className="xformula__line mono" data-testid={`${props.testId}-textbook`}>
        <span className="xformula__label">(W − F + 2P) / S + 1:</span> {textbookFormula(axis)}
      </p>
      <p className="xformula__line mono" data-testid={`${props.testId}-tf`}>
        <span className="xformula__label">TensorFlow:</span> {tensorflowFormula(axis)}
      </p>
      {axis.dilation > 1 && (
        <p className="xformula__note">
          Dilation {axis.dilation} spreads the {axis.kernel} taps over F = ({axis.kernel} − 1)·{axis.dilation} + 1 = {axis.effectiveKernel} cells.
        </p>
      )}
      {split && <p className="xformula__note">{split}</p>}
      {unreached && (
        <p className="xformula__note xformula__note--warn" data-testid={`${props.testId}-unreached`}>
          {unreached}
        </p>
      )}
    </div>
  );
}

export function FormulaPanel({ setup, geometry }: Props): ReactNode {
  const { rows, cols, outHeight, outWidth } = geometry;
  const depth = setup.op === 'conv' ? `${setup.outChannels} (one per filter)` : `${setup.outChannels} (pooling keeps the depth)`;
  return (
    <section className="xformula" aria-label="Output size">
      {/* The "?" sits beside the live result, not in it, so a screen reader hears only the size. */}
      <div className="xformula__result-row">
        <p className="xformula__result" data-testid="output-size" aria-live="polite">
          Output {outHeight}×{outWidth}×{setup.outChannels}
        </p>
        <ConceptButton concept="output-size" explorer={setup} />
      </div>
      <p className="xformula__note">
        Depth: {depth}.
        {setup.op === 'conv' &&
          ` Each filter is ${setup.kernelHeight}×${setup.kernelWidth}×${setup.inChannels}: ${setup.kernelHeight * setup.kernelWidth * setup.inChannels} weights + 1 bias, shared by every position.`}
        {setup.op === 'conv' && <ConceptButton concept="sharing" explorer={setup} />}
      </p>
      <AxisBlock title="Rows (height)" axis={rows} testId="formula-rows" before="on top" after="at the bottom" noun="Row" />
      <AxisBlock title="Columns (width)" axis={cols} testId="formula-cols" before="on the left" after="on the right" noun="Column" />
    </section>
  );
}
