#!/usr/bin/env python3
"""The endpoint table (api/v3/) holds: regenerating it from what was extracted gives the committed
file byte for byte (a hand edit or a stale table fails, with the diff); it lists every public
method of both official clients, each irregular or hand-written one with its reasons; every hand
decision names a method, type or field that exists and gives its reason; and the MFA endpoints the SDK declares agree with it
(verb, path, idempotency)."""

import difflib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
API = ROOT / "api" / "v3"
failures = []


def check(condition: bool, what: str) -> None:
    if not condition:
        failures.append(what)


def declared_endpoints() -> list:
    """(verb, path, idempotent) of every endpoint declared in the MFA headers."""
    out = []
    for header in ("management/api/mfa.hpp", "authentication/api/mfa.hpp"):
        text = (ROOT / "include" / "genauth" / header).read_text(encoding="utf-8")
        for body in re.findall(r"struct \w+ \{(.*?)\n\};", text, re.S):
            path = re.search(r'path = "([^"]+)"', body)
            if path:
                verb = re.search(r"http_method::(\w+)", body).group(1).upper()
                idempotent = re.search(r"idempotent = (\w+)", body)
                out.append((verb, path.group(1), bool(idempotent) and idempotent.group(1) == "true"))
    return out


committed = (API / "table.json").read_text(encoding="utf-8")
fresh = subprocess.run([sys.executable, str(ROOT / "tools" / "api_table.py")], check=True, capture_output=True,
                       text=True, encoding="utf-8").stdout
if fresh != committed:
    diff = difflib.unified_diff(committed.splitlines(), fresh.splitlines(), "api/v3/table.json (committed)",
                                "tools/api_table.py (now)", lineterm="", n=1)
    failures.append("the table is stale or was edited by hand:\n" + "\n".join(list(diff)[:60]))

table = json.loads(committed)["methods"]
count = lambda **kv: sum(all(m.get(k) == v for k, v in kv.items()) for m in table)  # noqa: E731
check(count(client="management") == 499, "499 management methods")
check(count(client="authentication") == 153, "153 authentication methods")
check(count(kind="regular") == 593, f"593 regular methods, not {count(kind='regular')}")
for m in table:
    check(m["kind"] in ("regular", "irregular", "hand-written"), f"{m['name']}: kind {m['kind']}")
    check((m["kind"] == "regular") == (not m["reasons"]), f"{m['client']}.{m['name']}: reasons iff not regular")
    check(re.fullmatch(r"[a-z][a-z0-9_]*", m["cpp_name"]) is not None, f"{m['name']}: C++ name {m['cpp_name']}")

overrides = json.loads((API / "overrides.json").read_text(encoding="utf-8"))
names = {f"{m['client']}.{m['name']}" for m in table}
for key, decision in overrides["idempotent"].items():
    check(key in names, f"overrides idempotent: {key} is no method")
    check(bool(decision.get("reason")), f"overrides idempotent: {key} has no reason")
# A departure from the official SDK or the documents carries its reason beside it.
for key, decision in overrides["methods"].items():
    check(key in names, f"overrides methods: {key} is no method")
    default_request = next((m["cpp_name"] + "_request" for m in table if f"{m['client']}.{m['name']}" == key), None)
    check(decision.get("request", default_request) == default_request or bool(decision.get("request_reason")),
          f"overrides methods: {key}: a request named otherwise than its method without request_reason")
    if "written_in" in decision:
        check((ROOT / "include" / decision["written_in"]).is_file(), f"overrides methods: {key}: no {decision['written_in']}")
    for field, reason in (("id", "reason"), ("group", "group_reason"), ("order", "order_reason"), ("written_in", "reason")):
        check(field not in decision or bool(decision.get(reason)), f"overrides methods: {key}: {field} without {reason}")
# A difference from the official SDK's requests has a reason, names existing methods and is
# explained under its id in docs/differences.md.
differences_page = (ROOT / "docs" / "differences.md").read_text(encoding="utf-8")
for key, difference in overrides["differences"].items():
    check(bool(difference.get("reason")), f"overrides differences: {key} has no reason")
    check(f"**{key}: " in differences_page, f"overrides differences: {key} is not explained in docs/differences.md")
    for method in difference["methods"] if isinstance(difference["methods"], list) else []:
        check(method in names, f"overrides differences: {key}: {method} is no method")
extracted_types = json.loads((API / "extracted.json").read_text(encoding="utf-8"))["types"]
for name, decision in overrides["types"].items():
    check(name in extracted_types, f"overrides types: {name} is no type of the official SDK")
    check("header" not in decision or bool(decision.get("reason")), f"overrides types: {name} is written by hand without reason")
    known = {f["name"] for f in extracted_types.get(name, {}).get("fields", [])}
    for field, d in decision.get("fields", {}).items():
        check(field in known, f"overrides types: {name}.{field} is no field")
        check(not ({"type", "optional", "large", "fraction"} & set(d)) or bool(d.get("reason")), f"overrides types: {name}.{field} has no reason")
for tag, group in overrides["groups"].items():
    check(re.fullmatch(r"[a-z][a-z0-9_]*", group) is not None, f"group {tag} -> {group}")

for verb, path, idempotent in declared_endpoints():
    rows = [m for m in table if m.get("verb") == verb and m.get("path") == path]
    check(len(rows) == 1, f"{verb} {path}: {len(rows)} rows in the table")
    if len(rows) == 1:
        check(rows[0]["idempotent"] == idempotent,
              f"{verb} {path}: idempotent {idempotent} in C++, {rows[0]['idempotent']} in the table")
check(len(declared_endpoints()) == 20, "the 20 MFA endpoints are declared")

for f in failures:
    print("FAILED:", f)
if failures:
    sys.exit(1)
print(f"api table: {len(table)} methods, {count(kind='regular')} regular; the 20 MFA declarations agree")
