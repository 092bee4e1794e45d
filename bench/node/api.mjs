// The official SDK, unchanged, calls every generated endpoint against the emulator at URL, each
// with the inputs of its conformance cases (tests/data/conformance.json): prints one JSON line per
// call ({method, case, ok, detail}) and a summary line with the counts per client.
// Usage: node api.mjs NODE_MODULES URL CONFORMANCE_JSON
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.join(path.resolve(process.argv[2]), "noop.js"));
const { ManagementClient, AuthenticationClient } = require("authing-node-sdk");
const [url, vectors] = process.argv.slice(3);
const clients = {
  management: new ManagementClient({ accessKeyId: "emulator-access-key-id",
                                     accessKeySecret: "emulator-access-key-secret", host: url }),
  authentication: new AuthenticationClient({ appId: "emulator-app", appHost: url, appSecret: "emulator-app-secret",
                                             accessToken: "alice-access-token" }),
};
const { cases } = JSON.parse(readFileSync(vectors, "utf8"));
// The emulator's MFA routes know their users and apps: ids it was seeded with stand in for the
// random ones (its other routes echo whatever comes).
const seeded = { userId: "user-alice", appId: "emulator-app" };
const known = (v) => Array.isArray(v) ? v.map(known) : v && typeof v === "object"
  ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k in seeded && typeof x === "string" ? seeded[k] : known(x)]))
  : v;
const summary = {};
for (const c of cases) {
  // The official SDK's arguments: positional where its method takes them so, else one object by
  // its argument names, where they are not the wire keys (`ssoEnabled`).
  let ok = false, detail;
  try {
    const method = clients[c.client][c.method].bind(clients[c.client]);
    const answer = await (c.positional ? method(...known(c.positional)) : method(known(c.arguments ?? c.input)));
    ok = answer?.statusCode === 200;
    detail = ok ? "" : JSON.stringify(answer).slice(0, 200);
  } catch (e) {
    const body = e.response?.data;
    detail = (body ? `HTTP ${e.response.status} ${JSON.stringify(body)}` : String(e.message ?? e)).slice(0, 200);
  }
  const s = (summary[c.client] ??= { calls: 0, ok: 0, methods: new Set(), methodsOk: new Set() });
  ++s.calls;
  s.methods.add(c.method);
  if (ok) { ++s.ok; s.methodsOk.add(c.method); }
  console.log(JSON.stringify({ client: c.client, method: c.method, case: c.case, ok, detail }));
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(summary).map(([k, s]) =>
  [k, { calls: s.calls, ok: s.ok, methods: s.methods.size, methods_with_a_success: s.methodsOk.size }]))));
