import { describe, expect, it } from 'vitest';
import { reducedMessage, unreadableMessage } from './uploadMessages';

describe('upload messages', () => {
  it("names the picture's own size", () => {
    expect(reducedMessage('big.png', 20_000, 20_000)).toBe('big.png: reduced from 20,000×20,000 to 28×28 grey.');
    expect(reducedMessage('cat.jpg', 640, 480, '32×32 colour')).toBe('cat.jpg: reduced from 640×480 to 32×32 colour.');
  });

  it('ends the browser’s reason with one full stop', () => {
    const error = new DOMException('The source image could not be decoded.', 'InvalidStateError');
    expect(unreadableMessage('x.png', error)).toBe('Could not read x.png: The source image could not be decoded. Choose a PNG, JPEG or WebP picture.');
    expect(unreadableMessage('x.png', 'broken')).toBe('Could not read x.png: broken. Choose a PNG, JPEG or WebP picture.');
  });
});
