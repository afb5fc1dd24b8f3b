#!/usr/bin/env bash
# Makes the project's own Python environment in .venv/ (git-ignored): Keras 3 on TensorFlow (CPU) and
# PyTorch (CPU), for the tests that run exported Python and the bench's Keras / PyTorch rows.
# pip installs from whatever index this machine is configured with (a local mirror works offline).
# Idempotent: an environment that already imports both frameworks is kept. Exits 1 with a message
# when no Python 3.10+ is found or the install fails; `npm test` then reports the Python checks as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${CNNP_VENV:-.venv}"
PY="$VENV/bin/python"

if [ -x "$PY" ] && "$PY" -c 'import torch, keras, tensorflow' >/dev/null 2>&1; then
  echo "python-env: $VENV ready ($("$PY" -c 'import torch, keras; print("torch", torch.__version__, "keras", keras.__version__)' 2>/dev/null))"
  exit 0
fi

HOST_PY=""
for candidate in python3.11 python3.12 python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' >/dev/null 2>&1; then
    HOST_PY="$candidate"; break
  fi
done
if [ -z "$HOST_PY" ]; then
  echo "python-env: no Python 3.10+ with the venv module found; install python3 and python3-venv" >&2
  exit 1
fi

echo "python-env: making $VENV with $HOST_PY ($("$HOST_PY" --version 2>&1))"
"$HOST_PY" -m venv "$VENV"
"$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
# torch CPU + TensorFlow CPU (Keras 3 comes with it); h5py for reading Keras weight files.
"$PY" -m pip install --quiet --disable-pip-version-check --retries 1 --timeout 10 torch tensorflow-cpu h5py
"$PY" -c 'import torch, keras; print("python-env: ready: torch", torch.__version__, "keras", keras.__version__)'
