// @vitest-environment happy-dom
/**
 * The confusion matrix's DOM: counts, shade and labels per cell, and no writes for cells whose
 * count did not change between two evaluations (the first evaluation's frame is the page's most
 * expensive one while a run trains).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfusionMatrix } from './ConfusionMatrix';

const names = ['zero', 'one', 'two'];

function mount(onSelect = vi.fn()) {
  const host = document.createElement('div');
  document.body.appendChild(host);
  return { host, matrix: new ConfusionMatrix(host, { onSelect }), onSelect };
}

function cell(host: HTMLElement, t: number, p: number): HTMLButtonElement {
  return host.querySelector(`[data-testid="confusion-cell-${t}-${p}"]`) as HTMLButtonElement;
}

afterEach(() => document.body.replaceChildren());

describe('ConfusionMatrix', () => {
  it('prints every count, shades by row share and names the cell for screen readers', () => {
    const { host, matrix } = mount();
    matrix.update({ confusion: [[3, 1, 0], [0, 4, 0], [0, 0, 0]], classNames: names });
    expect(host.querySelectorAll('.confusion__cell')).toHaveLength(9);
    expect(cell(host, 0, 0).textContent).toBe('3');
    expect(cell(host, 0, 0).style.getPropertyValue('--cell-strength')).toBe('71%');
    expect(cell(host, 0, 1).style.getPropertyValue('--cell-strength')).toBe('32%');
    expect(cell(host, 2, 2).style.getPropertyValue('--cell-strength')).toBe('0%');
    expect(cell(host, 1, 1).classList.contains('confusion__cell--strong')).toBe(true);
    expect(cell(host, 0, 1).classList.contains('confusion__cell--strong')).toBe(false);
    expect(cell(host, 0, 0).classList.contains('confusion__cell--diagonal')).toBe(true);
    expect(cell(host, 0, 1).getAttribute('aria-label')).toBe(
      'true zero, predicted one: 1 image (25 % of the row)',
    );
  });

  it('touches only the cells whose count or selection changed', async () => {
    const { host, matrix } = mount();
    const confusion = [[3, 1, 0], [0, 4, 0], [0, 0, 2]];
    matrix.update({ confusion, classNames: names });
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((batch) => records.push(...batch));
    observer.observe(host, { subtree: true, attributes: true, childList: true, characterData: true });

    matrix.update({ confusion: confusion.map((row) => [...row]), classNames: [...names] });
    await Promise.resolve();
    expect(records).toHaveLength(0);

    matrix.update({ confusion: [[3, 1, 0], [0, 4, 0], [0, 1, 2]], classNames: names });
    await Promise.resolve();
    const touched = new Set(
      records.map((r) => (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('button')),
    );
    // Row 2 changed: the new count and the diagonal whose share moved are rewritten; the empty
    // cell beside them and the other rows stay as they were.
    expect([...touched].map((b) => b?.dataset.testid).sort()).toEqual([
      'confusion-cell-2-1',
      'confusion-cell-2-2',
    ]);
    observer.disconnect();
  });

  it('selects by click and moves focus with the arrow keys', () => {
    const { host, matrix, onSelect } = mount();
    matrix.update({ confusion: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], classNames: names, selected: { label: 1, predicted: 2 } });
    expect(cell(host, 1, 2).classList.contains('confusion__cell--selected')).toBe(true);
    cell(host, 2, 0).click();
    expect(onSelect).toHaveBeenCalledWith(2, 0);
    cell(host, 0, 0).focus();
    cell(host, 0, 0).dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(cell(host, 1, 0));
    expect(cell(host, 1, 0).tabIndex).toBe(0);
    expect(cell(host, 0, 0).tabIndex).toBe(-1);
  });
});
