#!/usr/bin/env bash
# The benchmark: builds genauth_bench (-O2), installs authing-node-sdk@4.0.1 into a scratch folder,
# runs both ROUNDS times (default 5), interleaved, and prints one table of medians.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh bench
rounds=${ROUNDS:-5}
build=build/bench
cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-O2 -DGENAUTH_BUILD_BENCH=ON \
  -DGENAUTH_BUILD_EXAMPLES=OFF -DGENAUTH_INSTALL=OFF >/dev/null
cmake --build $build --target genauth_bench -j2 >/dev/null
if [ ! -d $build/node/node_modules/authing-node-sdk ]; then
  mkdir -p $build/node
  (cd $build/node && npm init -y >/dev/null && npm install --silent --no-audit --no-fund authing-node-sdk@4.0.1)
fi
rm -rf $build/rounds && mkdir -p $build/rounds
for i in $(seq "$rounds"); do
  $build/bench/genauth_bench --benchmark_min_time=0.3 --benchmark_format=json >$build/rounds/round-$i.json
  node bench/node/bench.js "$PWD/$build/node/node_modules" "$PWD/tests/data/fixtures" >$build/rounds/node-$i.json
done
python3 tools/bench_table.py $build/rounds
