#!/usr/bin/env python3
"""Prints the benchmark tables from a folder: round-N.json (Google Benchmark's JSON output of
genauth_bench) and node-N.json (bench/node/bench.js), as medians over the rounds of CPU time per
call; then loopback-{ours,node}-THREADS.json (genauth_loopback, bench/node/loopback.js) and
loopback-async-IN_FLIGHT.json (genauth_loopback_async); and jwt-ours.json (genauth_jwt_bench) with
jwt-node.json (bench/node/jwt.mjs)."""

import json
import pathlib
import statistics
import sys

folder = pathlib.Path(sys.argv[1])
ours = {}  # kind/name -> [cpu us]
allocs = {}  # kind/name -> allocations per call
for f in sorted(folder.glob("round-*.json")):
    for b in json.loads(f.read_text())["benchmarks"]:
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
        ours.setdefault(b["name"], []).append(b["cpu_time"] * scale)
        allocs[b["name"]] = b.get("allocs", 0)
node = {}
for f in sorted(folder.glob("node-*.json")):
    for name, us in json.loads(f.read_text()).items():
        node.setdefault(name, []).append(us)

names = [k.split("/", 1)[1] for k in ours if k.startswith("call/")]
rounds = len(list(folder.glob("round-*.json")))
print(f"CPU time per call, median of {rounds} rounds (µs); allocations per call: call / build / parse")
print("| call | ours | floor | ratio | Node | Node/ours | allocations |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
for n in names:
    call = statistics.median(ours[f"call/{n}"])
    floor = statistics.median(ours[f"floor/{n}"])
    node_us = statistics.median(node[n]) if n in node else None
    print(f"| {n} | {call:.2f} | {floor:.2f} | {call / floor:.1f}x | "
          + (f"{node_us:.1f} | {node_us / call:.1f}x" if node_us else "- | -")
          + f" | {allocs[f'call/{n}']:.0f} / {allocs[f'build/{n}']:.0f} / {allocs[f'parse/{n}']:.0f} |")

loopback = sorted(folder.glob("loopback-*.json"))
if loopback:
    print("\nget_user_mfa_info over HTTP to one emulator on 127.0.0.1 (keep-alive)")
    print("| client | threads | calls in flight | calls/s | p50 µs | p99 µs | failures |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    who = {"ours": "genauth-cpp (curl)", "node": "authing-node-sdk 4.0.1", "async": "genauth-cpp (Beast, async)"}
    rows = [(f.name.split("-")[1], json.loads(f.read_text())) for f in loopback]
    rows.sort(key=lambda row: (list(who).index(row[0]), row[1]["threads"], row[1].get("in_flight", 0)))
    for kind, r in rows:
        in_flight = r.get("in_flight", r["threads"])
        print(f"| {who[kind]} | {r['threads']} | {in_flight} | {r['calls_per_second']:.0f} | {r['p50_us']:.0f} "
              f"| {r['p99_us']:.0f} | {r['failures']} |")

jwt = folder / "jwt-ours.json"
if jwt.exists():
    jose = {(r["alg"], r["threads"]): r["jose"] for r in map(json.loads, (folder / "jwt-node.json").read_text().split())}
    print("\nToken verifications per second with a cached key (the floor: OpenSSL's EVP verification alone)")
    print("| token | threads | ours | floor | floor/ours | jose | ours/jose |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in map(json.loads, jwt.read_text().split()):
        j = jose[(r["alg"], r["threads"])]
        print(f"| {r['alg']} | {r['threads']} | {r['ours']:.0f} | {r['floor']:.0f} | {r['floor'] / r['ours']:.2f}x "
              f"| {j:.0f} | {r['ours'] / j:.1f}x |")
