#!/usr/bin/env bash
# The benchmark: builds genauth_bench (-O2), with authing-node-sdk@4.0.1 from npm (build/node),
# runs both ROUNDS times (default 5), interleaved, and prints one table of medians; then both SDKs
# against one emulator on loopback (1 and 8 threads, LOOPBACK_SECONDS each, default 5), and the
# async calls on the Beast transport (one thread, 1, 8 and 64 calls in flight); last, the peak
# memory of both transports and the emulator against answers and requests that never end; and
# token verifications per second (RS256, ES256; 1 and 8 threads) against OpenSSL alone and jose.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh bench
rounds=${ROUNDS:-5}
seconds=${LOOPBACK_SECONDS:-5}
build=build/bench
cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-O2 -DGENAUTH_BUILD_BENCH=ON \
  -DGENAUTH_CURL=ON -DGENAUTH_BEAST=ON -DGENAUTH_JWT=ON -DGENAUTH_EMULATOR=ON -DGENAUTH_BUILD_EXAMPLES=OFF -DGENAUTH_INSTALL=OFF >/dev/null
cmake --build $build --target genauth_bench genauth_loopback genauth_loopback_async genauth_hostile_memory \
  genauth_jwt_bench genauth-emulator -j2 >/dev/null
modules=$(tools/node_modules.sh authing-node-sdk@4.0.1 jose@6.2.19)
out=$build/rounds
rm -rf $out && mkdir -p $out
for i in $(seq "$rounds"); do
  $build/bench/genauth_bench --benchmark_min_time=0.3 --benchmark_format=json >$out/round-$i.json
  node bench/node/bench.js "$modules" "$PWD/tests/data/fixtures" >$out/node-$i.json
done

$build/emulator/genauth-emulator --port-file $out/port >$out/emulator.log 2>&1 &
emulator=$!
trap 'kill $emulator 2>/dev/null; wait $emulator 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s $out/port ] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat $out/port)
for threads in 1 8; do
  $build/bench/genauth_loopback "$url" $threads "$seconds" >$out/loopback-ours-$threads.json
  node bench/node/loopback.js "$modules" "$url" $threads "$seconds" >$out/loopback-node-$threads.json
done
for in_flight in 1 8 64; do
  $build/bench/genauth_loopback_async "$url" $in_flight "$seconds" >$out/loopback-async-$in_flight.json
done
$build/bench/genauth_jwt_bench "$seconds" $out/jwt-tokens.json >$out/jwt-ours.json
node bench/node/jwt.mjs "$modules" $out/jwt-tokens.json "$seconds" >$out/jwt-node.json
python3 tools/bench_table.py $out
echo
$build/bench/genauth_hostile_memory
