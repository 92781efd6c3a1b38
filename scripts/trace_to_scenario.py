#!/usr/bin/env python3
# Turns a recorded trace (shared/fixtures/traces/*.jsonl format) and the snapshot documents of
# the same run into an `esisim run` scenario: Gohan's /config writes become create / update /
# delete steps at their recorded times (bodies in files), the recorded Heat outputs that hold
# environment values (UUIDs Heat made, the stub's bbbbbbbb-... and xx:xx:xx:xx:xx:xx) become
# `heat: pin` steps, the recorded /monitoring statuses become `monitor` steps just before they
# were written, and every snapshot document gets a checkpoint at the moment of the recording it
# documents.
#
# Contract: generic. Nothing here names a flow, a resource type or an id; types come from the
# schema catalogue. Output is deterministic (sorted, no clock).
#   checkpoints, per documented step <Step>_<NN> (the document's file name):
#     <Step>_<NN>.jobs        02_JobManager entries, just after the recording stored the jobs
#     <Step>_<NN>             03_HeatWorker entries, as late as the recording keeps them
#     <Step>_<NN>.monitoring  04_CollectorAgent entries (first values)
#     <Step>_<NN>.then        entries noted "and then" (later values of the same keys)
#     <checkpoint>.transient-<i>  with --sim-trace: the i-th documented value of the checkpoint
#                             that the recording kept less than a second (a job_state result
#                             before the worker's next write), 1 ms after the simulation wrote
#                             it (times from the trace of a run of the scenario made without
#                             --sim-trace; checkpoints do not change a run)
#   each restricted to the documented keys (a /jobs key without its 5-character suffix).
# The anchor of a document is the first recorded event holding each documented value (decoded
# JSON); documents none of whose values the recording holds get no checkpoint (reported).
# /config writes that the recording lost but a 01_Gohan document shows (--gohan-docs) are put
# just before the first recorded event that names the resource's id.
#
# Usage:
#   scripts/trace_to_scenario.py --trace T.jsonl --snapshots DIR [--gohan-docs DIR]
#       --schemas fixtures/esi/schemas.json --out scenarios/flows/NAME.yaml
#       [--product heat-only] [--seed N] [--description TEXT] [--sim-trace RUN.jsonl]
import argparse
import json
import os
import re
import sys

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ENV_VALUES = [r"bbbbbbbb-bbbb", r"xx:xx:xx:xx:xx:xx"]
TRANSIENT_MS = 1000
MONITOR_LEAD_MS = 2000  # a recorded status change is scripted this long before it was written
DELETES = ("delete", "compareAndDelete", "expire")
STAGES = ("02_JobManager", "03_HeatWorker", "04_CollectorAgent")


