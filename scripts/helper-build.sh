#!/usr/bin/env bash
# Private build for parallel work: bash scripts/helper-build.sh NAME [pytest args...]
# Builds C++ tests, benchmarks and the Python extension into build/h-NAME, stages the Python
# package in build/h-NAME/pkg and runs pytest on it (PYTHONPATH), without touching .venv's install.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; shift
B="build/h-$name"
if [ ! -f "$B/build.ninja" ]; then
  cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIPMECH_BUILD_PYTHON=ON \
    -DHIPMECH_BUILD_BENCHMARKS=ON -DHIPMECH_BUILD_TESTS=ON -DHIPMECH_INSTALL=OFF \
    -DPython_EXECUTABLE="$PWD/.venv/bin/python" -DCMAKE_MAKE_PROGRAM="$PWD/.venv/bin/ninja" >/dev/null
fi
cmake --build "$B" -j "${JOBS:-1}"
mkdir -p "$B/pkg"
rm -rf "$B/pkg/hipmech" && cp -r python/hipmech "$B/pkg/hipmech"
cp "$B"/bindings/_core*.so "$B/pkg/hipmech/"
if [ "$#" -gt 0 ]; then
  PYTHONPATH="$PWD/$B/pkg" .venv/bin/python -m pytest -p no:cacheprovider "$@"
fi
