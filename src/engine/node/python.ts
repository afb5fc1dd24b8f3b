/**
 * The project's own Python (`npm run python-env` makes `.venv/`; CNNP_PYTHON overrides), for the tests
 * that hand exported code to real Python. Where it is missing the tests skip and say why, loudly:
 * a skipped Python check never counts as passed. CNNP_REQUIRE_PYTHON=1 turns a missing Python into a failure.
 * Node only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface PythonEnv {
  /** The interpreter, or null when it is missing or lacks a module. */
  python: string | null;
  /** Why there is no usable interpreter; null when there is one. */
  reason: string | null;
}

const cache = new Map<string, PythonEnv>();

/** The project's Python when it can import every one of `modules`. */
export function projectPython(modules: readonly string[]): PythonEnv {
  const key = modules.join(',');
  const known = cache.get(key);
  if (known) return known;
  const python =
    process.env.CNNP_PYTHON ??
    join(PROJECT_ROOT, '.venv', process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  let env: PythonEnv;
  if (!existsSync(python)) {
    env = {
      python: null,
      reason: `${python} does not exist; run \`npm run python-env\` to make the project's Python environment`,
    };
  } else {
    const probe = spawnSync(python, ['-c', modules.length ? `import ${modules.join(', ')}` : 'pass'], {
      encoding: 'utf8',
      timeout: 180_000,
    });
    const lastLine = (probe.stderr ?? '').trim().split('\n').pop() ?? '';
    env =
      probe.status === 0
        ? { python, reason: null }
        : {
            python: null,
            reason: `${python} cannot import ${modules.join(', ')} (${lastLine || probe.error?.message || `exit ${probe.status}`}); run \`npm run python-env\``,
          };
  }
  cache.set(key, env);
  return env;
}

/**
 * Announces a Python check that will not run, and fails instead when CNNP_REQUIRE_PYTHON=1.
 * Returns true when the check must be skipped.
 */
export function skipWithoutPython(check: string, env: PythonEnv): boolean {
  if (env.python) return false;
  const message = `SKIPPED, NOT PASSED: ${check}: ${env.reason}`;
  if (process.env.CNNP_REQUIRE_PYTHON === '1') throw new Error(`${message} (CNNP_REQUIRE_PYTHON=1)`);
  process.stderr.write(`\n*** ${message}\n\n`);
  return true;
}

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of scripts/python/*.py with `input` on stdin. */
export function runPythonScript(
  python: string,
  script: string,
  input: string,
  env: Record<string, string> = {},
  timeoutMs = 600_000,
): PythonRun {
  const run = spawnSync(python, [join(PROJECT_ROOT, 'scripts', 'python', script)], {
    input,
    encoding: 'utf8',
    cwd: PROJECT_ROOT,
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
  });
  return {
    status: run.status,
    stdout: run.stdout ?? '',
    stderr: `${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}`,
  };
}
