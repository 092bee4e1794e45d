// jose (npm) verifying the tokens genauth_jwt_bench wrote, with the same key set held locally and
// the same issuer and audience checks, on 1 and 8 worker threads for SECONDS each. Prints one
// JSON line per algorithm and thread count, as genauth_jwt_bench does.
// Usage: node jwt.mjs <node_modules folder> <file from genauth_jwt_bench> <seconds>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

if (isMainThread) {
  const [modules, file, seconds] = process.argv.slice(2);
  for (const alg of ["RS256", "ES256"]) {
    for (const threads of [1, 8]) {
      const counts = await Promise.all(Array.from({ length: threads }, () => new Promise((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { modules, file, seconds: Number(seconds), alg } });
        w.on("message", resolve);
        w.on("error", reject);
      })));
      const total = counts.reduce((a, c) => a + c.count, 0);
      const elapsed = Math.max(...counts.map((c) => c.elapsed));
      console.log(JSON.stringify({ alg, threads, jose: Math.round(total / elapsed) }));
    }
  }
} else {
  const { modules, file, seconds, alg } = workerData;
  const jose = await import(pathToFileURL(join(modules, "jose", "dist", "webapi", "index.js")).href);
  const data = JSON.parse(readFileSync(file, "utf8"));
  const keys = jose.createLocalJWKSet(data.jwks);
  const options = { issuer: data.issuer, audience: data.audience, algorithms: [alg] };
  for (let i = 0; i < 200; ++i) await jose.jwtVerify(data[alg], keys, options);  // warm up the JIT and key import
  let count = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < until) {
    for (let i = 0; i < 16; ++i) await jose.jwtVerify(data[alg], keys, options);
    count += 16;
  }
  parentPort.postMessage({ count, elapsed: Number(process.hrtime.bigint() - start) / 1e9 });
}
