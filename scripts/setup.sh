#!/usr/bin/env bash
# Set up everything a fresh machine needs, idempotently and fast the second time:
#   1. a virtualenv in .venv with the package (editable) and its dev tools;
#   2. the models: the embedder and the answer/test generators, in the user cache dir.
# Heavy things are cached outside the clone: pip keeps the llama-cpp-python wheel it compiled
# (~9 minutes the first time), and models, downloaded wheels and the converter environment
# live in ${ASSISTANT_CACHE:-~/.cache/assistant}.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
# Build llama.cpp with every core; the default is one job.
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}
# llama.cpp builds for the CPU it is built on (-march=native), AMX included when the CPU lists
# it; but a virtual machine may list AMX without letting a process use it, and then every
# embedding dies of a general protection fault in libggml-cpu (seen here on 2026-12-03, a
# Firecracker guest). AMX only speeds up a few quantisation types, so it is left out on x86.
if [ "$(uname -m)" = "x86_64" ]; then
  NO_AMX="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  export CFLAGS="${CFLAGS:-} $NO_AMX" CXXFLAGS="${CXXFLAGS:-} $NO_AMX"
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi

# Reinstall only when the dependency list or the tested versions (constraints.txt) changed.
stamp="$VENV/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing dependencies (the first llama-cpp-python build takes ~10 minutes)"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi

if [ "${ASSISTANT_SKIP_MODELS:-0}" != "1" ]; then
  "$VENV/bin/assistant" models setup
fi
