#!/usr/bin/env python3
"""tests/data/conformance.json was recorded for the inputs tools/conformance_cases.py makes from
today's table: a table change without tools/conformance_vectors.sh fails here, without Node."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from conformance_cases import Cases  # noqa: E402

recorded = json.loads((ROOT / "tests" / "data" / "conformance.json").read_text(encoding="utf-8"))["cases"]
wanted = Cases().cases()
keys = ("client", "method", "case", "verb", "path", "input", "defaults", "differs")
stale = [f"{w['client']}.{w['method']} ({w['case']})" for w, r in zip(wanted, recorded)
         if any(w.get(k) != r.get(k) for k in keys) or r.get("arguments", w["input"]) != w["arguments"]]
if len(wanted) != len(recorded) or stale:
    print(f"{len(recorded)} cases recorded, {len(wanted)} wanted; differing: {', '.join(stale[:10]) or 'none'}")
    print("tests/data/conformance.json is stale: run tools/conformance_vectors.sh")
    sys.exit(1)
print(f"the {len(recorded)} conformance cases are current")
