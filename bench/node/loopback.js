// authing-node-sdk against an emulator: getUserMfaInfo from CONCURRENCY calls in flight (Node runs
// one thread), for SECONDS seconds. Prints one JSON line like genauth_loopback.
// Usage: node loopback.js <node_modules folder> <emulator URL> <concurrency> <seconds>
const path = require("path");

const [modules, host, concurrency, seconds] = process.argv.slice(2);
const { ManagementClient } = require(path.join(modules, "authing-node-sdk"));
const client = new ManagementClient({ accessKeyId: "emulator-access-key-id",
                                      accessKeySecret: "emulator-access-key-secret", host });

(async () => {
  const latencies = [];
  let failures = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(Number(seconds) * 1e9));
  const worker = async () => {
    while (process.hrtime.bigint() < deadline) {
      const before = process.hrtime.bigint();
      const r = await client.getUserMfaInfo({ userId: "user-alice" }).catch(() => null);
      if (!r || r.statusCode !== 200) ++failures;
      latencies.push(Number(process.hrtime.bigint() - before) / 1e3);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.floor(q * (latencies.length - 1))] || 0;
  console.log(JSON.stringify({ threads: Number(concurrency), calls: latencies.length, failures,
    calls_per_second: latencies.length / elapsed, p50_us: at(0.5), p99_us: at(0.99) }));
})();
