#!/usr/bin/env python3
"""Compile time of a TU that includes the SDK and makes one call (bench/compile/one_call.cpp)
against a TU that round-trips one described struct through Boost.JSON (bench/compile/baseline.cpp):
g++ -std=c++20 -O2 -c, wall clock, median of ROUNDS (default 5) runs, interleaved."""

import os
import pathlib
import statistics
import subprocess
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
rounds = int(os.environ.get("ROUNDS", "5"))
times = {"one_call": [], "baseline": []}
with tempfile.TemporaryDirectory() as out:
    for _ in range(rounds):
        for name in times:
            start = time.monotonic()
            subprocess.run(["g++", "-std=c++20", "-O2", f"-I{root / 'include'}", "-c",
                            str(root / "bench/compile" / f"{name}.cpp"), "-o", f"{out}/{name}.o"], check=True)
            times[name].append(time.monotonic() - start)
ours, base = statistics.median(times["one_call"]), statistics.median(times["baseline"])
print(f"one call through the SDK: {ours:.2f} s; Boost.JSON + Describe baseline: {base:.2f} s; "
      f"ratio {ours / base:.1f}x (g++ -O2, median of {rounds})")
