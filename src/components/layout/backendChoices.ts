/** The backend choices offered wherever the user can pick one (header and training dashboard). */
import type { BackendChoice } from '../../engine/protocol';

export const BACKEND_CHOICES: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'cpu', label: 'Plain JavaScript (cpu)' },
];
