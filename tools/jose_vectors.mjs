// Tokens signed by jose (npm) with RS256, PS256, ES256 and HS256 over random claims, hostile edits
// of them, and jose's verdict on each under the options the case names: the SDK's verdict must
// be the same (tests/jwt/openssl_test.cpp), or differ where the test names why.
// Usage: node tools/jose_vectors.mjs <node_modules folder with jose> > tests/data/jwt/jose.json
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const modules = path.resolve(process.argv[2]);
const require = createRequire(path.join(modules, "noop.js"));
const josePath = require.resolve("jose");
const jose = await import(pathToFileURL(josePath).href);
const version = require("jose/package.json").version;

// A fixed time and a seeded generator: claims are the same from run to run; keys and signatures
// are not (WebCrypto's keys cannot be seeded).
const now = 1767225600;  // 2026-01-01T00:00:00Z
let seed = 20261206;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];
const text = (n) => Array.from({ length: n }, () => pick("abcdefghijklmnopqrstuvwxyz0123456789-_ é\"\\/")).join("");

const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
const b64json = (value) => b64(Buffer.from(typeof value === "string" ? value : JSON.stringify(value)));

const rsa = await jose.generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
const rsaPss = await jose.generateKeyPair("PS256", { modulusLength: 2048, extractable: true });
const ec = await jose.generateKeyPair("ES256", { extractable: true });
const secret = new Uint8Array(32).map(() => Math.floor(random() * 256));
const publicJwk = async (key, kid, alg) => ({ ...(await jose.exportJWK(key)), kid, ...(alg ? { alg } : {}) });
const jwks = {
  keys: [
    await publicJwk(rsa.publicKey, "rsa-1"),
    await publicJwk(rsaPss.publicKey, "rsa-2", "PS256"),
    await publicJwk(ec.publicKey, "ec-1"),
  ],
};
const signing = {
  RS256: { key: rsa.privateKey, kid: "rsa-1" },
  PS256: { key: rsaPss.privateKey, kid: "rsa-2" },
  ES256: { key: ec.privateKey, kid: "ec-1" },
  HS256: { key: secret, kid: undefined },
};

async function sign(alg, claims, header = {}) {
  const { key, kid } = signing[alg];
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}), ...header })
    .sign(key);
}

// Signs raw header and payload text as they are (duplicate keys, odd JSON): what jose will not
// produce itself.
async function signRaw(alg, headerText, payloadText) {
  const input = `${b64json(headerText)}.${b64json(payloadText)}`;
  const { key } = signing[alg];
  const data = new TextEncoder().encode(input);
  let signature;
  if (alg === "HS256") {
    const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    signature = await crypto.subtle.sign("HMAC", k, data);
  } else if (alg === "ES256") {
    signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, data);
  } else if (alg === "PS256") {
    signature = await crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, key, data);
  } else {
    signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, data);
  }
  return `${input}.${b64(new Uint8Array(signature))}`;
}

async function hmac(input, keyBytes) {
  const k = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return b64(new Uint8Array(await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(input))));
}

const cases = [];
async function verdict(token, options, useSecret) {
  try {
    const key = useSecret ? secret : jose.createLocalJWKSet(jwks);
    await jose.jwtVerify(token, key, { ...options, currentDate: new Date(options.currentDate * 1000) });
    return "ok";
  } catch (e) {
    return e.code || e.name;
  }
}
async function add(name, token, options = {}, useSecret = false) {
  const opts = { currentDate: now, ...options };
  cases.push({ name, token, secret: useSecret, options: opts, jose: await verdict(token, opts, useSecret) });
}

function randomClaims() {
  const claims = { sub: text(8), iat: now - 60, exp: now + 600 };
  if (random() < 0.8) claims.iss = pick(["https://a.example", "https://b.example"]);
  if (random() < 0.8) claims.aud = random() < 0.5 ? pick(["api", "web"]) : ["api", pick(["web", "mobile"])];
  if (random() < 0.3) claims.nbf = now - Math.floor(random() * 100);
  if (random() < 0.5) claims.scope = text(12);
  if (random() < 0.3) claims.nested = { list: [1, 2.5, true, null, text(5)], deep: { x: text(3) } };
  return claims;
}

