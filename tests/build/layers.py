#!/usr/bin/env python3
"""Checks that every header under include/genauth includes only its own folder and lower layers
(docs/architecture.md): crypto, core, json, the generated shared types (api), protocol and signing,
engine, the clients, then the transports. Prints each include that goes up or sideways; fails if there is one."""
import pathlib
import re
import sys

RANK = {
    "version.hpp": 0, "config.hpp": 0.5,
    "crypto": 1,
    "core": 2,
    "json": 3, "otp": 3,
    "factor_type.hpp": 3.5, "api": 3.7,
    "protocol": 4, "signing": 4, "jwt": 4, "jwt.hpp": 4.5,
    "engine": 5,
    "management": 6, "authentication": 6,
    "transport": 7, "testkit": 7,
    "genauth.hpp": 8, "management.hpp": 8.5, "authentication.hpp": 8.5, "core_src.hpp": 9, "src.hpp": 9.5,
}

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "include") / "genauth"
include = re.compile(r'^\s*#\s*include\s*<genauth/([^>]+)>', re.M)
bad = []
for header in sorted(root.rglob("*.hpp")):
    own = header.relative_to(root).parts[0]
    if own not in RANK:
        bad.append(f"{header}: {own} has no layer")
        continue
    for target in include.findall(header.read_text()):
        theirs = target.split("/")[0]
        if theirs == own:
            continue
        if theirs not in RANK:
            bad.append(f"{header}: includes {target}, which has no layer")
        elif RANK[theirs] >= RANK[own]:
            bad.append(f"{header}: {own} includes {target}, a layer not below it")
for line in bad:
    print(line)
print(f"{len(bad)} include(s) against the layering")
sys.exit(1 if bad else 0)
