import { describe, expect, it } from 'vitest';
import { clampPan, FIT, MAX_ZOOM, panBy, zoomAbout } from './mapZoom';

describe('map zoom and pan', () => {
  it('zooms about the point under the fingers', () => {
    // Doubling about the viewport's centre (70, 70 of 140): the centre stays the centre.
    const twice = zoomAbout(FIT, 2, 70, 70, 140);
    expect(twice).toEqual({ zoom: 2, x: -70, y: -70 });
    // About the top-left corner: the corner stays put.
    expect(zoomAbout(FIT, 2, 0, 0, 140)).toEqual({ zoom: 2, x: 0, y: 0 });
  });

  it('keeps the zoom between 1 and the maximum', () => {
    expect(zoomAbout(FIT, 0.5, 70, 70, 140)).toEqual(FIT);
    expect(zoomAbout(FIT, 100, 0, 0, 140).zoom).toBe(MAX_ZOOM);
  });

  it('pans only as far as the map still covers the viewport', () => {
    const twice = zoomAbout(FIT, 2, 70, 70, 140);
    expect(panBy(twice, 30, -20, 140)).toEqual({ zoom: 2, x: -40, y: -90 });
    expect(panBy(twice, 500, -500, 140)).toEqual({ zoom: 2, x: 0, y: -140 });
    // At zoom 1 there is nothing to pan.
    expect(panBy(FIT, 40, 40, 140)).toEqual(FIT);
    expect(clampPan({ zoom: 1, x: -10, y: 5 }, 140)).toEqual(FIT);
  });
});
