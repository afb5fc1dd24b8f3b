/**
 * A confusion matrix as a grid of buttons: rows are true classes, columns predicted classes, and each
 * cell's shade is its share of its row (so rare classes read as clearly as common ones). The count
 * is always printed, so colour is never the only cue; diagonal and off-diagonal cells use the
 * palette's "right" and "wrong" hues. A cell is a button: click or Enter calls `onSelect(true, predicted)`;
 * arrow keys move between cells. Framework-free: it owns its element.
 */

import { setAttr, setClass, setStyle, setText } from './domWrites';

export interface ConfusionMatrixData {
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  classNames: string[];
  /** The selected cell, drawn outlined. */
  selected?: { label: number; predicted: number } | null;
}

export interface ConfusionMatrixOptions {
  onSelect?: (label: number, predicted: number) => void;
  ariaLabel?: string;
}

/** Share of row `t` that landed in column `p`, 0 for an empty row. */
export function rowShare(confusion: number[][], t: number, p: number): number {
  const total = (confusion[t] ?? []).reduce((a, b) => a + b, 0);
  return total === 0 ? 0 : (confusion[t][p] ?? 0) / total;
}

/** Short column labels: long class names ("Ankle boot") are cut so ten columns fit a projector. */
export function shortName(name: string, max = 7): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

export class ConfusionMatrix {
  private readonly root: HTMLDivElement;
  private cells: HTMLButtonElement[][] = [];
  private shapeKey = '';

  constructor(
    container: HTMLElement,
    private readonly options: ConfusionMatrixOptions = {},
  ) {
    this.root = document.createElement('div');
    this.root.className = 'confusion';
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute(
      'aria-label',
      options.ariaLabel ?? 'Confusion matrix: rows are true classes, columns predicted classes',
    );
    container.appendChild(this.root);
  }

  update(data: ConfusionMatrixData): void {
    const n = data.confusion.length;
    const key = `${n}|${data.classNames.join(',')}`;
    if (key !== this.shapeKey) this.build(n, data.classNames);
    this.shapeKey = key;
    for (let t = 0; t < n; t++) {
      for (let p = 0; p < n; p++) {
        const cell = this.cells[t][p];
        const count = data.confusion[t][p] ?? 0;
        const share = rowShare(data.confusion, t, p);
        // Guarded writes: between two evaluations most cells keep their count, and every equal
        // write would still restyle the cell in the frame that also draws the charts.
        setText(cell, String(count));
        // Shade by share of the row; a floor keeps non-zero cells visible, zero cells stay blank.
        const strength = count === 0 ? 0 : Math.round(12 + 78 * share);
        // The hue (right or wrong) comes from the diagonal class in the style sheet.
        setStyle(cell, '--cell-strength', `${strength}%`);
        setClass(cell, 'confusion__cell--strong', strength >= 55);
        setClass(
          cell,
          'confusion__cell--selected',
          data.selected?.label === t && data.selected?.predicted === p,
        );
        setAttr(
          cell,
          'aria-label',
          `true ${data.classNames[t]}, predicted ${data.classNames[p]}: ${count} image${count === 1 ? '' : 's'} (${Math.round(share * 100)} % of the row)`,
        );
      }
    }
  }

  destroy(): void {
    this.root.remove();
  }

  private build(n: number, classNames: string[]): void {
    this.root.style.setProperty('--classes', String(n));
    const header = document.createElement('div');
    header.className = 'confusion__row';
    header.setAttribute('role', 'row');
    const corner = document.createElement('span');
    corner.className = 'confusion__corner';
    corner.textContent = 'true ↓ / predicted →';
    corner.setAttribute('role', 'columnheader');
    header.appendChild(corner);
    for (let p = 0; p < n; p++) {
      const head = document.createElement('span');
      head.className = 'confusion__head';
      head.setAttribute('role', 'columnheader');
      head.title = classNames[p] ?? String(p);
      head.textContent = shortName(classNames[p] ?? String(p));
      header.appendChild(head);
    }
    const rows: HTMLElement[] = [header];
    this.cells = [];
    for (let t = 0; t < n; t++) {
      const row = document.createElement('div');
      row.className = 'confusion__row';
      row.setAttribute('role', 'row');
      const head = document.createElement('span');
      head.className = 'confusion__head confusion__head--row';
      head.setAttribute('role', 'rowheader');
      head.title = classNames[t] ?? String(t);
      head.textContent = shortName(classNames[t] ?? String(t), 10);
      row.appendChild(head);
      const cells: HTMLButtonElement[] = [];
      for (let p = 0; p < n; p++) {
        const cell = document.createElement('button');
        cell.type = 'button';
        cell.className = `confusion__cell${t === p ? ' confusion__cell--diagonal' : ''}`;
        cell.setAttribute('role', 'gridcell');
        cell.dataset.testid = `confusion-cell-${t}-${p}`;
        // Roving tab index: one tab stop for the whole grid, arrows inside it.
        cell.tabIndex = t === 0 && p === 0 ? 0 : -1;
        cell.addEventListener('click', () => this.options.onSelect?.(t, p));
        cell.addEventListener('keydown', (event) => this.onKey(event, t, p, n));
        cells.push(cell);
        row.appendChild(cell);
      }
      this.cells.push(cells);
      rows.push(row);
    }
    this.root.replaceChildren(...rows);
  }

  private onKey(event: KeyboardEvent, t: number, p: number, n: number): void {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const nt = Math.max(0, Math.min(n - 1, t + move[0]));
    const np = Math.max(0, Math.min(n - 1, p + move[1]));
    this.cells[t][p].tabIndex = -1;
    const next = this.cells[nt][np];
    next.tabIndex = 0;
    next.focus();
  }
}
