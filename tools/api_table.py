#!/usr/bin/env python3
"""The endpoint table (api/v3/table.json) from what was extracted from the official SDK
(api/v3/extracted.json), what the OpenAPI documents add (api/v3/openapi.json) and the hand
decisions (api/v3/overrides.json, each with its reason). Deterministic; writes JSON to stdout.

Per public method of both clients: its kind (regular: one request, one HTTP call, one answer, as
the upstream template writes it; irregular: written by that template but not that simple; or
hand-written), the reasons, verb, path, where each parameter goes under which wire key, the
request and answer types, the defaults the official SDK sends, idempotency and API group."""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API = ROOT / "api" / "v3"


def snake(name: str) -> str:
    """`getUserMfaInfo` -> `get_user_mfa_info`; `signInByAD` -> `sign_in_by_ad`."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()


def literal(text):
    if text is None:
        return None
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'`":
        return text[1:-1]
    return None


def parameters_of(method: dict, request: dict) -> tuple:
    """Where each parameter goes: (parameters, the body's DTO type or None)."""
    members = {}
    for p in method["parameters"]:
        for m in p.get("members", []):
            members[m["name"]] = dict(m, default=p.get("defaults", {}).get(m["name"]))
    out = []
    body_type = None
    for where, key in (("query", "params"), ("body", "data")):
        entries = request.get(key)
        if entries is None:
            continue
        if isinstance(entries, dict):  # one expression: the whole body is a DTO argument
            expression = entries["$expression"]
            for p in method["parameters"]:
                if p.get("text") == expression:
                    body_type = p.get("type")
            continue
        for wire_key, expression in entries:
            m = members.get(expression, {})
            out.append({"wire_key": wire_key, "in": where, "argument": expression, "type": m.get("type"),
                        "optional": m.get("optional", False), "default": m.get("default")})
    return out, body_type


def classify(method: dict, client: str) -> tuple:
    """(kind, reasons) of one method."""
    template_statements = 1 if client == "management" else 2
    requests = method["requests"]
    if len(requests) != 1 or method["statements"] != template_statements:
        return "hand-written", [f"{len(requests)} HTTP calls in {method['statements']} statements, not the template's one"]
    request = requests[0]
    verb, url = literal(request.get("method")), literal(request.get("url"))
    reasons = []
    if verb is None or url is None:
        return "hand-written", ["verb or path is computed"]
    if "{" in url:
        reasons.append("path template never filled in")
    if verb not in ("GET", "POST"):
        reasons.append(f"{verb}")
    if method.get("returns") in (None, "any"):
        reasons.append("answer typed any")
    if not url.startswith("/api/") and not url.startswith("/mfa/"):
        reasons.append("path outside /api")
    if method["parameters"] and request.get("params") is None and request.get("data") is None and "{" not in url:
        reasons.append("its arguments are never sent")
    return ("irregular" if reasons else "regular"), reasons


def placed(path: str, client: str) -> str:
    """The group overrides.json's path rules give an untagged method, or `ungrouped`."""
    for rule in json.loads((API / "overrides.json").read_text(encoding="utf-8"))["path_groups"]["rules"]:
        if rule["client"] in (client, "any") and re.search(rule["pattern"], path):
            return rule["group"]
    return "ungrouped"


def main() -> None:
    extracted = json.loads((API / "extracted.json").read_text(encoding="utf-8"))
    openapi = json.loads((API / "openapi.json").read_text(encoding="utf-8"))
    overrides = json.loads((API / "overrides.json").read_text(encoding="utf-8"))
    groups = overrides["groups"]
    methods = []
    for client in ("management", "authentication"):
        by_target = {(op["verb"], op["path"]): op for op in openapi[client]}
        for m in extracted[client]:
            kind, reasons = classify(m, client)
            entry = {"client": client, "name": m["name"], "cpp_name": snake(m["name"]), "kind": kind,
                     "reasons": reasons, "source_line": m["line"]}
            if kind != "hand-written":
                request = m["requests"][0]
                entry["verb"] = literal(request["method"])
                entry["path"] = literal(request["url"])
                entry["parameters"], entry["request_type"] = parameters_of(m, request)
                entry["answer_type"] = m.get("returns")
                op = by_target.get((entry["verb"], entry["path"]))
                tag = op["group"] if op else None
                entry["group"] = groups.get(tag, "ungrouped") if tag else placed(entry["path"], client)
                entry["group"] = overrides["methods"].get(f"{client}.{m['name']}", {}).get("group", entry["group"])
                entry["in_openapi"] = op is not None
                entry["path_parameters"] = op["path_parameters"] if op else []
                entry["form_body"] = bool(op) and "application/x-www-form-urlencoded" in op["body"]
                decided = overrides["idempotent"].get(f"{client}.{m['name']}")
                entry["idempotent"] = decided["value"] if decided else entry["verb"] == "GET"
            decision = overrides["methods"].get(f"{client}.{m['name']}", {})
            if "id" in decision:
                entry["decision"] = {"id": decision["id"], "reason": decision["reason"]}
            methods.append(entry)
    json.dump({"sdk": extracted["sdk"], "methods": methods}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
