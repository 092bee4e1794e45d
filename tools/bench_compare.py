#!/usr/bin/env python3
"""Prints the table of tools/bench_compare.sh from a folder of before-N.json and after-N.json
(genauth_bench's JSON output): per call, the fastest round of each side in µs of CPU time and the
change. The fastest round is taken because a shared machine only ever adds time: on a busy VM the
median of the same binary moves by more than the changes worth finding, its fastest round by far
less. The median of each side follows for reference."""

import json
import pathlib
import statistics
import sys

folder = pathlib.Path(sys.argv[1])
label = sys.argv[2] if len(sys.argv) > 2 else "before"


def load(side):
    times = {}
    for f in sorted(folder.glob(f"{side}-*.json")):
        for b in json.loads(f.read_text())["benchmarks"]:
            scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
            times.setdefault(b["name"].removeprefix("call/"), []).append(b["cpu_time"] * scale)
    return times


before, after = load("before"), load("after")
rounds = min(len(t) for t in [*before.values(), *after.values()])
print(f"CPU time per whole call (µs): fastest of {rounds} alternating rounds; median in brackets")
print(f"| call | {label} | now | change |")
print("| --- | ---: | ---: | ---: |")
worst = None
for name, was in before.items():
    if name not in after:
        print(f"| {name} | {min(was):.2f} | - | - |")
        continue
    now = after[name]
    change = min(now) / min(was) - 1
    worst = change if worst is None else max(worst, change)
    print(f"| {name} | {min(was):.2f} ({statistics.median(was):.2f}) | {min(now):.2f} ({statistics.median(now):.2f}) "
          f"| {change:+.1%} |")
for name in after.keys() - before.keys():
    print(f"| {name} | - | {min(after[name]):.2f} | new |")
if worst is not None:
    print(f"\nlargest slowdown: {worst:+.1%}")
