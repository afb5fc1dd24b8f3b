/**
 * Classic image-processing kernels (edges, blur, sharpen) and a synthetic digit to run them on when
 * no dataset image is at hand. A CNN's first layer tends to learn filters much like these.
 */

export interface ImageKernel {
  id: string;
  title: string;
  /** What the resulting feature map shows. */
  explains: string;
  /** Row-major weights of a square kernel. */
  weights: number[][];
}

export const IMAGE_KERNELS: readonly ImageKernel[] = [
  {
    id: 'edge-vertical',
    title: 'Vertical edges (Sobel)',
    explains: 'Bright where intensity rises from right to left, dark where it falls: the left and right sides of each stroke.',
    weights: [
      [1, 0, -1],
      [2, 0, -2],
      [1, 0, -1],
    ],
  },
  {
    id: 'edge-horizontal',
    title: 'Horizontal edges (Sobel)',
    explains: 'Responds to the top and bottom edges of strokes; flat regions give 0.',
    weights: [
      [1, 2, 1],
      [0, 0, 0],
      [-1, -2, -1],
    ],
  },
  {
    id: 'edge-all',
    title: 'Edges in every direction (Laplacian)',
    explains: 'The weights sum to 0, so uniform areas vanish and only outlines remain.',
    weights: [
      [-1, -1, -1],
      [-1, 8, -1],
      [-1, -1, -1],
    ],
  },
  {
    id: 'blur',
    title: 'Blur (Gaussian 3×3)',
    explains: 'A weighted average of the neighbourhood (weights sum to 1): strokes get softer and wider.',
    weights: [
      [1 / 16, 2 / 16, 1 / 16],
      [2 / 16, 4 / 16, 2 / 16],
      [1 / 16, 2 / 16, 1 / 16],
    ],
  },
  {
    id: 'sharpen',
    title: 'Sharpen',
    explains: 'The pixel minus its neighbours, added back to itself (weights sum to 1): edges get crisper.',
    weights: [
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ],
  },
];

/** A 28×28 greyscale image like the datasets provide, with where it came from. */
export interface SampleImage {
  /** 28·28 bytes, row-major, 0 = background. */
  pixels: Uint8Array;
  label: string;
}

export const SAMPLE_SIDE = 28;

/**
 * A hand-drawn-looking "7" built from two thick anti-aliased strokes, used when the page has no
 * dataset image to offer. Deterministic, so tests and screenshots are stable.
 */
export function syntheticDigit(): SampleImage {
  const pixels = new Uint8Array(SAMPLE_SIDE * SAMPLE_SIDE);
  const strokes: Array<[number, number, number, number]> = [
    [6, 7, 21, 7], // the bar (x0, y0, x1, y1)
    [21, 7, 12, 23], // the diagonal
    [10, 15, 18, 15], // the continental cross bar
  ];
  const radius = 1.6;
  for (let y = 0; y < SAMPLE_SIDE; y++) {
    for (let x = 0; x < SAMPLE_SIDE; x++) {
      let nearest = Infinity;
      for (const [x0, y0, x1, y1] of strokes) nearest = Math.min(nearest, distanceToSegment(x, y, x0, y0, x1, y1));
      // Full ink inside the radius, fading to nothing over one pixel, like an anti-aliased pen.
      const ink = Math.min(Math.max(radius + 1 - nearest, 0), 1);
      pixels[y * SAMPLE_SIDE + x] = Math.round(ink * 255);
    }
  }
  return { pixels, label: 'synthetic "7" (no dataset image given)' };
}

function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.min(Math.max(((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy), 0), 1);
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}

/** Pixels scaled to [0, 1] as the networks see them. */
export function imageToValues(image: SampleImage): number[] {
  return Array.from(image.pixels, (v) => Math.round((v / 255) * 1000) / 1000);
}
