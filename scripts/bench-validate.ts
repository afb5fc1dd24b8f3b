/**
 * `npm run bench`'s validation row: how long validateSpec takes per call on every preset (it runs on
 * every keystroke in the builder, so it must stay far below a frame). Prints one JSON document:
 * {"perCallMs": {preset: ms}, "worstMs": ms}. Median of 7 rounds of 200 calls per preset.
 */
import { PRESETS } from '../src/engine/spec/presets';
import { validateSpec } from '../src/engine/spec/validate';

const perCallMs: Record<string, number> = {};
for (const preset of PRESETS) {
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const start = performance.now();
    for (let i = 0; i < 200; i++) validateSpec(preset.spec);
    rounds.push((performance.now() - start) / 200);
  }
  perCallMs[preset.id] = rounds.sort((a, b) => a - b)[3];
}
console.log(JSON.stringify({ perCallMs, worstMs: Math.max(...Object.values(perCallMs)) }));
