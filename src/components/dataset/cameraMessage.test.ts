import { describe, expect, it } from 'vitest';
import { cameraMessage } from './cameraMessage';

const named = (name: string) => Object.assign(new Error('x'), { name });

describe('cameraMessage', () => {
  it('says what to do when the camera is refused, missing or busy', () => {
    expect(cameraMessage(named('NotAllowedError'))).toMatch(/^The camera was not allowed\. Allow it for this site/);
    expect(cameraMessage(named('NotFoundError'))).toMatch(/^No camera was found\. Plug one in/);
    expect(cameraMessage(named('NotReadableError'))).toMatch(/^The camera is in use by another program/);
    expect(cameraMessage(new Error('odd'))).toBe('The camera did not start: odd');
  });
});
