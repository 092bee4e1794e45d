#!/usr/bin/env python3
"""Compile time of a TU that makes one call through the SDK (bench/compile/one_call.cpp), header-only
and in the separately compiled mode (GENAUTH_SEPARATE_COMPILATION), against a TU that round-trips
one described struct through Boost.JSON (bench/compile/baseline.cpp): g++ -std=c++20 -O2 -c, wall
clock, median of ROUNDS (default 5) runs, interleaved."""

import os
import pathlib
import statistics
import subprocess
import tempfile
import time

root = pathlib.Path(__file__).resolve().parent.parent
rounds = int(os.environ.get("ROUNDS", "5"))
runs = {"one_call": ("one_call", []), "one_call_separate": ("one_call", ["-DGENAUTH_SEPARATE_COMPILATION"]),
        "baseline": ("baseline", [])}
times = {name: [] for name in runs}
with tempfile.TemporaryDirectory() as out:
    for _ in range(rounds):
        for name, (source, extra) in runs.items():
            start = time.monotonic()
            subprocess.run(["g++", "-std=c++20", "-O2", f"-I{root / 'include'}", *extra, "-c",
                            str(root / "bench/compile" / f"{source}.cpp"), "-o", f"{out}/{name}.o"], check=True)
            times[name].append(time.monotonic() - start)
median = {name: statistics.median(t) for name, t in times.items()}
base = median["baseline"]
print(f"one call, header-only: {median['one_call']:.2f} s ({median['one_call'] / base:.1f}x); "
      f"separately compiled: {median['one_call_separate']:.2f} s ({median['one_call_separate'] / base:.1f}x); "
      f"Boost.JSON + Describe baseline: {base:.2f} s (g++ -O2, median of {rounds})")
