// The official SDK's requests for the conformance cases (tools/conformance_cases.py, on stdin):
// authing-node-sdk is run with its clock, nonce and HTTP adapter replaced, and each request it
// would send is recorded: method, URL, headers, body and, for management, the string it signs.
// Writes JSON to stdout; tools/conformance_vectors.sh keeps it in tests/data/conformance.json.
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.join(path.resolve(process.argv[2]), "noop.js"));
const { ManagementClient, AuthenticationClient } = require("authing-node-sdk");
const signature = require("authing-node-sdk/dist/utils/buildSignature");
const axiosVersion = require("axios/package.json").version;

// A fixed clock: the Date header and everything else read the same instant.
const instant = Date.parse("2025-01-05T08:30:00.000Z");
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) { args.length ? super(...args) : super(instant); }
  static now() { return instant; }
};

let nonce = "";
const defaultHeaders = signature.DEFAULT_HEADERS;
signature.DEFAULT_HEADERS = () => ({ ...defaultHeaders(), "x-authing-signature-nonce": nonce });
let stringToSign = null;
const buildStringToSign = signature.buildStringToSign;
signature.buildStringToSign = (...args) => (stringToSign = buildStringToSign(...args));

const options = {
  management: { accessKeyId: "6380a1d2c4e5f60718293a4b", accessKeySecret: "5f1e2d3c4b5a69788796a5b4c3d2e1f0",
                host: "https://api.authing.cn" },
  authentication: { appId: "6433c0a1b2c3d4e5f6a7b8c9", appHost: "https://example.authing.cn",
                    appSecret: "app-secret", accessToken: "user.access.token" },
};
const given = JSON.parse(JSON.stringify(options));  // the clients fill their defaults into options
let recorded = null;
function client(name) {
  const c = name === "management" ? new ManagementClient(options.management)
                                  : new AuthenticationClient(options.authentication);
  c.httpClient.axios.defaults.adapter = async (config) => {
    const headers = {};
    for (const [k, v] of Object.entries(config.headers.toJSON())) headers[k.toLowerCase()] = String(v);
    recorded = { method: config.method.toUpperCase(), url: c.httpClient.axios.getUri(config), headers,
                 body: config.data ?? "" };
    return { data: { statusCode: 200, message: "", apiCode: 0, data: {} }, status: 200, statusText: "OK",
             headers: {}, config };
  };
  return c;
}
const clients = { management: client("management"), authentication: client("authentication") };

const cases = JSON.parse(readFileSync(0, "utf8"));
for (const c of cases) {
  nonce = createHash("md5").update(`${c.client}.${c.method}.${c.case}`).digest("hex");
  recorded = null;
  stringToSign = null;
  try {
    const method = clients[c.client][c.method].bind(clients[c.client]);
    await (c.positional ? method(...c.positional) : method(c.arguments));
  } catch (e) {
    c.error = String(e.message);  // the recorded request, if any, is what counts
  }
  c.request = recorded;
  if (c.client === "management") c.request.stringToSign = stringToSign;
  if (JSON.stringify(c.arguments) === JSON.stringify(c.input)) delete c.arguments;  // kept where names differ
}
const { version } = require("authing-node-sdk/package.json");
process.stdout.write(JSON.stringify({
  about: "Requests the official SDK builds for tools/conformance_cases.py's inputs, recorded by " +
         "tools/conformance_vectors.mjs: regenerate with tools/conformance_vectors.sh.",
  generatedWith: { node: process.version, "authing-node-sdk": version, axios: axiosVersion },
  options: given, date: new RealDate(instant).toUTCString(),
  cases,
}, null, 0).replace(/,"cases":\[/, ',"cases":[\n').replace(/\},\{"client"/g, '},\n{"client"') + "\n");
