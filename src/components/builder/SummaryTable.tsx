/**
 * The live Keras-style summary: every layer's output shape, parameters, multiply-adds and receptive
 * field, with the totals. While a layer cannot be applied, the rows up to it still show and the
 * totals say why they are missing.
 */
import { formatBytes } from '../../engine/spec/summary-format';
import { ConceptButton } from '../teach/ConceptButton';
import { displayName, formatDims, type SpecAnalysis } from './specAnalysis';

const n = (x: number | null): string => (x === null ? '—' : x.toLocaleString('en'));

export function SummaryTable({ analysis, inputShape }: { analysis: SpecAnalysis; inputShape: number[] }) {
  const acc = analysis.accounting;
  return (
    <section className="summary" aria-labelledby="summary-title">
      <h3 id="summary-title" className="summary__title">
        Summary
      </h3>
      {/* Scrolls sideways on a narrow screen; focusable so that a keyboard can scroll it too. */}
      <div className="summary__scroll" tabIndex={0} role="region" aria-label="Model summary table">
        <table className="summary__table" data-testid="summary-table">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Output shape</th>
              <th scope="col" className="num">
                Params <ConceptButton concept="params" />
              </th>
              <th scope="col" className="num">
                Mult-adds
              </th>
              <th scope="col">Receptive field</th>
            </tr>
          </thead>
          <tbody>
            <tr className="summary__input">
              <th scope="row">Input</th>
              <td className="mono">{formatDims(inputShape)}</td>
              <td className="num">0</td>
              <td className="num">0</td>
              <td>1×1</td>
            </tr>
            {analysis.layers.map((view) => {
              const row = acc?.layers[view.index];
              const rf = row ? (row.global ? 'whole input' : `${row.receptiveField[0]}×${row.receptiveField[1]}`) : '—';
              return (
                <tr key={view.index} data-testid={`summary-row-${view.index}`} className={view.output ? undefined : 'summary__row--broken'}>
                  <th scope="row">
                    {view.index + 1}. {displayName(view.layer.type)}
                  </th>
                  <td className="mono" data-testid={`summary-shape-${view.index}`}>
                    {view.output ? formatDims(view.output) : view.input ? '✗ cannot apply' : '—'}
                  </td>
                  <td className="num">{n(view.params)}</td>
                  <td className="num">{n(view.macs)}</td>
                  <td>{rf}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="summary__totals" data-testid="summary-totals">
        {acc ? (
          <>
            <span data-testid="summary-total-params">
              <strong>Total params: {acc.totalParams.toLocaleString('en')}</strong>
            </span>
            {acc.nonTrainableParams ? <span> ({acc.trainableParams.toLocaleString('en')} trainable)</span> : null}
            <span> · {acc.totalMacs.toLocaleString('en')} mult-adds per image</span>
            <span> · activations {formatBytes(acc.activationBytes)} per image</span>
          </>
        ) : (
          <span data-testid="summary-total-params">Total params: — (fix the marked layer first)</span>
        )}
      </p>
    </section>
  );
}
