import { describe, expect, it } from 'vitest';
import { readLessonLocation, withLessonLocation } from './lessonUrl';

describe('lesson steps in the address', () => {
  it('reads ?lesson=&step= with a 1-based step', () => {
    expect(readLessonLocation('?lesson=stride&step=2')).toEqual({ kind: 'step', lessonId: 'stride', step: 1 });
    expect(readLessonLocation('?lesson=stride')).toEqual({ kind: 'step', lessonId: 'stride', step: 0 });
    expect(readLessonLocation('?backend=wasm')).toEqual({ kind: 'none' });
  });

  it('names what is wrong with a bad lesson or step', () => {
    const unknown = readLessonLocation('?lesson=nope&step=1');
    expect(unknown.kind).toBe('bad');
    expect(unknown.kind === 'bad' && unknown.message).toMatch(/no lesson "nope"/);
    for (const step of ['0', '3', '-1', '1.5', 'x', '99999']) {
      const bad = readLessonLocation(`?lesson=stride&step=${step}`);
      expect(bad.kind, step).toBe('bad');
      expect(bad.kind === 'bad' && bad.message).toMatch(/steps 1 to 2/);
    }
    expect(readLessonLocation('?step=2').kind).toBe('bad');
    const long = readLessonLocation(`?lesson=${'a'.repeat(500)}`);
    expect(long.kind === 'bad' && long.message.length).toBeLessThan(200);
  });

  it('writes the step and keeps the rest of the address', () => {
    const href = 'http://localhost/app/?backend=wasm#s=abc';
    const written = withLessonLocation(href, 'padding', 2);
    expect(written).toBe('http://localhost/app/?backend=wasm&lesson=padding&step=3#s=abc');
    expect(readLessonLocation(new URL(written).search)).toEqual({ kind: 'step', lessonId: 'padding', step: 2 });
    expect(withLessonLocation(written, null)).toBe('http://localhost/app/?backend=wasm#s=abc');
  });
});
