#!/usr/bin/env python3
"""Every API group of the endpoint table, not only the ones the SDK ships generated, is declared and
instantiated without an error or a warning: tools/generate.py --every-group writes them all into a
build folder, and each client's groups are compiled with every endpoint explicitly instantiated
(-fsyntax-only: the compiler checks and instantiates, it emits no code).
Usage: every_group.py CXX OUT_DIR"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
cxx, out = sys.argv[1], Path(sys.argv[2])
subprocess.run([sys.executable, str(ROOT / "tools" / "generate.py"), "--every-group", str(out)], check=True)
compilers = []
for client in ("management", "authentication"):
    source = out / f"every_{client}_group.cpp"
    source.write_text(f"#include <genauth/{client}/api/all_src.hpp>\n", encoding="utf-8")
    compilers.append((client, subprocess.Popen(
        [cxx, "-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-DGENAUTH_SEPARATE_COMPILATION",
         f"-I{out / 'include'}", f"-I{ROOT / 'include'}", "-fsyntax-only", str(source)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
failed = False
for client, compiler in compilers:
    output = compiler.communicate()[0]
    if compiler.returncode != 0:
        failed = True
        print(f"the {client} groups do not compile:\n" + "\n".join(output.splitlines()[:60]))
    else:
        groups = len(list((out / "include" / "genauth" / client / "api").glob("*_src.hpp"))) - 1
        print(f"{client}: {groups} groups compile")
sys.exit(1 if failed else 0)