for (const alg of ["RS256", "PS256", "ES256", "HS256"]) {
  const hs = alg === "HS256";
  for (let i = 0; i < 12; ++i) {
    const claims = randomClaims();
    const token = await sign(alg, claims);
    const options = {};
    if (claims.iss && random() < 0.7) options.issuer = random() < 0.8 ? claims.iss : "https://other.example";
    if (claims.aud && random() < 0.7) options.audience = random() < 0.8 ? "api" : ["web", "mobile"];
    await add(`${alg} random ${i}`, token, options, hs);
  }
  const base = { sub: "user-1", iss: "https://a.example", aud: "api", iat: now - 10, exp: now + 100 };
  const good = await sign(alg, base);
  const [h, p, s] = good.split(".");
  await add(`${alg} good`, good, { issuer: "https://a.example", audience: "api" }, hs);
  // Times at their edges.
  for (const [label, claims, options] of [
    ["exp equal to now", { ...base, exp: now }, {}],
    ["exp one second ahead", { ...base, exp: now + 1 }, {}],
    ["exp one second ago, leeway 1", { ...base, exp: now - 1 }, { clockTolerance: 1 }],
    ["exp one second ago, leeway 2", { ...base, exp: now - 1 }, { clockTolerance: 2 }],
    ["exp fractional", { ...base, exp: now + 0.5 }, {}],
    ["exp as a string", { ...base, exp: String(now + 100) }, {}],
    ["nbf one second ahead", { ...base, nbf: now + 1 }, {}],
    ["nbf one second ahead, leeway 1", { ...base, nbf: now + 1 }, { clockTolerance: 1 }],
    ["nbf equal to now", { ...base, nbf: now }, {}],
    ["iat as a string", { ...base, iat: "yesterday" }, {}],
    ["no exp", { sub: "user-1" }, {}],
    ["max age exceeded", { ...base, iat: now - 1000 }, { maxTokenAge: 600 }],
    ["max age kept", { ...base, iat: now - 100 }, { maxTokenAge: 600 }],
    ["iat in the future, max age", { ...base, iat: now + 100 }, { maxTokenAge: 600 }],
  ])
    await add(`${alg} ${label}`, await sign(alg, claims), options, hs);
  // Issuer and audience.
  for (const [label, claims, options] of [
    ["aud array naming it", { ...base, aud: ["web", "api"] }, { audience: "api" }],
    ["aud array not naming it", { ...base, aud: ["web", "mobile"] }, { audience: "api" }],
    ["aud missing", { sub: "u", exp: now + 100 }, { audience: "api" }],
    ["aud of another type", { ...base, aud: 42 }, { audience: "api" }],
    ["aud array with a number", { ...base, aud: [42, "api"] }, { audience: "api" }],
    ["one of two audiences", { ...base, aud: "web" }, { audience: ["api", "web"] }],
    ["wrong issuer", base, { issuer: "https://b.example" }],
    ["issuer missing", { sub: "u", exp: now + 100 }, { issuer: "https://a.example" }],
    ["one of two issuers", base, { issuer: ["https://b.example", "https://a.example"] }],
    ["required claim present", base, { requiredClaims: ["sub", "iat"] }],
    ["required claim missing", base, { requiredClaims: ["jti"] }],
    ["typ expected", base, { typ: "JWT" }],
  ])
    await add(`${alg} ${label}`, await sign(alg, claims), options, hs);
  await add(`${alg} typ matching`, await sign(alg, base, { typ: "at+jwt" }), { typ: "application/at+jwt" }, hs);
  // Hostile edits of a good token.
  await add(`${alg} signature of another token`, `${h}.${p}.${(await sign(alg, { ...base, sub: "x" })).split(".")[2]}`, {}, hs);
  await add(`${alg} claims changed after signing`, `${h}.${b64json({ ...base, sub: "admin" })}.${s}`, {}, hs);
  await add(`${alg} a signature bit flipped`, `${h}.${p}.${s.slice(0, -2)}${s.at(-2) === "A" ? "B" : "A"}${s.at(-1)}`, {}, hs);
  await add(`${alg} padding on the header`, `${h}=.${p}.${s}`, {}, hs);
  await add(`${alg} padding on the signature`, `${h}.${p}.${s}==`, {}, hs);
  await add(`${alg} standard base64 characters`, `${h}.${p}.${s.replace(/-/g, "+").replace(/_/g, "/")}`, {}, hs);
  await add(`${alg} a space inside`, `${h}.${p.slice(0, 4)} ${p.slice(4)}.${s}`, {}, hs);
  await add(`${alg} a trailing newline`, `${good}\n`, {}, hs);
  await add(`${alg} a trailing dot`, `${good}.`, {}, hs);
  await add(`${alg} two parts`, `${h}.${p}`, {}, hs);
  await add(`${alg} four parts`, `${h}.${p}.${s}.${s}`, {}, hs);
  await add(`${alg} empty signature`, `${h}.${p}.`, {}, hs);
  await add(`${alg} alg none`, `${b64json({ alg: "none" })}.${p}.`, {}, hs);
  await add(`${alg} alg none with the signature`, `${b64json({ alg: "none" })}.${p}.${s}`, {}, hs);
  await add(`${alg} alg lower case`, await signRaw(alg, JSON.stringify({ alg: alg.toLowerCase(), kid: signing[alg].kid }), JSON.stringify(base)), {}, hs);
  await add(`${alg} unknown kid`, await sign(alg, base, { kid: "nobody" }), {}, hs);
  await add(`${alg} kid of another key type`, await sign(alg, base, { kid: alg === "ES256" ? "rsa-1" : "ec-1" }), {}, hs);
  await add(`${alg} kid as a number`, await signRaw(alg, JSON.stringify({ alg, kid: 7 }), JSON.stringify(base)), {}, hs);
  await add(`${alg} injected kid`, await sign(alg, base, { kid: "../../../dev/null" }), {}, hs);
  await add(`${alg} no kid`, await signRaw(alg, JSON.stringify({ alg }), JSON.stringify(base)), {}, hs);
  await add(`${alg} duplicate claim`, await signRaw(alg, JSON.stringify({ alg, kid: signing[alg].kid }),
    `{"sub":"user-1","exp":${now + 100},"sub":"admin"}`), {}, hs);
  await add(`${alg} duplicate header member`, await signRaw(alg, `{"alg":"${alg}","alg":"${alg}"${signing[alg].kid ? `,"kid":"${signing[alg].kid}"` : ""}}`,
    JSON.stringify(base)), {}, hs);
  await add(`${alg} claims an array`, await signRaw(alg, JSON.stringify({ alg, kid: signing[alg].kid }), "[1,2]"), {}, hs);
  await add(`${alg} claims not JSON`, await signRaw(alg, JSON.stringify({ alg, kid: signing[alg].kid }), "{\"sub\":"), {}, hs);
  await add(`${alg} crit names an extension`, await signRaw(alg, JSON.stringify({ alg, kid: signing[alg].kid, crit: ["exp"], exp: now }),
    JSON.stringify(base)), {}, hs);
  if (hs) await add(`${alg} a 70 kB claim`, await sign(alg, { ...base, blob: "x".repeat(70000) }), {}, hs);
}
// Algorithm confusion: an HS256 token keyed with the RSA public key, as text and as its JWK's n.
const confused = { sub: "admin", exp: now + 100 };
const header = b64json({ alg: "HS256", kid: "rsa-1" });
const payload = b64json(confused);
const pem = new TextEncoder().encode(await jose.exportSPKI(rsa.publicKey));
await add("RS256 key used as an HS256 secret (PEM)", `${header}.${payload}.${await hmac(`${header}.${payload}`, pem)}`);
await add("RS256 key used as an HS256 secret (n)", `${header}.${payload}.${await hmac(`${header}.${payload}`,
  Buffer.from(jwks.keys[0].n, "base64url"))}`);
await add("an RS256 token against the HS256 secret", await sign("RS256", confused), {}, true);
// Several keys fit a token without a kid: PS256 with rsa-1 (any algorithm) and rsa-2 (PS256).
await add("PS256 without a kid, two keys fit", await signRaw("PS256", JSON.stringify({ alg: "PS256" }), JSON.stringify(confused)));

// One case a line: a regenerated file's diff reads case by case.
const lines = cases.map((c) => JSON.stringify(c));
process.stdout.write(`{"jose": ${JSON.stringify(version)}, "now": ${now}, "secret": "${b64(secret)}",\n "jwks": ${JSON.stringify(jwks)},\n "cases": [\n${lines.join(",\n")}\n]}\n`);
