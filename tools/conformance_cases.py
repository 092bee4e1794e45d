#!/usr/bin/env python3
"""Inputs for the conformance vectors: for every generated endpoint, three requests that walk its
types (every member; the required ones alone; a seeded mix), and more with every member until each
enum it holds has shown every value (MORE at most), with non-ASCII and escaped strings,
numbers near JavaScript's limits, every enum value across the set, nested arrays and null versus
absent. tools/conformance_vectors.mjs hands each to the official SDK and records what it sends.

Prints JSON: a list of cases, each with the endpoint (client, method, verb, path), `input` keyed by
wire key (what the C++ request is read from), `arguments` (what the official SDK's method is called
with) and `defaults` (the parameters the official SDK fills in when the caller leaves them out) and
`differs`, the ids of overrides.json's differences that apply."""

import json
import random
import sys
import zlib

from generate import Generator, literal_values, union_parts, unwrap

STRINGS = ["alice", "[x]{y}|^~", "名字 ünïcødé", 'quote " and back\\slash', "tab\tnew\nline", "emoji 😀 ✓",
           "a/b?c=d&e=%41+f g", "<script>&amp;</script>", "'single' `tick`", "x" * 70, "\u0001\u001f\u007f"]
INTEGERS = [0, 1, -7, 2147483647, 2147483648, 9007199254740991, -9007199254740991, 10]
FRACTIONS = [0.5, -1.25, 1e21, 1.5e-7, 123456.789, 0.30000000000000004, 1e-7, 2.5e+300, 3]
RAW = [{"k": [1, "x", None, True], "nested": {"deep": {"deeper": [[]]}}}, "text", 42, [1.5, {"a": "b"}], True]
# Members whose value the service reads as a one-time code: six digits, so the SDK's own checks
# (docs/differences.md, D-11) let the request through.
CODES = {"totp": "123456", "passCode": "654321"}
DEPTH = 4
MORE = 12  # at most this many cases beyond the three, for an endpoint's enums


