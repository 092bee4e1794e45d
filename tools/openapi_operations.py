#!/usr/bin/env python3
"""What the endpoint table takes from the two public OpenAPI documents (management and
authentication, MIT; notice in api/v3/LICENSE.openapi): per operation its verb, path, operation
id, API group (the tag's first part), summary, path parameters and body media types. Writes JSON
to stdout. Usage: openapi_operations.py DIR (holding management-openapi.json and
authentication-openapi.json)."""

import json
import sys
from pathlib import Path


def operations(document: dict) -> list:
    out = []
    for path, item in sorted(document["paths"].items()):
        for verb, op in sorted(item.items()):
            if verb not in ("get", "post", "put", "delete", "patch"):
                continue
            tags = op.get("tags", [])
            out.append({
                "verb": verb.upper(),
                "path": path,
                "operation_id": op.get("operationId"),
                "group": tags[0].split("/")[0] if tags else None,
                "summary": op.get("summary"),
                "path_parameters": sorted(p["name"] for p in op.get("parameters", []) if p.get("in") == "path"),
                "body": sorted(op.get("requestBody", {}).get("content", {}).keys()),
                "hidden_from_sdk": bool(op.get("x-authing-hidden-from-sdk")),
            })
    return out


def main() -> None:
    folder = Path(sys.argv[1])
    result = {client: operations(json.loads((folder / f"{client}-openapi.json").read_text(encoding="utf-8")))
              for client in ("management", "authentication")}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
