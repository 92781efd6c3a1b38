#!/usr/bin/env bash
# Runs every bundled scenario with the given esisim binary and prints one line per scenario
# ("PASS name: detail" or "FAIL name: detail") and a total ("N passed, M failed").
# Until YAML scenarios exist, the bundled scenarios are the recorded etcd traces (replayed
# through the etcd model, indices and final keyspace checked), the Job Manager run along the
# full-index recordings (every recorded Job Manager write reproduced byte for byte), every
# recorded trace replayed through the Job Manager and the workers (esisim replay) and the
# seeded demo workload (run twice, traces must be byte-identical).
set -uo pipefail
cd "$(dirname "$0")/.."
esisim=${1:-build/bin/esisim}
passed=0
failed=0

report() {  # name, exit status, detail
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    printf 'PASS  %-50s %s\n' "$1" "$3"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-50s %s\n' "$1" "$3"
  fi
}

run_replay() {  # name, trace, [dump]
  local out status
  if [ -n "${3:-}" ]; then
    out=$("$esisim" etcd-replay "$2" --dump "$3" 2>&1)
  else
    out=$("$esisim" etcd-replay "$2" 2>&1)
  fi
  status=$?
  report "$1" "$status" "$(printf '%s\n' "$out" | tail -n 1)"
  [ "$status" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/      /'
}

run_replay "etcd-replay traces/00_logical_network" \
  fixtures/traces/00_logical_network.jsonl fixtures/dumps/00_logical_network.json
# The index-bearing history traces (the others have no indices to check).
for flow in 01_common_function_gateway 02_internet_gateway; do
  run_replay "etcd-replay history/$flow" "fixtures/history/$flow/trace.jsonl"
done

run_jm_replay() {  # name, trace
  local out status
  out=$("$esisim" jm-replay "$2" 2>&1)
  status=$?
  report "$1" "$status" "$(printf '%s\n' "$out" | tail -n 1)"
  [ "$status" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/      /'
}

# The Job Manager along the full-index recordings: every recorded Job Manager write, byte for byte.
run_jm_replay "jm-replay traces/00_logical_network" fixtures/traces/00_logical_network.jsonl
for flow in 01_common_function_gateway 02_internet_gateway; do
  run_jm_replay "jm-replay history/$flow" "fixtures/history/$flow/trace.jsonl"
done

run_full_replay() {  # name, trace
  local out status
  out=$("$esisim" replay "$2" 2>&1)
  status=$?
  report "$1" "$status" "$(printf '%s\n' "$out" | tail -n 1)"
  [ "$status" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/      /'
}

# The whole back-end (Job Manager and workers) in the recorded environment of every trace:
# every recorded output event reproduced, no unexpected key.
for trace in fixtures/traces/*.jsonl fixtures/history/*/trace.jsonl; do
  run_full_replay "replay ${trace#fixtures/}" "$trace"
done

# The YAML scenarios (scenarios/, goldens in fixtures/<name>/), each run twice: same trace.
scenario_out=$("$esisim" run scenarios/ --check-determinism 2>&1)
scenario_status=$?
while IFS= read -r line; do
  case "$line" in
    PASS\ *) name=${line#PASS }; report "scenario ${name%% *}" 0 "${name#* }" ;;
    FAIL\ *) name=${line#FAIL }; report "scenario ${name%%:*}" 1 "${name#*: }" ;;
    total:*) ;;
    *) printf '      %s\n' "$line" ;;
  esac
done <<< "$scenario_out"
# Bad input (exit 2) runs no scenario at all: count it as a failure.
[ "$scenario_status" -ne 2 ] || report "scenarios/ (validation)" 1 "esisim run exited 2"

for seed in 1 2 3; do
  out=$("$esisim" demo --seed "$seed" --operations 3000 --check-determinism 2>&1)
  status=$?
  report "demo seed $seed (run twice)" "$status" "$(printf '%s\n' "$out" | head -n 1 | cut -c 7-)"
  [ "$status" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/      /'
done

echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
