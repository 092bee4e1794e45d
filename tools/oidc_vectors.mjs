// The official SDK's token-endpoint requests and URLs, captured: authing-node-sdk's HTTP layer
// (axios) is given an adapter that records each request instead of sending it. Writes JSON to
// stdout; tools/oidc_vectors.sh keeps it in tests/data/oidc-requests.json.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(path.resolve(process.argv[2]), "noop.js"));
const { AuthenticationClient } = require("authing-node-sdk");

const app = {
  appId: "6433c0xxxxxxxxx9021b2cec",
  appHost: "https://example.genauth.ai",
  appSecret: "app-secret/with+symbols",
  redirectUri: "https://app.example/callback?from=sdk",
};
const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";  // RFC 7636 appendix B
const cases = [];

function client(method) {
  const c = new AuthenticationClient({ ...app, tokenEndPointAuthMethod: method,
    introspectionEndPointAuthMethod: method, revocationEndPointAuthMethod: method });
  c.httpClient.axios.defaults.adapter = async (config) => {
    const url = c.httpClient.axios.getUri(config);  // as axios writes it, query included
    const headers = {};
    for (const [k, v] of Object.entries(config.headers.toJSON())) headers[k.toLowerCase()] = String(v);
    cases.at(-1).request = { method: config.method.toUpperCase(), url, headers,
                             body: config.data ?? "" };
    return { data: {}, status: 200, statusText: "OK", headers: {}, config };
  };
  return c;
}

for (const method of ["client_secret_post", "client_secret_basic", "none"]) {
  const calls = {
    access_token_by_code: (c) => c.getAccessTokenByCode("code-1 of/8", { codeVerifier: verifier }),
    access_token_by_client_credentials: (c) =>
      c.getAccessTokenByClientCredentials("read:users write:users", { accessKey: app.appId, accessSecret: app.appSecret }),
    new_access_token_by_refresh_token: (c) => c.getNewAccessTokenByRefreshToken("refresh+token/1"),
    revoke_token: (c) => c.revokeToken("access.token.value"),
    introspect_token: (c) => c.introspectToken("access.token.value"),
    sign_in_by_email_password: (c) => c.signInByEmailPassword({ email: "a@example.com", password: "pw \"1\"" }),
    sign_in_by_phone_password: (c) => c.signInByPhonePassword({ phone: "13800138000", password: "pw" }),
    sign_in_by_username_password: (c) =>
      c.signInByUsernamePassword({ username: "alice", password: "pw", options: { scope: "openid offline_access" } }),
    sign_in_by_account_password: (c) => c.signInByAccountPassword({ account: "alice", password: "pw" }),
    sign_in_by_email_pass_code: (c) => c.signInByEmailPassCode({ email: "a@example.com", passCode: "123456" }),
    sign_in_by_phone_pass_code: (c) =>
      c.signInByPhonePassCode({ phone: "13800138000", phoneCountryCode: "+86", passCode: "123456" }),
    sign_in_by_ad: (c) => c.signInByAD({ sAMAccountName: "alice", password: "pw" }),
    sign_in_by_ldap: (c) => c.signInByLDAP({ sAMAccountName: "alice", password: "pw" }),
  };
  for (const [name, call] of Object.entries(calls)) {
    cases.push({ name, auth: method });
    await call(client(method));
  }
}
const signUps = {
  sign_up_by_email_password: (c) => c.signUpByEmailPassword({ email: "a@example.com", password: "pw", profile: { nickname: "A" } }),
  sign_up_by_username_password: (c) => c.signUpByUsernamePassword({ username: "alice", password: "pw" }),
  sign_up_by_email_code: (c) => c.signUpByEmailCode({ email: "a@example.com", passCode: "123456" }),
  sign_up_by_phone_code: (c) => c.signUpByPhoneCode({ phone: "13800138000", passCode: "123456" }),
};
const casCalls = {
  cas_validate: (c) => c.validateTicketV1("ST-1 2", "https://app.example/cas?x=1"),
  cas_service_validate: (c) => c.validateTicketV2("ST-1 2", "https://app.example/cas?x=1"),
};
for (const [name, call] of Object.entries({ ...signUps, ...casCalls })) {
  cases.push({ name, auth: "client_secret_post" });
  await call(client("client_secret_post")).catch(() => {});  // the recorded request is what counts
}
const c = client("client_secret_post");
cases.push({ name: "authorize_url",
  url: c.buildAuthorizeUrl({ state: "state 1", nonce: "nonce/1", scope: "openid profile offline_access" }).url });
cases.push({ name: "authorize_url_forced",
  url: c.buildAuthorizeUrl({ state: "s", nonce: "n", redirectUri: "https://other.example/cb", forced: true,
                             tenantId: "tenant-1" }).url });
cases.push({ name: "logout_url",
  url: c.buildLogoutUrl({ redirectUri: "https://app.example/bye", state: "s 1", idToken: "id.token.x" }) });
cases.push({ name: "logout_url_bare", url: c.buildLogoutUrl({}) });
cases.push({ name: "code_challenge_rfc7636_b",
  url: c.getCodeChallengeDigest({ codeChallenge: verifier, method: "S256" }) });
console.log(JSON.stringify({ sdk: "authing-node-sdk@4.0.1", app, verifier, cases }, null, 1));
