#!/usr/bin/env python3
"""Checks what a translation unit pulls in through the SDK's headers (the preprocessor's list of
files, `-M`): the core headers need neither Asio, Beast, OpenSSL nor libcurl; the async calls
need Asio but neither its SSL layer nor Beast; the Beast transport, with an async call, needs no
libcurl. Usage: include_graph.py COMPILER INCLUDE_DIR [-I...]"""
import subprocess
import sys

compiler, include, *extra = sys.argv[1:]

UNITS = {
    "genauth/genauth.hpp": ["boost/asio", "boost/beast", "openssl/", "curl/"],
    "genauth/engine/async.hpp": ["boost/asio/ssl", "boost/beast", "openssl/", "curl/"],
    "genauth/transport/beast.hpp": ["curl/"],
}

bad = 0
for header, banned in UNITS.items():
    source = f"#include <{header}>\n"
    deps = subprocess.run([compiler, "-std=c++20", f"-I{include}", *extra, "-M", "-x", "c++", "-"],
                          input=source, capture_output=True, text=True)
    if deps.returncode != 0:
        print(f"{header}: the preprocessor failed:\n{deps.stderr}")
        bad += 1
        continue
    files = deps.stdout.replace("\\\n", " ").split()
    found = sorted({b for b in banned for f in files if b in f})
    print(f"{header}: {len(files) - 2} files; none of {', '.join(banned)}" if not found else
          f"{header}: pulls in {', '.join(found)}")
    bad += bool(found)
sys.exit(1 if bad else 0)
