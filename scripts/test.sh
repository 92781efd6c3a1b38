#!/usr/bin/env bash
# The test command: installs the missing Debian packages (as root), builds esisim and runs the
# whole test suite, then builds and runs it a second time with AddressSanitizer and
# UndefinedBehaviorSanitizer. Exit status 0 only when both runs pass.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2> /dev/null || echo 2)

bash scripts/install-deps.sh

echo "== build (RelWithDebInfo, -Wall -Wextra -Werror)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build
echo "== tests"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DESISIM_SANITIZE=ON -DESISIM_BUILD_BENCH=OFF > /dev/null
cmake --build build-asan
echo "== tests under ASan + UBSan"
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
