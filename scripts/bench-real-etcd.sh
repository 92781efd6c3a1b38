#!/usr/bin/env bash
# Runs bench/etcd_side_by_side_bench against a throw-away real etcd 3.4 and prints the table
# (model vs real etcd, one and several connections).
#
# Starts /usr/bin/etcd with --enable-v2 on loopback ports 23790/23800 (not etcd's defaults;
# override with ESISIM_BENCH_ETCD_PORT / ESISIM_BENCH_ETCD_PEER_PORT) and a data dir under
# /dev/shm, builds the bench if needed (BUILD_DIR, default build/), runs it (extra arguments go
# to the bench, e.g. --benchmark_min_time=2), then stops etcd and removes the data dir, also on
# failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir="${BUILD_DIR:-build}"
port="${ESISIM_BENCH_ETCD_PORT:-23790}"
peer_port="${ESISIM_BENCH_ETCD_PEER_PORT:-23800}"
etcd_bin="${ETCD:-/usr/bin/etcd}"

if [ ! -x "$etcd_bin" ]; then
  echo "bench-real-etcd: $etcd_bin not found; run scripts/install-deps.sh as root" >&2
  exit 2
fi
if [ ! -d "$build_dir" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
ninja -C "$build_dir" -j1 etcd_side_by_side_bench

data_dir="$(mktemp -d /dev/shm/esisim-etcd-XXXXXX)"
etcd_pid=""
cleanup() {
  if [ -n "$etcd_pid" ] && kill -0 "$etcd_pid" 2>/dev/null; then
    kill "$etcd_pid"
    wait "$etcd_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

endpoint="http://127.0.0.1:$port"
peer="http://127.0.0.1:$peer_port"
"$etcd_bin" --name default --enable-v2 --data-dir "$data_dir/data" \
  --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
  --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
  --initial-cluster "default=$peer" >"$data_dir/etcd.log" 2>&1 &
etcd_pid=$!

# Ready when the v2 store has applied etcd's three bootstrap writes (X-Etcd-Index >= 3).
for _ in $(seq 1 300); do
  index="$(curl -s -o /dev/null -D - "$endpoint/v2/keys/" 2>/dev/null |
    tr -d '\r' | sed -n 's/^X-Etcd-Index: //Ip')" || true
  if [ -n "$index" ] && [ "$index" -ge 3 ]; then break; fi
  if ! kill -0 "$etcd_pid" 2>/dev/null; then
    echo "bench-real-etcd: etcd exited; its log:" >&2
    cat "$data_dir/etcd.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "${index:-}" ] || [ "$index" -lt 3 ]; then
  echo "bench-real-etcd: etcd at $endpoint not ready after 30 s" >&2
  exit 1
fi

echo "bench-real-etcd: $("$etcd_bin" --version | head -1) at $endpoint, data in $data_dir;" \
  "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ESISIM_ETCD_ENDPOINT="$endpoint" "$build_dir/bin/etcd_side_by_side_bench" "$@"
