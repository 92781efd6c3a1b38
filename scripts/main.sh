#!/usr/bin/env bash
# The main job: installs the missing Debian packages (as root), builds esisim, and runs every
# bundled scenario against its goldens, one line each and a total. Exit status 0 only when
# every scenario passed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build
exec bash scripts/run-scenarios.sh build/bin/esisim