class Cases:
    def __init__(self):
        self.generator = Generator()
        self.turn = {}  # per value set, which value comes next: every value appears across the set
        self.touched = set()  # the value sets the current endpoint's cases hold

    def pick_enum(self, values):
        key = tuple(values)
        self.touched.add(key)
        n = self.turn.get(key, 0)
        self.turn[key] = n + 1
        return values[n % len(values)]

    def value(self, ts, fraction, mode, rng, depth):
        """A value of TypeScript type `ts`; mode is "every", "required" or "mixed"."""
        ts = unwrap(ts or "any")
        parts = union_parts(ts)
        if len(parts) > 1:
            values = literal_values(ts)
            if values is not None:
                return self.pick_enum(values)
            if "null" in parts:
                if mode != "every" and rng.random() < 0.5:
                    return None
                return self.value(" | ".join(p for p in parts if p != "null"), fraction, mode, rng, depth)
            models = [p for p in parts if unwrap(p) in self.generator.types]
            if len(models) > 1:  # raw JSON in C++: any one of them will do
                return self.value(models[rng.randrange(len(models))], fraction, mode, rng, depth)
            return self.value(parts[0], fraction, mode, rng, depth)  # a variant is read in order
        if ts == "string":
            return rng.choice(STRINGS)
        if ts == "boolean":
            return rng.random() < 0.5
        if ts == "number":
            return rng.choice(FRACTIONS if fraction else INTEGERS)
        if ts == "any":
            return rng.choice(RAW)
        if ts.startswith("Array<") and ts.endswith(">"):
            count = {"every": 2, "required": 1, "mixed": rng.randrange(3)}[mode] if depth < DEPTH else 0
            return [self.value(ts[6:-1], fraction, mode, rng, depth + 1) for _ in range(count)]
        if "." in ts:
            owner, field = ts.split(".", 1)
            return self.pick_enum(self.generator.types[owner]["enums"][field])
        source = self.generator.types[ts]
        decided = self.generator.type_overrides.get(ts, {})
        return self.members(source["fields"], decided.get("fields", {}), decided.get("order"), mode, rng, depth + 1)

    def members(self, fields, decided, order, mode, rng, depth):
        if order:
            fields = sorted(fields, key=lambda f: order.index(f["name"]))
        out = {}
        for f in fields:
            d = decided.get(f["name"], {})
            optional = d.get("optional", f.get("optional", False))
            if optional and (depth > DEPTH or mode == "required" or (mode == "mixed" and rng.random() < 0.5)):
                continue
            if f["name"] in CODES and unwrap(d.get("type", f["type"])) == "string":
                out[f["name"]] = CODES[f["name"]]
                continue
            out[f["name"]] = self.value(d.get("type", f["type"]), d.get("fraction", False), mode, rng, depth)
        return out

    def case(self, client, method, parameters, decided, mode, differs):
        g = self.generator
        rng = random.Random(zlib.crc32(f"{client}.{method['name']}.{mode}".encode()))
        fill = mode if mode in ("required", "mixed") else "every"
        case = {"client": client, "method": method["name"], "case": mode, "verb": method["verb"],
                "path": method["path"]}
        if method.get("request_type"):
            source = g.types[method["request_type"]]
            case["input"] = self.members(source["fields"], decided.get("fields", {}), decided.get("order"), fill, rng, 1)
            case["arguments"] = case["input"]
        else:
            fields = [{"name": p["wire_key"], "type": p["type"], "optional": p["optional"]} for p in parameters]
            case["input"] = self.members(fields, decided.get("fields", {}), decided.get("order"), fill, rng, 1)
            by_key = {p["wire_key"]: p.get("argument", p["wire_key"]) for p in parameters}
            case["arguments"] = {by_key[k]: v for k, v in case["input"].items()}
            case["defaults"] = {p["wire_key"]: json.loads(p["default"]) for p in parameters
                                if p.get("default") is not None and p["wire_key"] not in case["input"]}
        path_keys = list(decided.get("path_parameters", {}))
        if path_keys:  # the official SDK leaves the template unfilled (D-12); the SDK takes them as members
            case["input"] = {**{k: rng.choice(STRINGS) for k in path_keys}, **case["input"]}
            case["arguments"] = case["input"]
        if "node_arguments" in decided:  # the official method takes positional arguments
            body = {k: v for k, v in case["input"].items() if k not in path_keys}
            case["positional"] = [body if a == "body" else case["input"].get(a) for a in decided["node_arguments"]]
        named = [differs[f"{client}.{method['name']}"]] if f"{client}.{method['name']}" in differs else []
        if case.get("defaults"):
            named.append("D-10")
        if client == "management" and method["verb"] == "GET" and parameters and not case["input"] \
                and not case.get("defaults"):  # only the management API signs
            named.append("D-2")
        if method["verb"] == "GET" and any(v == [] for v in case["input"].values()):
            named.append("D-3")  # an empty array: the official SDK signs it and sends nothing
        if named:
            case["differs"] = named
        return case

    def cases(self):
        g = self.generator
        differs = {m: i for i, d in g.differences.items() if isinstance(d["methods"], list) for m in d["methods"]}
        out = []
        for group in g.groups():
            for method in g.methods(group.client, group.name):
                decided = g.method_overrides.get(f"{group.client}.{method['name']}", {})
                parameters = decided.get("parameters", method.get("parameters", []))
                self.touched = set()
                for mode in ("every", "required", "mixed"):
                    out.append(self.case(group.client, method, parameters, decided, mode, differs))
                # More cases with every member, until each enum the endpoint holds has shown every value.
                for n in range(1, MORE + 1):
                    if all(self.turn[k] >= len(k) for k in self.touched):
                        break
                    out.append(self.case(group.client, method, parameters, decided, f"enum-{n}", differs))
        return out


if __name__ == "__main__":
    json.dump(Cases().cases(), sys.stdout, ensure_ascii=False)
