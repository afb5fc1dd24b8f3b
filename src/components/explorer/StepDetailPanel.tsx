/**
 * The numbers of the current window position, always written out whatever the grid size: each
 * covered value times its weight, the sum plus bias (or the picked maximum / the average), and
 * the output cell it becomes.
 */
import type { CSSProperties, ReactNode } from 'react';
import type { StepDetail, WindowTerm } from '../../engine/explorer/compute';
import type { ExplorerSetup } from '../../engine/explorer/setup';
import { formatDetail as f } from '../../viz/explorer/cellFormat';

interface Props {
  setup: ExplorerSetup;
  detail: StepDetail | null;
  step: number;
  steps: number;
  focusChannel: number;
}

function ConvTerm({ t }: { t: WindowTerm }): ReactNode {
  return (
    <li className={`xstep__term${t.padding ? ' xstep__term--pad' : ''}`} data-testid="step-product" data-value={t.product} data-input={t.value} data-weight={t.weight}>
      <span className="xstep__mul">
        {f(t.value)}
        {t.padding ? <span className="xstep__tag"> pad</span> : null} × {f(t.weight ?? 0)}
      </span>
      <span className="xstep__eq">= {f(t.product ?? 0)}</span>
    </li>
  );
}

function PoolTerm({ t, picked }: { t: WindowTerm; picked: boolean }): ReactNode {
  const cls = ['xstep__term'];
  if (t.padding) cls.push('xstep__term--pad');
  if (picked) cls.push('xstep__term--picked');
  return (
    <li className={cls.join(' ')} data-testid="step-value" data-value={t.padding ? '' : t.value} data-picked={picked ? 'true' : undefined}>
      {t.padding ? (
        <span className="xstep__mul">
          0 <span className="xstep__tag">pad, ignored</span>
        </span>
      ) : (
        <span className="xstep__mul">
          {f(t.value)}
          {picked ? <span className="xstep__tag"> ★ max</span> : null}
        </span>
      )}
    </li>
  );
}

export function StepDetailPanel({ setup, detail, step, steps, focusChannel }: Props): ReactNode {
  if (!detail) {
    return (
      <section className="xstep" aria-label="Current step" data-testid="step-detail">
        <p className="xstep__position">Before the first step: press Step or Play to slide the window ({steps} positions).</p>
      </section>
    );
  }
  const gridStyle = { '--kw': setup.kernelWidth } as CSSProperties;
  const focusTerms = detail.terms.filter((t) => t.c === (setup.op === 'conv' ? focusChannel : detail.outChannel));
  const isConv = setup.op === 'conv';
  const channelSums: Array<{ c: number; sum: number }> = [];
  if (isConv && setup.inChannels > 1) {
    for (let c = 0; c < setup.inChannels; c++) {
      channelSums.push({ c, sum: detail.terms.filter((t) => t.c === c).reduce((acc, t) => acc + (t.product ?? 0), 0) });
    }
  }
  const relu = setup.activation === 'relu';
  return (
    <section className="xstep" aria-label="Current step" data-testid="step-detail" aria-live="polite">
      <p className="xstep__position" data-testid="step-position">
        Step {step + 1} of {steps}: output row {detail.oy}, column {detail.ox}
        {setup.outChannels > 1 ? `, channel ${detail.outChannel + 1}` : ''}
      </p>
      {isConv && setup.inChannels > 1 && (
        <p className="xstep__note">
          Input channel {focusChannel + 1} of {setup.inChannels} (the filter spans all of them; their sums are listed below).
        </p>
      )}
      <ol className="xstep__grid" style={gridStyle} data-testid="step-products" aria-label={isConv ? 'Products: input × weight' : 'Values in the window'}>
        {focusTerms.map((t) =>
          isConv ? (
            <ConvTerm key={`${t.c}:${t.ky}:${t.kx}`} t={t} />
          ) : (
            <PoolTerm key={`${t.ky}:${t.kx}`} t={t} picked={detail.picked >= 0 && detail.terms[detail.picked] === t} />
          ),
        )}
      </ol>
      {channelSums.length > 0 && (
        <ul className="xstep__channels" aria-label="Sum per input channel">
          {channelSums.map(({ c, sum }) => (
            <li key={c} className={c === focusChannel ? 'xstep__channel--focus' : undefined}>
              channel {c + 1}: {f(sum)}
            </li>
          ))}
        </ul>
      )}
      <div className="xstep__result mono">
        {isConv && (
          <>
            <p data-testid="step-sum" data-value={detail.sum}>
              Σ products = {f(detail.sum)}
            </p>
            <p data-testid="step-bias" data-value={detail.bias}>
              + bias {f(detail.bias)} = {f(detail.preActivation)}
            </p>
          </>
        )}
        {setup.op === 'maxPool' && (
          <p data-testid="step-sum" data-value={detail.sum}>
            max of {detail.count} real value{detail.count === 1 ? '' : 's'} = {f(detail.preActivation)}
          </p>
        )}
        {setup.op === 'avgPool' && (
          <p data-testid="step-sum" data-value={detail.sum}>
            {f(detail.sum)} / {detail.count} real value{detail.count === 1 ? '' : 's'} = {f(detail.preActivation)}
          </p>
        )}
        {relu && <p>relu({f(detail.preActivation)}) = {f(detail.value)}</p>}
        <p className="xstep__output" data-testid="step-result" data-value={detail.value}>
          → output cell = {f(detail.value)}
        </p>
      </div>
      {setup.op === 'maxPool' && detail.terms.some((t) => t.padding) && (
        <p className="xstep__note" data-testid="pool-padding-note">
          TensorFlow skips padded cells in max pooling. Even drawn as zeros they could never win after a relu, because every real value is then ≥ 0.
        </p>
      )}
      {setup.op === 'avgPool' && detail.terms.some((t) => t.padding) && (
        <p className="xstep__note">TensorFlow divides by the real cells only: padding does not pull the average down.</p>
      )}
    </section>
  );
}
