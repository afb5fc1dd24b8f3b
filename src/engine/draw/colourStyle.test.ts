import { describe, expect, it } from 'vitest';
import { colourStyle } from './colourStyle';

/** An RGBA picture whose left half is red and right half blue. */
function picture(width: number, height: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      rgba.set(x < width / 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], i);
    }
  }
  return rgba;
}

describe('colourStyle', () => {
  it('keeps the colours, channel by channel, in HWC order', () => {
    const { pixels, problem } = colourStyle(picture(64, 64), 64, 64);
    expect(problem).toBeNull();
    expect(pixels.length).toBe(32 * 32 * 3);
    const at = (x: number, y: number) => Array.from(pixels.subarray(3 * (y * 32 + x), 3 * (y * 32 + x) + 3));
    expect(at(3, 10)).toEqual([1, 0, 0]);
    expect(at(28, 20)).toEqual([0, 0, 1]);
  });

  it('cuts the centred square out of a wide picture', () => {
    // 128×64: the centre square is x 32..96, whose left half is red (x < 64) and right half blue.
    const { pixels } = colourStyle(picture(128, 64), 128, 64);
    expect(pixels[3 * (16 * 32 + 0)]).toBe(1);
    expect(pixels[3 * (16 * 32 + 31) + 2]).toBe(1);
    expect(pixels[3 * (16 * 32 + 15)]).toBeCloseTo(1, 5);
  });

  it('counts transparent pixels as white and names a mis-sized buffer', () => {
    const clear = new Uint8ClampedArray(8 * 8 * 4);
    expect(Array.from(colourStyle(clear, 8, 8).pixels.subarray(0, 3))).toEqual([1, 1, 1]);
    expect(colourStyle(new Uint8ClampedArray(10), 2, 2).problem).toMatch(/RGBA: four bytes per pixel/);
  });
});
