#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/ from the test data (fixtures and signing vectors).

The corpora are committed; run this again when the test data changes. Each target's folder gets
one file per seed, named after its source; files named `regression-*` (inputs that once found a
bug) are kept.
"""
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OUT = ROOT / "tests" / "fuzz" / "corpus"


def write(target, name, data):
    folder = OUT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def main():
    for old in OUT.glob("*/*"):
        if not old.name.startswith("regression-"):
            old.unlink()
    fixtures = sorted((DATA / "fixtures").glob("*"))
    for path in fixtures:
        if path.name == "INDEX.json":
            continue
        body = path.read_bytes()
        # fuzz_parse: the first byte picks the status (0 → 200, 9 → 500, 10 → 502) and content type.
        status_byte = 10 if path.suffix == ".html" else (9 if ".500." in path.name else 0x10)
        write("parse", path.stem, bytes([status_byte]) + body)
        write("codec", path.stem, body)
        try:
            data = json.loads(body).get("data")
        except (ValueError, AttributeError):
            data = None
        if data is not None:
            write("codec", path.stem + ".data", json.dumps(data, ensure_ascii=False))
        if "otp" in path.name:
            uri = json.loads(body).get("data", {}).get("otpData", {}).get("qrCodeUri")
            if uri:
                write("otpauth", path.stem, uri)

    vectors = json.loads((DATA / "signing-vectors.json").read_text(encoding="utf-8"))
    for v in vectors["vectors"]:
        inputs = v["inputs"]
        params = inputs.get("body") if inputs["method"] == "POST" else inputs.get("params")
        options = inputs.get("clientOptions") or {}
        tenant = (options.get("tenantId") or "")[:7].encode()
        lang = (options.get("lang") or "")[:7].encode()
        lengths = len(tenant) | (len(lang) << 3) | (0x80 if inputs["method"] == "POST" else 0)
        text = json.dumps(params if params is not None else {}, ensure_ascii=False, separators=(",", ":"))
        write("sign", v["id"], bytes([lengths]) + tenant + lang + text.encode("utf-8"))
        write("error_printer", v["id"], bytes([len(v["id"]), 3]) + v["title"].encode("utf-8"))

    for name, number in [("zero", 0.0), ("negative_zero", -0.0), ("tenth", 0.1), ("e21", 1e21), ("e20", 1e20),
                         ("small", 1.5e-7), ("e-6", 1e-6), ("min_subnormal", 5e-324), ("max", 1.7976931348623157e308),
                         ("third", 1 / 3), ("big_integer", 123456789012345680000.0), ("inf", float("inf"))]:
        write("js_writer", name, struct.pack("<d", number))

    for name, text in [("hello", "JBSWY3DPEHPK3PXP"), ("padded", "MZXW6YQ="), ("one_byte", "MY======"),
                       ("empty", ""), ("lower", "mzxw6ytb"), ("surplus", "MZXQMZXQ========")]:
        write("base32", name, text)
    for name, text in [
        ("full", "otpauth://totp/Acme:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme&algorithm=SHA1&digits=6&period=30"),
        ("encoded_colon", "otpauth://totp/Acme%3Aalice?secret=JBSWY3DPEHPK3PXP&issuer=Acme"),
        ("no_issuer", "otpauth://totp/ops%3Aalice?secret=jbswy3dpehpk3pxp&digits=8"),
        ("bad_escape", "otpauth://totp/a%2?secret=JBSWY3DP"),
    ]:
        write("otpauth", name, text)
    write("codec", "constructs", '{"namespace":"ns","zh-CN":7,"note":null,"scores":[1.5,2,-0.0,1e21],"ratio":0.1,'
                                 '"children":[{"note":"x","children":[{"scores":null}],"pick":"p"}],"pick":[0.5]}')
    # fuzz_parse: answers without envelope (first byte 5 → HTTP 400, 6 → 401, 0x10 → 200 JSON).
    for name, status_byte, body in [
        ("oauth-token-set", 0x10, '{"access_token":"a.b.c","id_token":"d.e.f","expires_in":3600,"token_type":"Bearer"}'),
        ("oauth-refusal", 5, '{"error":"invalid_grant","error_description":"grant request is invalid"}'),
        ("oauth-invalid-token", 6, '{"error":"invalid_token"}'),
        ("oauth-introspection", 0x10, '{"active":true,"sub":"u1","client_id":"app","exp":1700000000}'),
        ("cas-yes", 0x10, "yes\nalice\n"),
        ("cas-json", 0x10, '{"serviceResponse":{"authenticationSuccess":{"user":"alice","attributes":{}}}}'),
    ]:
        write("parse", name, bytes([status_byte]) + body.encode("utf-8"))
    jose = json.loads((DATA / "jwt" / "jose.json").read_text(encoding="utf-8"))
    write("jwks", "jose", json.dumps(jose["jwks"]))
    for i, case in enumerate(c for c in jose["cases"] if len(c["token"]) < 4096):
        if i % 6 == 0:
            write("jwt", f"jose-{i:03}", case["token"])
    rfc_payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    write("jwt", "rfc7515-a3", "eyJhbGciOiJFUzI1NiJ9." + rfc_payload +
          ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q")
    write("jwks", "rfc7515", json.dumps({"keys": [
        {"kty": "EC", "crv": "P-256", "kid": "a3", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
         "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
        {"kty": "oct", "k": "c2VjcmV0"}, {"kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"}]}))
    print(f"wrote {sum(1 for _ in OUT.rglob('*') if _.is_file())} seeds under {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
