// The official SDK (authing-node-sdk) on the calls of ../calls.json: its HTTP layer (axios) is
// given an in-memory adapter answering with the same bodies as the C++ benchmark. Prints, as JSON,
// the CPU time per call in microseconds. Usage: node bench.js <node_modules folder> <fixtures folder>
const fs = require("fs");
const path = require("path");

const [modules, fixtures] = process.argv.slice(2);
const sdk = require(path.join(modules, "authing-node-sdk"));
const calls = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "calls.json"), "utf8")).calls;

function answering(client, body) {
  client.httpClient.axios.defaults.adapter = async (config) => ({
    data: body, status: 200, statusText: "OK", headers: { "content-type": "application/json" }, config, request: {},
  });
  return client;
}

async function time(call) {
  const body = call.responseBody || fs.readFileSync(path.join(fixtures, call.response), "utf8");
  const client = answering(call.api === "management"
    ? new sdk.ManagementClient({ accessKeyId: "6380a1d2c4e5f60718293a4b", accessKeySecret: "5f1e2d3c4b5a69788796a5b4c3d2e1f0" })
    : new sdk.AuthenticationClient({ appId: "6433c0xxxxxxxxx9021b2cec", appSecret: "app-secret",
        appHost: "https://example.genauth.ai", accessToken: "user-access-token" }), body);
  const invoke = () => (call.params === null ? client[call.node]() : client[call.node](call.params));
  for (let i = 0; i < 2000; ++i) await invoke();  // warm up the JIT
  let n = 0;
  const start = process.cpuUsage();
  const deadline = process.hrtime.bigint() + 300_000_000n;
  while (process.hrtime.bigint() < deadline || n < 1000) {
    await invoke();
    ++n;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

(async () => {
  const out = {};
  for (const call of calls) out[call.name] = await time(call);
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
