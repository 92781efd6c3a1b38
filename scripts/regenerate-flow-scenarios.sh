#!/usr/bin/env bash
# Regenerates scenarios/flows/*.yaml (and their bodies under scenarios/flows/_bodies/) from the
# recorded traces and snapshot documents in fixtures/, with scripts/trace_to_scenario.py, then
# rewrites their goldens. Review the diff like code. Usage: scripts/regenerate-flow-scenarios.sh
# [build/bin/esisim]
set -euo pipefail
cd "$(dirname "$0")/.."
esisim="${1:-build/bin/esisim}"
# Values the stub Heat/Contrail of the recorded test environment returned whatever the request
# (shared/fixtures/README.md, caveat 3): the project name in network fq_names, the one mac
# address, physical router and interface names. Outputs holding them are pinned, as are outputs
# holding UUIDs that Heat made, bbbbbbbb-... and xx:xx:xx:xx:xx:xx (the converter's defaults).
env_values=(--env-value 'default-domain:usertenant' --env-value 'fa:16:3e:f7:60:7f'
            --env-value 'NWSDP-JNPR-0[0-9]' --env-value 'xe-0/0/[0-9]+')
# Two passes: the first scenario's run tells the converter when the simulation writes the
# values that the recording kept only for a moment (--sim-trace); the second adds checkpoints
# there. Checkpoints do not change a run: the two runs' traces must be identical.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
gen() {  # flow trace scenario description
  convert() {
    python3 scripts/trace_to_scenario.py --trace "fixtures/$2" --snapshots "fixtures/snapshots/$1" \
      --gohan-docs "fixtures/snapshots/$1/01_Gohan" --schemas fixtures/esi/schemas.json \
      --out "scenarios/flows/$3.yaml" --description "$4" --recorded-templates --recorded-durations \
      "${env_values[@]}" "${@:5}"
  }
  rm -rf "fixtures/$3"
  convert "$@" 2> /dev/null
  env -u CI "$esisim" run "scenarios/flows/$3.yaml" --update-goldens --trace-out "$tmp/1.jsonl" \
    > /dev/null
  convert "$@" --sim-trace "$tmp/1.jsonl"
  rm -rf "fixtures/$3"
  env -u CI "$esisim" run "scenarios/flows/$3.yaml" --update-goldens --trace-out "$tmp/2.jsonl" \
    > /dev/null
  cmp -s "$tmp/1.jsonl" "$tmp/2.jsonl" || { echo "$3: the checkpoints changed the run" >&2; exit 1; }
}
gen 00_logical_network history/00_logical_network/trace.jsonl logical_network \
  "The recorded Logical Network flow (heat-only, v1.15.0-rc0, 2018-02-15: the run the snapshot documents of 00 come from): ESE device, physical ports, network, subnet, ports and a logical port, Gohan's requests at their recorded times."
gen 01_common_function_gateway traces/01_common_function_gateway.jsonl common_function_gateway \
  "The recorded Common Function Gateway flow (heat-only, 2018-04-09): ESE device and ports, edge routers, HA router and interfaces, CF pool, common functions, NAT pool, network, ports, logical ports and the gateway, at their recorded times."
gen 02_internet_gateway traces/02_internet_gateway.jsonl internet_gateway \
  "The recorded Internet Gateway flow (heat-only, 2018-04-04), Create Gw Interface included: ESE device and ports, edge routers, HA router and interface, internet service, QoS option, public IP pool, gateway, public IP, network, subnet, gw_interface with its ports and logical ports, static route."
gen 05_load_balancer traces/05_load_balancer.jsonl load_balancer \
  "The recorded Load Balancer flow (heat-only, 2018-02-19): networks, subnets, VNF template and plan, LB plan, ports, VNF instance and interfaces, LB conf, LB and its interfaces, the ports' attach updates, then Update Load Balancer Interface (a new network, ports, a detached and deleted port). The lost creation of network ce9a7a92 is rebuilt from its 01_Gohan document."
