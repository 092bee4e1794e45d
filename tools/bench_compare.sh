#!/usr/bin/env bash
# Compares the cost of every whole call between a git revision (before) and the working tree
# (after): builds genauth_bench (-O2) for both, runs ROUNDS (default 9) rounds of each, alternating,
# and prints per call the fastest round of each side and the change (tools/bench_compare.py).
# Usage: tools/bench_compare.sh REVISION
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: tools/bench_compare.sh REVISION}
tools/setup.sh
rounds=${ROUNDS:-9}
out=build/compare
tree=$out/before-tree
rm -rf $out/rounds && mkdir -p $out/rounds
git worktree remove --force $tree 2>/dev/null || rm -rf $tree
git worktree add --detach $tree "$rev" >/dev/null
trap 'git worktree remove --force $tree' EXIT
for side in before after; do
  src=.
  [ $side = before ] && src=$tree
  cmake -S $src -B $out/$side -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-O2 -DGENAUTH_BUILD_BENCH=ON \
    -DGENAUTH_BUILD_EXAMPLES=OFF -DGENAUTH_INSTALL=OFF >/dev/null
  cmake --build $out/$side --target genauth_bench -j2 >/dev/null
done
for i in $(seq "$rounds"); do
  for side in before after; do
    $out/$side/bench/genauth_bench --benchmark_filter=^call/ --benchmark_min_time=0.3 --benchmark_format=json \
      >$out/rounds/$side-$i.json
  done
done
python3 tools/bench_compare.py $out/rounds "$rev"
