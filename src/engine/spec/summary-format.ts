/**
 * The Keras-style text summary (name, type, output shape, params) with the playground's extra
 * columns (multiply-adds, receptive field) and totals. Used by the CLI and by any text export.
 */
import { summaryRows, type ModelAccounting } from './accounting';
import { formatShape } from './shapes';

const n = (x: number): string => x.toLocaleString('en');

/** Bytes as KB / MB with one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** A Keras-like `model.summary()` table for a validated spec's accounting. */
export function formatSummary(modelName: string, acc: ModelAccounting): string {
  const header = ['Layer (type)', 'Output Shape', 'Param #', 'Mult-adds', 'Receptive field'];
  const rows = [
    ['input (InputLayer)', formatShape(acc.inputShape), '0', '0', '1×1 (jump 1×1)'],
    ...summaryRows(acc).map((r) => [`${r.name} (${r.type})`, r.outputShape, n(r.params), n(r.macs), r.receptiveField]),
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)) + 2);
  const line = (cells: string[]) => ` ${cells.map((cell, c) => cell.padEnd(widths[c])).join('')}`.trimEnd();
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 1));
  return [
    `Model: "${modelName}"`,
    rule('_'),
    line(header),
    rule('='),
    ...rows.flatMap((r, i) => (i < rows.length - 1 ? [line(r), ''] : [line(r)])),
    rule('='),
    `Total params: ${n(acc.totalParams)}`,
    `Trainable params: ${n(acc.trainableParams)}`,
    `Non-trainable params: ${n(acc.nonTrainableParams)}`,
    `Multiply-adds per example (forward): ${n(acc.totalMacs)}`,
    `Activation memory per example (float32): ${formatBytes(acc.activationBytes)}`,
    rule('_'),
  ].join('\n');
}
