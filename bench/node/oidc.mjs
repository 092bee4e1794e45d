// The official SDK's token methods, unchanged, against the emulator at URL: for each client
// authentication method, every method the OpenID Connect flows use, in the order an application
// calls them; the tokens of a code exchanged with PKCE stand in when the plain exchange fails. Prints one JSON line per call ({method, auth, ok, detail}) and a summary line.
// Usage: node oidc.mjs NODE_MODULES URL
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(path.resolve(process.argv[2]), "noop.js"));
const { AuthenticationClient } = require("authing-node-sdk");
const url = process.argv[3];
const results = [];

async function attempt(method, auth, call) {
  try {
    const value = await call();
    results.push({ method, auth, ok: true, detail: summary(value) });
    return value;
  } catch (e) {
    const body = e.response?.data;
    const why = body ? `HTTP ${e.response.status} ${JSON.stringify(body)}` : String(e.message ?? e);
    results.push({ method, auth, ok: false, detail: why.slice(0, 200) });
    return undefined;
  }
}

function summary(v) {
  if (v === undefined || v === null || typeof v !== "object") return String(v);
  return Object.keys(v).sort().join(",");
}

// What a browser does at the authorization URL: the emulator answers 302 with the code.
async function codeFrom(authorizeUrl) {
  const answer = await fetch(authorizeUrl + "&login_hint=alice", { redirect: "manual" });
  const location = answer.headers.get("location") ?? "";
  const code = new URL(location).searchParams.get("code");
  if (!code) throw new Error("no code: " + location);
  return code;
}

for (const auth of ["client_secret_post", "client_secret_basic", "none"]) {
  const client = new AuthenticationClient({
    appId: "emulator-app", appHost: url, appSecret: "emulator-app-secret",
    redirectUri: "http://localhost/callback", scope: "openid profile email offline_access",
    tokenEndPointAuthMethod: auth, introspectionEndPointAuthMethod: auth, revocationEndPointAuthMethod: auth,
  });
  const built = await attempt("buildAuthorizeUrl", auth, async () => client.buildAuthorizeUrl());
  // The SDK drops codeChallenge from the URL it builds, so its codes carry no challenge.
  const verifier = client.generateCodeChallenge();
  await attempt("getCodeChallengeDigest", auth, async () => client.getCodeChallengeDigest({ codeChallenge: verifier, method: "S256" }));
  const code = built && await codeFrom(built.url);
  const tokens = await attempt("getAccessTokenByCode", auth, () => client.getAccessTokenByCode(code));
  const withVerifier = built && await codeFrom(client.buildAuthorizeUrl().url);
  await attempt("getAccessTokenByCode(codeVerifier)", auth,
    () => client.getAccessTokenByCode(withVerifier, { codeVerifier: verifier }));
  // The workaround: the challenge appended to the SDK's URL by hand.
  const challenge = client.getCodeChallengeDigest({ codeChallenge: verifier, method: "S256" });
  const pkceCode = built && await codeFrom(client.buildAuthorizeUrl().url +
    `&code_challenge=${challenge}&code_challenge_method=S256`);
  const pkce = await attempt("getAccessTokenByCode(codeVerifier, challenge added to the URL)", auth,
    () => client.getAccessTokenByCode(pkceCode, { codeVerifier: verifier }));
  const set = tokens ?? pkce;
  const access = set?.access_token ?? "none";
  await attempt("parseIDToken", auth, () => client.parseIDToken(set?.id_token ?? "x.y.z"));
  await attempt("parseAccessToken", auth, () => client.parseAccessToken(access));
  await attempt("getUserInfoByAccessToken", auth, () => client.getUserInfoByAccessToken(access));
  await attempt("getUserInfoByAccessToken(POST header)", auth,
    () => client.getUserInfoByAccessToken(access, { method: "POST", tokenPlace: "header" }));
  await attempt("introspectToken", auth, () => client.introspectToken(access));
  await attempt("getNewAccessTokenByRefreshToken", auth,
    () => client.getNewAccessTokenByRefreshToken(set?.refresh_token ?? "none"));
  await attempt("revokeToken", auth, () => client.revokeToken(access));
  await attempt("getAccessTokenByClientCredentials", auth,
    () => client.getAccessTokenByClientCredentials("read:users", { accessKey: "emulator-app", accessSecret: "emulator-app-secret" }));
  await attempt("signInByUsernamePassword", auth,
    () => client.signInByUsernamePassword({ username: "alice", password: "alice-password" }));
  await attempt("signInByEmailPassword", auth,
    () => client.signInByEmailPassword({ email: "alice@example.com", password: "alice-password" }));
  await attempt("signInByAccountPassword", auth,
    () => client.signInByAccountPassword({ account: "13800138000", password: "alice-password" }));
  await attempt("signUpByUsernamePassword", auth,
    () => client.signUpByUsernamePassword({ username: `dave-${auth}`, password: "dave-password" }));
  // A CAS service: the emulator's CAS sign-in redirects to it with a ticket.
  const service = "https://app.example/cas";
  const ticket = async () => {
    const answer = await fetch(`${url}/cas-idp/emulator-app?service=${encodeURIComponent(service)}&login_hint=alice`,
      { redirect: "manual" });
    return new URL(answer.headers.get("location")).searchParams.get("ticket");
  };
  const valid = (v) => { if (v?.valid === false) throw new Error("not valid: " + JSON.stringify(v)); return v; };
  await attempt("validateTicketV1", auth, async () => valid(await client.validateTicketV1(await ticket(), service)));
  await attempt("validateTicketV2", auth, async () => {
    const v = await client.validateTicketV2(await ticket(), service);
    if (!v?.serviceResponse?.authenticationSuccess) throw new Error("not valid: " + JSON.stringify(v));
    return v;
  });
}
for (const r of results) console.log(JSON.stringify(r));
const ok = results.filter((r) => r.ok).length;
console.log(JSON.stringify({ calls: results.length, succeeded: ok, failed: results.length - ok }));
