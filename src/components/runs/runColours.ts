/**
 * Colours of overlaid runs: the Okabe–Ito palette (told apart with every common colour-vision
 * deficiency, and on a washed-out projector), in the order runs are picked; after six, the colours
 * come round again dashed so that no two lines look alike.
 */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

export function runColour(position: number): { color: string; dashed: boolean } {
  return { color: PALETTE[position % PALETTE.length], dashed: Math.floor(position / PALETTE.length) % 2 === 1 };
}
