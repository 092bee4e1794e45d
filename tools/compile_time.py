#!/usr/bin/env python3
"""Compile time of a TU that makes one management call through the SDK (bench/compile/one_call.cpp):
header-only with genauth/genauth.hpp, header-only with the management client's header alone, the
same with the largest generated group's header in place of MFA's, and in the separately compiled mode (GENAUTH_SEPARATE_COMPILATION); of a TU that only builds one request
and parses its answer, with no client (bench/compile/build_and_parse.cpp); all against a TU that
round-trips one described struct through Boost.JSON (bench/compile/baseline.cpp).
g++ -std=c++20 -O2 -c, median of ROUNDS (default 5) runs, interleaved. The time is the compiler's CPU
time (user + system), which a busy or shared machine disturbs less than the wall clock."""

import os
import pathlib
import statistics
import subprocess
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
rounds = int(os.environ.get("ROUNDS", "5"))
runs = {
    "one call, header-only, genauth/genauth.hpp": ("one_call", []),
    "one call, header-only, genauth/management/client.hpp": ("one_call", ["-DONE_CALL_MANAGEMENT_ONLY"]),
    "one call, header-only, the largest group's header": ("one_call", ["-DONE_CALL_LARGEST_GROUP"]),
    "one call, separately compiled": ("one_call", ["-DGENAUTH_SEPARATE_COMPILATION"]),
    "build and parse alone, header-only": ("build_and_parse", []),
    "Boost.JSON + Describe baseline": ("baseline", []),
}
times = {name: [] for name in runs}
with tempfile.TemporaryDirectory() as out:
    for _ in range(rounds):
        for name, (source, extra) in runs.items():
            compiler = subprocess.Popen(["g++", "-std=c++20", "-O2", f"-I{root / 'include'}", *extra, "-c",
                                         str(root / "bench/compile" / f"{source}.cpp"), "-o", f"{out}/{source}.o"])
            _, status, usage = os.wait4(compiler.pid, 0)
            if status != 0:
                raise SystemExit(f"g++ failed on {source}.cpp")
            times[name].append(usage.ru_utime + usage.ru_stime)
base = statistics.median(times["Boost.JSON + Describe baseline"])
print(f"g++ -O2, CPU time, median of {rounds}:")
for name, t in times.items():
    median = statistics.median(t)
    print(f"  {name}: {median:.2f} s ({median / base:.2f}x)")