def deep_decode(value):
    """Parses strings holding JSON objects or arrays, recursively (as stored vs documented)."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return deep_decode(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: deep_decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [deep_decode(v) for v in value]
    return value


def parse_time_ms(text):
    # "2018-02-19T05:16:21.684" or without milliseconds -> ms since midnight of day 0 + days
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?", text)
    if not m:
        raise ValueError("bad time " + text)
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    frac = (m.group(7) or "0")[:3].ljust(3, "0")
    # days from civil (Howard Hinnant)
    y2 = y - (1 if mo <= 2 else 0)
    era = y2 // 400
    yoe = y2 - era * 400
    doy = (153 * (mo + (-3 if mo > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return ((days * 24 + h) * 60 + mi) * 60000 + s * 1000 + int(frac)


def event_time(e):
    return parse_time_ms(e.get("time_precise") or e["time"])


def duration(ms):
    if ms <= 0:
        return "0"
    out = ""
    for unit, size in (("h", 3600000), ("m", 60000), ("s", 1000)):
        if ms >= size:
            out += "%d%s" % (ms // size, unit)
            ms %= size
    if ms:
        out += "%dms" % ms
    return out


def flow_json(value):
    return json.dumps(value, sort_keys=True, separators=(", ", ": "))


def collect_uuids(value, out):
    if isinstance(value, str):
        out.update(UUID.findall(value.lower()))
    elif isinstance(value, dict):
        for k, v in value.items():
            collect_uuids(k, out)
            collect_uuids(v, out)
    elif isinstance(value, list):
        for v in value:
            collect_uuids(v, out)


class SimTrace:
    """The trace of an earlier `esisim run` of this scenario (--trace-out): when the simulation
    wrote a value. Adding checkpoints does not change a run, so its times hold for the new one."""

    def __init__(self, path, items, recorded_by_key):
        self.by_key = {}
        for line in open(path):
            if line.strip():
                e = json.loads(line)
                self.by_key.setdefault(e["key"], []).append(e)
        self.recorded_by_key = recorded_by_key
        # The simulated clock's origin: the first Gohan write happens at its step's `at`.
        first = min((i for i in items if i[2] == "create"), key=lambda i: (i[0], i[1]))
        sim_first = self.by_key.get(first[3]["key"])
        if not sim_first:
            raise SystemExit("--sim-trace has no write of %s" % first[3]["key"])
        self.origin = event_time(sim_first[0]) - first[0]

    def moment_of(self, key, value, recorded):
        """A scenario time at which the simulation holds the value the recording wrote in
        `recorded` (the same decoded value, else the write of the same rank among the key's
        non-empty writes), 1 ms after it was written; None when there is no such moment."""
        def writes(events):
            return [e for e in events if e["action"] not in DELETES and deep_decode(e.get("value"))]
        if key.startswith("/jobs/"):  # the simulated job id has its own random suffix
            stem = key.rsplit(":", 1)[0] + ":"
            sim_events = sorted((e for k, v in self.by_key.items() if k.startswith(stem)
                                 for e in v), key=lambda e: e["seq"])
        else:
            sim_events = self.by_key.get(key, [])
        sim_writes = writes(sim_events)
        want = deep_decode(value)
        hit = next((e for e in sim_writes if deep_decode(e.get("value")) == want), None)
        if hit is None:
            rank = [e["seq"] for e in writes(self.recorded_by_key.get(key, []))].index(
                recorded["seq"])
            hit = sim_writes[rank] if rank < len(sim_writes) else None
        if hit is None:
            print("note: %s: the simulation never wrote the documented value" % key,
                  file=sys.stderr)
            return None
        at = event_time(hit) + 1
        later = [e for e in sim_events if e["seq"] > hit["seq"]]
        if later and event_time(later[0]) <= at:
            print("note: %s: the simulation kept the value less than 2 ms" % key, file=sys.stderr)
            return None
        return at - self.origin


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trace", required=True)
    ap.add_argument("--snapshots", required=True, help="folder with 02/03/04 stage folders")
    ap.add_argument("--gohan-docs", help="01_Gohan documents: /config writes the trace lost")
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--product", default="heat-only")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--description", default="")
    ap.add_argument("--sim-trace",
                    help="trace (esisim run --trace-out) of this scenario generated without it: "
                    "values the recording kept for a moment get a checkpoint at the simulated "
                    "moment they are written")
    ap.add_argument("--recorded-templates", action="store_true",
                    help="write the heat templates the recording loaded (its last write of each) "
                    "next to the scenario, in _templates/<name>/, and load those instead of the "
                    "product's template set: the run's own template versions")
    ap.add_argument("--mappings", default="fixtures/esi/template_mappings.json",
                    help="with --recorded-templates: the template mappings file")
    ap.add_argument("--recorded-durations", action="store_true",
                    help="make every stack operation take as long as the recording's did (from a "
                    "heat job's job_state {} to its heat_stacks record, as the heat-only "
                    "generation writes them), with heat: {duration: ...} steps at the start")
    ap.add_argument("--jobs-delay-ms", type=int, default=300)
    ap.add_argument("--env-value", action="append", default=[],
                    help="regex of another environment value to pin where an output holds it")
    args = ap.parse_args()
    env_values = re.compile("|".join(ENV_VALUES + args.env_value))

    schemas = json.load(open(args.schemas))
    schema_list = schemas.get("schemas", schemas) if isinstance(schemas, dict) else schemas
    type_of_prefix = {}  # "v2.0/ports" -> "port"
    for s in schema_list:
        if s.get("prefix"):
            type_of_prefix[s["prefix"].strip("/")] = s["id"]

    def type_at(parts):
        # ["v2.0", "ports"] -> "port"; None when not in the catalogue
        t = type_of_prefix.get("/".join(parts))
        return None if t in (None, "heat_template") or "heat_templates" in parts else t

    events = [json.loads(line) for line in open(args.trace) if line.strip()]
    events.sort(key=lambda e: e["seq"])

    def resource_of(key):
        # /config/<prefix...>/<plural>/<id> -> (type, id) when the type is in the catalogue
        parts = key.split("/")
        if len(parts) < 5 or parts[1] != "config":
            return None
        t = type_at(parts[2:-1])
        return (t, parts[-1]) if t else None

    # Lost /config writes shown by 01_Gohan documents.
    if args.gohan_docs:
        recorded = {(e["key"], (e.get("value") or {}).get("version"))
                    for e in events if e["key"].startswith("/config/")
                    and isinstance(e.get("value"), dict)}
        extra = {}
        for name in sorted(os.listdir(args.gohan_docs)):
            doc = json.load(open(os.path.join(args.gohan_docs, name)))
            for point in doc["points"]:
                for entry in point["entries"]:
                    v = entry["value"]
                    if not entry["key"].startswith("/config/") or not isinstance(v, dict):
                        continue
                    if resource_of(entry["key"]) is None or "version" not in v:
                        continue
                    if (entry["key"], v["version"]) not in recorded:
                        extra.setdefault((entry["key"], v["version"]), v)
        for (key, version), value in sorted(extra.items()):
            rid = key.rsplit("/", 1)[1]
            first = next((e for e in events if e["key"] != key and rid in json.dumps(e.get("value"))),
                         None)
            if first is None or version != 1:
                print("note: lost write %s v%s not placed" % (key, version), file=sys.stderr)
                continue
            ev = dict(first)
            ev.update({"key": key, "value": value, "action": "set", "seq": first["seq"] - 0.5,
                       "reconstructed": True})
            events.append(ev)
            print("note: %s v%d rebuilt from a 01_Gohan document, before seq %d"
                  % (key, version, first["seq"]), file=sys.stderr)
        events.sort(key=lambda e: e["seq"])

    t0 = min(event_time(e) for e in events if e["key"].startswith("/config/"))
    out_dir = os.path.dirname(os.path.abspath(args.out))
    name = os.path.splitext(os.path.basename(args.out))[0]
    bodies_rel = os.path.join("_bodies", name)
    bodies_dir = os.path.join(out_dir, bodies_rel)
    os.makedirs(bodies_dir, exist_ok=True)
    for f in os.listdir(bodies_dir):
        os.remove(os.path.join(bodies_dir, f))

    items = []  # (time_ms, order, kind, payload)
    written_uuids = set()
    first_written = {}  # uuid -> seq of the first body that holds it
    known = {}
    last_body = {}  # (type, id) -> the body of its last write
    for e in events:
        r = resource_of(e["key"])
        if r is None:
            continue
        t = event_time(e) - t0
        v = e.get("decoded") or e.get("value")
        rtype, rid = r
        collect_uuids(rid, written_uuids)
        if e["action"] in DELETES:
            continue  # Gohan removes a finished two-step deletion by itself
        if not isinstance(v, dict) or "body" not in v:
            continue
        body = deep_decode(v["body"])
        before_body = set(written_uuids)
        collect_uuids(body, written_uuids)
        for u in written_uuids - before_body:
            first_written.setdefault(u, e["seq"])
        if v.get("marked_for_deletion"):
            # the marking write may change fields too: `set` them (a removed field cannot be)
            prev = last_body.get((rtype, rid), {})
            changed = {k: body[k] for k in sorted(body)
                       if k != "id" and (k not in prev or prev[k] != body[k])}
            for k in sorted(set(prev) - set(body)):
                print("note: %s: the deletion removed field %s; not reproduced" % (e["key"], k),
                      file=sys.stderr)
            items.append((t, e["seq"], "delete", {"type": rtype, "id": rid, "set": changed}))
            continue
        last_body[(rtype, rid)] = body
        fname = "%03d_%s_%s_v%d.json" % (len(items), rtype, rid[:8], v.get("version", 0))
        with open(os.path.join(bodies_dir, fname), "w") as f:
            json.dump(body, f, indent=1, sort_keys=True)
            f.write("\n")
        step = "update" if (rtype, rid) in known else "create"
        known[(rtype, rid)] = True
        items.append((t, e["seq"], step, {"type": rtype, "id": rid, "key": e["key"],
                                          "body_file": os.path.join(bodies_rel, fname),
                                          "label": "%s v%s%s" % (
                                              e["key"], v.get("version"),
                                              " (rebuilt: the recording lost it)"
                                              if e.get("reconstructed") else "")}))
    config_times = {}
    config_times_by_plural = {}
    for t, seq, kind, p in items:
        config_times.setdefault((p["type"], p["id"]), []).append(t)
    for e in events:
        r = resource_of(e["key"])
        if r is not None:
            parts = e["key"].split("/")
            config_times_by_plural.setdefault((parts[-2], parts[-1]), []).append(
                event_time(e) - t0)

    # Pinned Heat outputs: recorded output values holding environment values.
    pinned = {}
    for e in events:
        if not e["key"].startswith("/esi-worker/heat_stacks/"):
            continue
        v = deep_decode(e.get("value"))
        if not isinstance(v, dict) or not isinstance(v.get("output"), list):
            continue
        parts = e["key"].split("/")
        rid = parts[-1]
        rtype = type_at(parts[3:-1])
        if rtype is None:
            continue
        for out in v["output"]:
            if not isinstance(out, dict) or "output_key" not in out:
                continue
            text = json.dumps(out.get("output_value"))
            found = set(UUID.findall(text.lower()))
            made_by_heat = {u for u in found if u not in written_uuids
                            or first_written.get(u, -1) > e["seq"]}
            if not made_by_heat and not env_values.search(text):
                continue
            k = (rtype, rid, out["output_key"])
            if k not in pinned:
                pinned[k] = out.get("output_value")
                items.append((-1, len(pinned), "pin", {"type": rtype, "id": rid,
                                                       "output": out["output_key"],
                                                       "value": out.get("output_value")}))
            elif pinned[k] != out.get("output_value"):
                # A new value from this stack operation on: pinned at the resource's last
                # /config write before the operation's recorded result.
                pinned[k] = out.get("output_value")
                before = [ts for ts in config_times.get((rtype, rid), [])
                          if ts <= event_time(e) - t0]
                at = before[-1] if before else event_time(e) - t0
                items.append((at, e["seq"] - 0.25, "pin", {"type": rtype, "id": rid,
                                                           "output": out["output_key"],
                                                           "value": out.get("output_value")}))

    # Recorded stack durations: a heat job's job_state {} to its heat_stacks record.
    if args.recorded_durations:
        started = {}  # "v2.0/<plural>/<id>" -> time of the job_state {} write
        for e in events:
            key = e["key"]
            if (key.startswith("/esi-worker/job_state/") and e["action"] == "set"
                    and deep_decode(e.get("value")) == {}):
                started[key.split("/", 3)[3]] = event_time(e)
                continue
            if not key.startswith("/esi-worker/heat_stacks/") or e["action"] != "set":
                continue
            begun = started.pop(key.split("/", 3)[3], None)
            v = deep_decode(e.get("value"))
            if begun is None or not isinstance(v, dict):
                continue
            action = str(v.get("stack_status", "")).split("_")[0].lower()
            parts = key.split("/")
            rtype = type_at(parts[3:-1])
            if rtype is None or action not in ("create", "update", "delete"):
                continue
            items.append((-1, e["seq"], "duration", {"type": rtype, "id": parts[-1],
                                                     "action": action,
                                                     "takes": event_time(e) - begun}))

    # Monitoring statuses: scripted before the first poll, then just before each change.
    mon_prev = {}
    for e in events:
        if not e["key"].startswith("/monitoring/") or e["action"] != "set":
            continue
        v = e.get("value")
        if not isinstance(v, dict):
            continue
        fields = [k for k in v if k != "version"]
        if len(fields) != 1 or not isinstance(v[fields[0]], str):
            continue  # structured records (HA pairs) keep the collector's defaults
        parts = e["key"].split("/")
        rtype = type_at(parts[2:-1])
        if rtype is None:
            continue
        rid = parts[-1]
        status = v[fields[0]]
        t = event_time(e) - t0
        prev = mon_prev.get((rtype, rid))
        if prev == status:
            continue
        at = -1 if prev is None else max(t - MONITOR_LEAD_MS, 0)
        mon_prev[(rtype, rid)] = status
        items.append((at, e["seq"], "monitor", {"type": rtype, "id": rid, "statuses": [status],
                                               "every": "1s"}))

    # Checkpoints from the snapshot documents.
    first_seq = {}
    by_key = {}
    for e in events:
        by_key.setdefault(e["key"], []).append(e)

    def first_holding(key, value, after_seq=-1):
        want = deep_decode(value)
        for e in by_key.get(key, []):
            if e["action"] in DELETES or e["seq"] <= after_seq:
                continue
            if deep_decode(e.get("value")) == want:
                return e
        return None

    def next_change_after(key, seq):
        later = [e for e in by_key.get(key, []) if e["seq"] > seq]
        return later[0] if later else None

    end_ms = max(event_time(e) for e in events) - t0
    sim = SimTrace(args.sim_trace, items, by_key) if args.sim_trace else None
    for stage in STAGES:
        folder = os.path.join(args.snapshots, stage)
        if not os.path.isdir(folder):
            continue
        for fname in sorted(os.listdir(folder)):
            doc = json.load(open(os.path.join(folder, fname)))
            step = os.path.splitext(fname)[0]
            groups = {"first": [], "then": []}
            for point in doc["points"]:
                for entry in point["entries"]:
                    groups["then" if entry.get("note") == "and then" else "first"].append(entry)
            first_seq = {}  # key -> the recorded event holding its first documented value
            for group, entries in groups.items():  # "first", then "then" (later values)
                if not entries:
                    continue
                if group == "then":
                    suffix = ".then"
                else:
                    suffix = {"02_JobManager": ".jobs", "03_HeatWorker": "",
                              "04_CollectorAgent": ".monitoring"}[stage]
                anchors, latest = [], []
                prefixes = []
                transient = []  # (entry, recorded event): values the recording kept a moment
                held = []  # (entry, recorded event, first held, last held)
                for entry in entries:
                    key = entry["key"]
                    prefixes.append(key.rsplit(":", 1)[0] + ":" if key.startswith("/jobs/") else key)
                    e = first_holding(key, entry["value"], first_seq.get(key, -1))
                    if e is None:
                        continue
                    if group == "first":
                        first_seq.setdefault(key, e["seq"])
                    anchors.append(event_time(e) - t0)
                    nxt = next_change_after(key, e["seq"])
                    until = (event_time(nxt) - t0 - 1) if nxt else end_ms + 60000
                    if nxt and key.startswith("/monitoring/"):
                        until -= MONITOR_LEAD_MS  # the next status is scripted that much earlier
                    # ... and no later than the resource's next Gohan write after it
                    rkey = tuple(key.split("/")[-2:])
                    later = [ts for ts in config_times_by_plural.get(rkey, [])
                             if ts > event_time(e) - t0]
                    if later and stage != "04_CollectorAgent":
                        until = min(until, later[0] - 1)
                    held.append((entry, e, anchors[-1], until))
                # A value kept for a moment only, or one that ends within a moment of the
                # document's own moment (a job's /jobs/all record, deleted a few ms after its
                # /state), gets its own checkpoint at the simulated moment it holds; the others
                # must not hold the checkpoint back.
                for entry, e, since, until in held:
                    if (until - since >= TRANSIENT_MS
                            and (stage == "02_JobManager" or until >= max(anchors) + TRANSIENT_MS)):
                        latest.append(until)
                    else:
                        transient.append((entry, e))
                if not anchors:
                    print("note: %s/%s: no documented value is in the recording; no checkpoint"
                          % (stage, fname), file=sys.stderr)
                    continue
                anchor = max(anchors)
                if stage == "02_JobManager":
                    at = anchor + args.jobs_delay_ms
                else:
                    at = max(anchor, min(latest)) if latest else anchor
                items.append((at, 1e12, "checkpoint", {"name": step + suffix,
                                                       "prefixes": sorted(set(prefixes))}))
                for n, (entry, e) in enumerate(transient, 1):
                    at = sim.moment_of(entry["key"], entry["value"], e) if sim else None
                    if at is None:
                        continue
                    items.append((at, 1e12, "checkpoint", {
                        "name": "%s%s.transient-%d" % (step, suffix, n),
                        "prefixes": [entry["key"].rsplit(":", 1)[0] + ":"
                                     if entry["key"].startswith("/jobs/") else entry["key"]]}))

    # Same checkpoint name twice (a 03 and a 04 document of one step without suffix clash) is
    # impossible: the suffixes differ per stage.
    items.sort(key=lambda i: (i[0], i[1], i[2]))
    lines = []
    lines.append("# Generated by scripts/trace_to_scenario.py from %s" % os.path.relpath(
        args.trace, os.path.dirname(out_dir)) if False else
        "# Generated by scripts/trace_to_scenario.py; edit the generator's inputs, not this file.")
    if args.description:
        lines.append("description: >")
        for chunk in re.findall(r".{1,90}(?:\s|$)", args.description):
            lines.append("  " + chunk.rstrip())
    if args.recorded_templates:
        name = os.path.splitext(os.path.basename(args.out))[0]
        tdir = os.path.join(os.path.dirname(args.out), "_templates", name)
        os.makedirs(tdir, exist_ok=True)
        for f in os.listdir(tdir):
            os.remove(os.path.join(tdir, f))
        bodies = {}
        for e in events:
            if not e["key"].startswith("/config/v2.0/heat_templates/") or e["action"] != "set":
                continue
            value = e.get("decoded") or e.get("value")
            if not isinstance(value, dict) or "body" not in value:
                continue
            body = value["body"]
            if isinstance(body, str):
                body = json.loads(body)
            bodies[body.get("id", e["key"].rsplit("/", 1)[-1])] = body
        for tid in sorted(bodies):
            with open(os.path.join(tdir, tid + ".json"), "w") as f:
                json.dump({"value": {"body": bodies[tid]}}, f, indent=1, sort_keys=True)
                f.write("\n")
        lines.append("# The heat templates this run loaded (its own versions), from the recording.")
        lines.append("templates:")
        lines.append("  dir: %s" % os.path.relpath(tdir, os.path.dirname(args.out)))
        lines.append("  mappings: %s" % os.path.relpath(args.mappings, os.path.dirname(args.out)))
    else:
        lines.append("product: %s" % json.dumps(args.product))
    lines.append("seed: %d" % args.seed)
    lines.append("steps:")
    last_at = None
    for at, _, kind, p in items:
        at = max(at, 0)
        at_text = duration(at)
        if kind == "pin":
            lines.append("  - heat: {pin: {type: %s, id: %s, output: %s, value: %s}}" % (
                p["type"], p["id"], p["output"], flow_json(p["value"])))
            if at_text == "0":
                continue
        elif kind == "duration":
            lines.append("  - heat: {duration: {type: %s, id: %s, action: %s, takes: %s}}" % (
                p["type"], p["id"], p["action"], duration(p["takes"])))
            if at_text == "0":
                continue
        elif kind == "monitor":
            lines.append("  - monitor: {type: %s, id: %s, statuses: [%s], every: %s}" % (
                p["type"], p["id"], ", ".join(p["statuses"]), p["every"]))
        elif kind in ("create", "update"):
            lines.append("  - %s: {type: %s, id: %s, body_file: %s}" % (
                kind, p["type"], p["id"], p["body_file"]))
            lines.append("    label: %s" % json.dumps(p["label"]))
        elif kind == "delete":
            lines.append("  - delete: {type: %s, id: %s%s}" % (
                p["type"], p["id"], ", set: %s" % flow_json(p["set"]) if p["set"] else ""))
        elif kind == "checkpoint":
            lines.append("  - checkpoint: {name: %s, prefixes: [%s]}" % (
                p["name"], ", ".join(json.dumps(x) for x in p["prefixes"])))
        lines.append("    at: %s" % at_text)
        last_at = at
    lines.append("  - advance: 1m")
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s (%d steps, %d bodies)" % (args.out, len(items), len(os.listdir(bodies_dir))),
          file=sys.stderr)


if __name__ == "__main__":
    main()
