/**
 * Class probabilities as labelled horizontal bars: the predicted class stands out, the true class
 * (when known) carries a mark, and every bar states its percentage in tabular figures so that the
 * rows do not jitter while the numbers change live.
 */
import { setAttr, setClass, setStyle, setText } from './domWrites';

export interface ClassBarsData {
  classNames: string[];
  probabilities: ArrayLike<number>;
  /** The true class, when the input has a label. */
  trueLabel?: number;
}

export interface ClassBarsOptions {
  ariaLabel?: string;
  /** data-testid of each row (default "class-bar"). */
  rowTestId?: string;
}

interface Row {
  root: HTMLElement;
  name: HTMLElement;
  fill: HTMLElement;
  value: HTMLElement;
}

export class ClassBars {
  private readonly root: HTMLDivElement;
  private rows: Row[] = [];

  constructor(
    container: HTMLElement,
    private readonly options: ClassBarsOptions = {},
  ) {
    this.root = document.createElement('div');
    this.root.className = 'class-bars';
    this.root.setAttribute('role', 'list');
    if (options.ariaLabel) this.root.setAttribute('aria-label', options.ariaLabel);
    container.appendChild(this.root);
  }

  update(data: ClassBarsData): void {
    if (this.rows.length !== data.classNames.length) this.build(data.classNames.length);
    let best = -1;
    let bestP = -Infinity;
    for (let i = 0; i < data.classNames.length; i++) {
      const p = data.probabilities[i] ?? 0;
      if (p > bestP) {
        bestP = p;
        best = i;
      }
    }
    data.classNames.forEach((className, i) => {
      const row = this.rows[i];
      const p = Number.isFinite(data.probabilities[i]) ? data.probabilities[i] : 0;
      const isTrue = data.trueLabel === i;
      setText(row.name, `${isTrue ? '● ' : ''}${className}`);
      setStyle(row.fill, 'width', `${Math.max(0, Math.min(1, p)) * 100}%`);
      setText(row.value, `${(p * 100).toFixed(1)} %`);
      setClass(row.root, 'class-bars__row--top', i === best);
      setClass(row.root, 'class-bars__row--true', isTrue);
      setAttr(row.root, 'data-probability', p.toFixed(4));
      setAttr(row.root, 'aria-label', `${className}${isTrue ? ' (true class)' : ''}: ${(p * 100).toFixed(1)} percent${i === best ? ', predicted' : ''}`);
    });
    setAttr(this.root, 'data-predicted', String(best));
  }

  destroy(): void {
    this.root.remove();
  }

  private build(count: number): void {
    this.rows = Array.from({ length: count }, (_, i) => {
      const root = document.createElement('div');
      root.className = 'class-bars__row';
      root.setAttribute('role', 'listitem');
      root.dataset.testid = this.options.rowTestId ?? 'class-bar';
      root.dataset.class = String(i);
      const name = document.createElement('span');
      name.className = 'class-bars__name';
      const track = document.createElement('span');
      track.className = 'class-bars__track';
      track.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.className = 'class-bars__fill';
      track.appendChild(fill);
      const value = document.createElement('span');
      value.className = 'class-bars__value';
      root.append(name, track, value);
      return { root, name, fill, value };
    });
    this.root.replaceChildren(...this.rows.map((row) => row.root));
  }
}
